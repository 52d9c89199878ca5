// The conformance check behind a balancer: two instances on one database (one SQLite file;
// with DATABASE_URL also one PostgreSQL schema) see one client's calls as one. Each rule is
// broken by a client whose calls alternate between the instances, with the shared state
// synced between them; without a sync the second instance knows nothing (the control).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { clientToken, mvpdLogin, passHeaders, startTestSystem, testConfig, type TestSystem } from '../../test-support/test-system.ts';
import { monitoringOf } from '../install-monitoring.ts';
import { CONFORMANCE_RULE_NAMES, type ConformanceRule } from './conformance-rules.ts';

const ADMIN = { authorization: 'Bearer playgate-admin-dev-token' };
const targets: Array<[string, (dir: string) => object]> = [['one SQLite file', (dir) => ({ file: join(dir, 'shared.sqlite') })]];
if (process.env.DATABASE_URL) targets.push(['one PostgreSQL schema', () => ({ url: process.env.DATABASE_URL, schema: `t_conf_${process.pid}_${Date.now() % 100000}` })]);

describe.each(targets)('conformance across two instances on %s', (_name, database) => {
  let a: TestSystem;
  let b: TestSystem;
  const dir = mkdtempSync(join(tmpdir(), 'playgate-conformance-'));
  const db = database(dir);
  const check = (sys: TestSystem) => monitoringOf(sys.app)!.conformance;

  beforeAll(async () => {
    a = await startTestSystem(testConfig((raw) => (raw.database = db)));
    b = await startTestSystem(testConfig((raw) => (raw.database = db)));
    // No background syncs: this test says when the instances exchange their state.
    await check(a).shared.stop();
    await check(b).shared.stop();
  });
  afterAll(async () => {
    await b.dispose();
    await a.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Each instance writes its changes and reads the other's (A again: B's writes land after A's first look). */
  const sync = async () => {
    await check(a).shared.sync();
    await check(b).shared.sync();
    await check(a).shared.sync();
  };
  const pass = (sys: TestSystem, method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) => sys.app.inject({ method, url: `/api/v2/PLAYGATE${url}`, headers, ...(payload ? { payload } : {}) });
  const authorize = (sys: TestSystem, headers: Record<string, string>, resource: string, kind = 'authorize') => pass(sys, 'POST', `/decisions/${kind}/Skyline`, headers, { resources: [resource] });
  const rulesOf = async (token: string): Promise<ConformanceRule[]> => {
    await check(a).flush();
    await check(b).flush();
    const res = await a.app.inject({ method: 'GET', url: `/playgate/v1/conformance/${decodeJwt(token).client_id as string}`, headers: ADMIN });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().warnings as Array<{ rule: ConformanceRule }>).map((w) => w.rule).sort();
  };

  it('without a sync, the second instance knows nothing of the first one’s calls', async () => {
    const token = await clientToken(a);
    const headers = passHeaders(token, 'device-shared-ctl1');
    const { session } = await mvpdLogin(a, headers, 'Skyline', 'sky-basic');
    await pass(a, 'GET', `/profiles/code/${session.code}`, headers);
    await pass(b, 'GET', `/profiles/code/${session.code}`, headers);
    expect((await authorize(a, headers, 'news-24')).statusCode).toBe(200);
    await pass(b, 'GET', '/configuration', headers);
    expect(await rulesOf(token)).toEqual([]);
  });

  it('sees each broken rule when the calls alternate between the instances', async () => {
    const token = await clientToken(a);
    const on = (device: string) => passHeaders(token, device);
    const { session } = await mvpdLogin(a, on('device-shared-001'), 'Skyline', 'sky-basic');
    for (const d of ['device-shared-002', 'device-shared-003']) await mvpdLogin(a, on(d), 'Skyline', 'sky-basic');

    // Polling profiles/code: once on A, again at once on B.
    await pass(a, 'GET', `/profiles/code/${session.code}`, on('device-shared-001'));
    await sync();
    await pass(b, 'GET', `/profiles/code/${session.code}`, on('device-shared-001'));
    // The same code followed from another device, on B after A.
    await pass(b, 'GET', `/profiles/code/${session.code}`, on('device-shared-009'));
    // Preauthorize on A, authorize on B.
    await authorize(a, on('device-shared-002'), 'news-24', 'preauthorize');
    await sync();
    expect((await authorize(b, on('device-shared-002'), 'news-24')).statusCode).toBe(200);
    // Authorized on A (a profile), configuration on B.
    expect((await authorize(a, on('device-shared-003'), 'news-24')).statusCode).toBe(200);
    await sync();
    await pass(b, 'GET', '/configuration', on('device-shared-003'));
    // A Deny on A, the automatic logout on B.
    expect((await authorize(a, on('device-shared-003'), 'sports-one')).json().decisions[0].authorized).toBe(false);
    await sync();
    await pass(b, 'GET', '/logout/Skyline?redirectUrl=http%3A%2F%2Flocalhost%3A8080%2F', on('device-shared-003'));
    // A failed call: twice on A, three more times on B.
    for (const sys of [a, a, b, b, b]) {
      expect((await authorize(sys, on('device-shared-004'), 'news-24')).statusCode).toBeGreaterThanOrEqual(400);
      await sync();
    }
    // A new registration on each visit from one device, the visits landing on A, B, A.
    const visits = [token, await clientToken(a), await clientToken(b)];
    for (const [i, t] of visits.entries()) {
      await pass(i === 1 ? b : a, 'GET', '/profiles', passHeaders(t, 'device-shared-005'));
      await sync();
    }

    const rules = new Set([...(await rulesOf(token)), ...(await rulesOf(visits[2]!))]);
    expect([...rules].sort()).toEqual([...CONFORMANCE_RULE_NAMES].sort());
    expect(await rulesOf(visits[2]!)).toEqual(['client_registered_per_visit']);
  });

  it('keeps one row per key in the database, the newest observation winning', async () => {
    const rows = await a.ctx.db.selectFrom('conformance_state').select(['key', 'at', 'instance']).execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    // Both instances wrote some of them.
    expect(new Set(rows.map((r) => r.instance)).size).toBe(2);
    expect(rows.every((r) => r.key.length <= 1000)).toBe(true);
  });
});
