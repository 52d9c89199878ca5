// The two hot profile reads stay indexed point reads on SQLite whatever the statistics say:
// after an ANALYZE (an operator's, on its own connection) on a store where most profiles are
// device-only (NULL SSO identity), refreshSqliteStatistics drops the per-value samples that
// made every call re-plan, and the plans that remain still use the indexes — the SSO one is
// partial (migration 0009), so the NULL rows do not make its statistics look useless.
import SQLite from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotRows, openDatabase, refreshSqliteStatistics, sqliteStatement, type Db } from '../db/database.ts';
import { PROFILE_READS } from './profile-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'playgate-plan-'));
const file = join(dir, 'playgate.sqlite');
let db: Db;
const now = Date.now();

beforeAll(async () => {
  db = await openDatabase({ kind: 'sqlite', file });
  const other = new SQLite(file);
  const insert = other.prepare(
    `insert into profiles (id, requestor, mvpd, device_id, sso_issuer, sso_subject, issuer, upstream_user_id, attributes, auth_code, not_before, not_after, created_at)
     values (?, 'PG', ?, ?, ?, ?, 'https://idp', 'u', '{}', ?, ?, ?, ?)`,
  );
  other.transaction(() => {
    for (let i = 0; i < 5000; i++) insert.run(`p${i}`, 'Metro', `dev-${i}`, null, null, `c${i}`, now, now + 3_600_000, now);
    insert.run('alice-1', 'Skyline', 'dev-alice', 'https://idp', 'alice', 'c-alice', now, now + 3_600_000, now);
  })();
  other.exec('analyze');
  other.close();
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const samples = () => (sqliteStatement(db, 'select count(*) as n from sqlite_stat4')!.get() as { n: number }).n;
const plan = (sql: string, params: unknown[]) =>
  (sqliteStatement(db, `explain query plan ${sql}`)!.all(...params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');

describe('hot profile reads on SQLite', () => {
  it('drops the ANALYZE samples and forgets statements prepared with them', () => {
    const before = sqliteStatement(db, PROFILE_READS.own(false));
    expect(samples()).toBeGreaterThan(0);
    refreshSqliteStatistics(db, { optimize: false });
    expect(samples()).toBe(0);
    expect(sqliteStatement(db, PROFILE_READS.own(false))).not.toBe(before);
    // A maintenance tick (PRAGMA optimize included) leaves none either.
    refreshSqliteStatistics(db);
    expect(samples()).toBe(0);
  });

  it('keeps both reads on their indexes with the remaining statistics', () => {
    refreshSqliteStatistics(db);
    const stats = sqliteStatement(db, "select stat from sqlite_stat1 where idx = 'profiles_sso'")!.get() as { stat: string };
    expect(stats.stat.split(' ')[0]).toBe('1'); // only the SSO row is in the partial index
    for (const byMvpd of [false, true]) {
      const extra = byMvpd ? ['Skyline'] : [];
      expect(plan(PROFILE_READS.own(byMvpd), ['PG', 'dev-alice', now, ...extra])).toMatch(/USING INDEX profiles_device/);
      expect(plan(PROFILE_READS.shared(byMvpd), ['PG', 'https://idp', 'alice', now, ...extra])).toMatch(/USING INDEX profiles_sso/);
      expect(hotRows<{ id: string }>(db, PROFILE_READS.shared(byMvpd), ['PG', 'https://idp', 'alice', now, ...extra])).toEqual([expect.objectContaining({ id: 'alice-1' })]);
    }
  });
});
