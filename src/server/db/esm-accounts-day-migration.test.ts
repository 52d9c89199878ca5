// Migration 0019 on a database whose roll-up already ran: the day accounts are back-filled
// from the hour rows, and every whole hour and day the watermark had passed gets its counts
// (per requestor and MVPD and across them), none for the bucket the watermark is inside —
// on SQLite, and on PostgreSQL when DATABASE_URL is set (`npm run test:pg`).
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { ScopedPostgresDialect } from './scoped-postgres-dialect.ts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProvider } from './migrations.ts';

const BEFORE = '0014_temp_passes';
const MIGRATION = '0019_esm_accounts_day';
const SCHEMA = `t_accounts_day_${process.pid}`;
const H = 3600_000;
const D = 24 * H;
const DAY0 = 20_000 * D;
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

describe(`migration ${MIGRATION}`, () => {
  it('back-fills the day accounts and the counts of the buckets the roll-up passed', async () => {
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const rows = [
      // Day 0: alice in two hours on Skyline, bob once on Harbor.
      { bucket: DAY0 + 3 * H, requestor: 'PLAYGATE', mvpd: 'Skyline', account: 'alice' },
      { bucket: DAY0 + 5 * H, requestor: 'PLAYGATE', mvpd: 'Skyline', account: 'alice' },
      { bucket: DAY0 + 5 * H, requestor: 'PLAYGATE', mvpd: 'Harbor', account: 'bob' },
      // Day 1, before the watermark (10:30): alice on Harbor at 02:00; carol in the hour the watermark is inside.
      { bucket: DAY0 + D + 2 * H, requestor: 'PLAYGATE', mvpd: 'Harbor', account: 'alice' },
      { bucket: DAY0 + D + 10 * H, requestor: 'PLAYGATE', mvpd: 'Skyline', account: 'carol' },
    ];
    await db.insertInto('esm_accounts').values(rows).execute();
    await db.insertInto('esm_watermarks').values({ source: 'audit', upto: DAY0 + D + 10 * H + 30 * 60_000 }).execute();
    expect((await migrator.migrateTo(MIGRATION)).error).toBeUndefined();

    const days = await db.selectFrom('esm_accounts_day').select(['bucket', 'mvpd', 'account']).orderBy('bucket').orderBy('mvpd').orderBy('account').execute();
    expect(days.map((r) => [Number(r.bucket), r.mvpd, r.account])).toEqual([
      [DAY0, 'Harbor', 'bob'],
      [DAY0, 'Skyline', 'alice'],
      [DAY0 + D, 'Harbor', 'alice'],
      [DAY0 + D, 'Skyline', 'carol'],
    ]);
    const count = async (grain: string, bucket: number, requestor: string, mvpd: string) =>
      (await db.selectFrom('esm_accounts_counts').select('n').where('grain', '=', grain).where('bucket', '=', bucket).where('requestor', '=', requestor).where('mvpd', '=', mvpd).executeTakeFirst())?.n;
    expect(Number(await count('day', DAY0, '*', '*'))).toBe(2);
    expect(Number(await count('day', DAY0, 'PLAYGATE', 'Skyline'))).toBe(1);
    expect(Number(await count('hour', DAY0 + 5 * H, '*', '*'))).toBe(2);
    expect(Number(await count('hour', DAY0 + 5 * H, '*', 'Harbor'))).toBe(1);
    expect(Number(await count('hour', DAY0 + D + 2 * H, 'PLAYGATE', '*'))).toBe(1);
    // The day and the hour the watermark is inside are counted later, by the roll-up.
    expect(await count('day', DAY0 + D, '*', '*')).toBeUndefined();
    expect(await count('hour', DAY0 + D + 10 * H, '*', '*')).toBeUndefined();
  });
});
