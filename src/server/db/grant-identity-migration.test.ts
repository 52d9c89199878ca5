// Migration 0008 on a database that already holds duplicate active grants: the duplicates are
// revoked (the widest window, then the oldest, is kept) and the unique index then refuses a new
// one — on SQLite, and on PostgreSQL when DATABASE_URL is set (`npm run test:pg`).
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { ScopedPostgresDialect } from './scoped-postgres-dialect.ts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProvider } from './migrations.ts';

const SCHEMA = `t_grant_identity_${process.pid}`;
let db: Kysely<any>;
let migrator: Migrator;
beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}`);
    await client.end();
    db = new Kysely({ dialect: new ScopedPostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2, options: `-c search_path=${SCHEMA}` }) }) });
  } else {
    db = new Kysely({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  }
  migrator = new Migrator({ db, provider: migrationProvider, ...(url ? { migrationTableSchema: SCHEMA } : {}) });
});
afterAll(async () => {
  if (process.env.DATABASE_URL) await sql`DROP SCHEMA IF EXISTS ${sql.id(SCHEMA)} CASCADE`.execute(db);
  await db.destroy();
});

const row = (id: string, over: Record<string, unknown> = {}) => ({
  id, issuer: 'https://idp.example', subject: 'zoe', entitlement: 'e', kind: 'purchase', not_before: 100, not_after: null, created_at: 100, revoked_at: null, ...over,
});

describe('migration 0008_entitlement_grant_identity', () => {
  it('revokes existing duplicates, keeps one per identity, then enforces it', async () => {
    const before = await migrator.migrateTo('0007_journey_events');
    expect(before.error).toBeUndefined();
    await db.insertInto('entitlement_grants').values([
      row('a-oldest'), row('b-dup', { created_at: 200 }), row('c-dup', { created_at: 300 }),
      row('d-revoked', { revoked_at: 150 }),
      // Same end (1000), another start: the earlier start covers the later one's window.
      row('e-late-start', { not_before: 500, not_after: 1000, created_at: 100 }), row('f-early-start', { not_before: 50, not_after: 1000, created_at: 400 }),
      row('g-other-kind', { kind: 'subscription' }),
    ]).execute();
    const after = await migrator.migrateToLatest();
    expect(after.error).toBeUndefined();
    const active = await db.selectFrom('entitlement_grants').select('id').where('revoked_at', 'is', null).orderBy('id').execute();
    expect(active.map((r) => r.id)).toEqual(['a-oldest', 'f-early-start', 'g-other-kind']);
    const revoked = await db.selectFrom('entitlement_grants').select(['id', 'revoked_at']).where('id', '=', 'd-revoked').executeTakeFirstOrThrow();
    expect(Number(revoked.revoked_at)).toBe(150);
    // NULL not_after is part of the identity too (indexed as -1, not "distinct").
    await expect(db.insertInto('entitlement_grants').values(row('h-new-dup', { not_before: 999 })).execute()).rejects.toThrow(/unique|UNIQUE/);
    await db.insertInto('entitlement_grants').values(row('i-revoked-dup', { revoked_at: 1 })).execute();
  });
});
