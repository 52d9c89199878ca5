// The hot reads stay right while another instance migrates the schema under them (a rolling
// deploy): on PostgreSQL they are named prepared statements, which a `select *` would break
// ("cached plan must not change result type") once a column is added — so they name their
// columns. On SQLite, and on PostgreSQL when DATABASE_URL is set (`npm run test:pg`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './database.ts';
import { DecisionCache } from '../pass/decision-cache.ts';
import { ProfileStore } from '../pass/profile-store.ts';

const SCHEMA = `t_hot_reads_${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'playgate-hot-'));
let db: Db;
let other: Db;
beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  db = await openDatabase(url ? { kind: 'postgres', url, schema: SCHEMA } : { kind: 'sqlite', file: join(dir, 'hot.sqlite') });
  // The "other instance": its own connections to the same store.
  other = await openDatabase(url ? { kind: 'postgres', url, schema: SCHEMA } : { kind: 'sqlite', file: join(dir, 'hot.sqlite') });
});
afterAll(async () => {
  if (process.env.DATABASE_URL) await sql`drop schema if exists ${sql.id(SCHEMA)} cascade`.execute(db);
  await other.destroy();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('hot reads across a schema change', () => {
  it('a profile and a cached decision read before and after another connection adds columns', async () => {
    const profiles = new ProfileStore(db);
    const saved = await profiles.save({ requestor: 'PG', mvpd: 'Skyline', deviceId: 'dev-1', ssoIssuer: 'https://idp', ssoSubject: 'zoe', issuer: 'Skyline', upstreamUserId: 'u1', attributes: { userID: 'x' }, authCode: 'c1', notBefore: 0, notAfter: Date.now() + 60_000 });
    const cache = new DecisionCache(db);
    await cache.put(saved.id, 'news-24', { decision: 'Permit', source: 'mvpd', trace: { rule: 'mvpd' } }, 60_000);
    const lookup = { requestor: 'PG', deviceId: 'dev-1', sso: { iss: 'https://idp', sub: 'zoe' } };
    // Several reads: every pooled connection that serves one prepares the statements.
    for (let i = 0; i < 5; i++) {
      expect((await profiles.findLive(lookup)).map((p) => p.profile.id)).toEqual([saved.id]);
      expect((await cache.get(saved.id, 'news-24'))?.decision).toBe('Permit');
    }
    await sql`alter table profiles add column added_later text`.execute(other);
    await sql`alter table decision_cache add column added_later text`.execute(other);
    for (let i = 0; i < 5; i++) {
      const [found] = await profiles.findLive(lookup);
      expect(found?.profile).toMatchObject({ id: saved.id, attributes: { userID: 'x' } });
      expect(found?.type).toBe('regular');
      expect((await cache.get(saved.id, 'news-24'))?.decision).toBe('Permit');
    }
  });
});
