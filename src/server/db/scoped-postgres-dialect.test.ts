// Kysely's introspection (which its Migrator uses to find its own tables) sees only the
// connection's schema, never another deployment's or test file's: the stock introspector
// read every schema's tables and failed when one was dropped meanwhile. PostgreSQL only
// (`npm run test:pg`); SQLite files have no schemas to share.
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from './database.ts';

const url = process.env.DATABASE_URL;
const OURS = `t_scoped_ours_${process.pid}`;
const THEIRS = `t_scoped_theirs_${process.pid}`;
let db: Db;

describe.runIf(url)('schema-scoped introspection on PostgreSQL', () => {
  beforeAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists ${THEIRS} cascade; create schema ${THEIRS}; create table ${THEIRS}.someone_elses (id int); create table ${THEIRS}.kysely_migration (name text)`);
    await client.end();
    db = await openDatabase({ kind: 'postgres', url: url!, schema: OURS });
  });
  afterAll(async () => {
    await sql`drop schema if exists ${sql.id(OURS)} cascade`.execute(db);
    await sql`drop schema if exists ${sql.id(THEIRS)} cascade`.execute(db);
    await db.destroy();
  });

  it("lists this schema's tables and none of another's", async () => {
    const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
    expect(tables.length).toBeGreaterThan(10);
    expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([OURS]));
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['profiles', 'decisions_audit', 'kysely_migration']));
  });

  it('migrates again while another schema is dropped and re-created under it', async () => {
    const churn = (async () => {
      for (let i = 0; i < 20; i++) await sql`drop schema if exists ${sql.id(THEIRS)} cascade; create schema ${sql.raw(THEIRS)}; create table ${sql.raw(THEIRS)}.t${sql.raw(String(i))} (id serial)`.execute(db);
    })();
    for (let i = 0; i < 20; i++) await migrate(db, OURS);
    await churn;
  });
});
