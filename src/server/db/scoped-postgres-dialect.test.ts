// Kysely's introspection (which its Migrator uses to find its own tables) sees only the
// connection's own store: on PostgreSQL never another deployment's or test file's schema
// (the stock introspector read every schema's tables and failed when one was dropped
// meanwhile), so migrating keeps working while another schema is dropped and re-created.
// On SQLite, and on PostgreSQL when DATABASE_URL is set (`npm run test:pg`), where the
// other schema exists.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from './database.ts';

const url = process.env.DATABASE_URL;
const OURS = `t_scoped_ours_${process.pid}`;
const THEIRS = `t_scoped_theirs_${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'playgate-scoped-'));
let db: Db;

/** Drops and re-creates the other schema with a table (PostgreSQL). */
const recreateTheirs = (i: number) =>
  sql`drop schema if exists ${sql.id(THEIRS)} cascade; create schema ${sql.id(THEIRS)}; create table ${sql.id(THEIRS)}.${sql.id(`t${i}`)} (id serial); create table ${sql.id(THEIRS)}.kysely_migration (name text)`.execute(db);

beforeAll(async () => {
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists ${OURS} cascade`);
    await client.end();
  }
  db = await openDatabase(url ? { kind: 'postgres', url, schema: OURS } : { kind: 'sqlite', file: join(dir, 'scoped.sqlite') });
  if (url) await recreateTheirs(0);
});
afterAll(async () => {
  if (url) {
    await sql`drop schema if exists ${sql.id(OURS)} cascade`.execute(db);
    await sql`drop schema if exists ${sql.id(THEIRS)} cascade`.execute(db);
  }
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('introspection scoped to the store', () => {
  it("lists the store's own tables and none of another schema's", async () => {
    const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['profiles', 'decisions_audit', 'kysely_migration']));
    if (url) expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([OURS]));
    expect(tables.map((t) => t.name)).not.toContain('t0');
  });

  it('migrates again and again while another schema is dropped and re-created under it', async () => {
    const churn = url
      ? (async () => {
          for (let i = 1; i <= 20; i++) await recreateTheirs(i);
        })()
      : Promise.resolve();
    for (let i = 0; i < 20; i++) await migrate(db, url ? OURS : undefined);
    await churn;
    expect((await db.selectFrom('kysely_migration' as never).select(sql`count(*)`.as('n')).executeTakeFirstOrThrow()) as { n: unknown }).toBeTruthy();
  });
});
