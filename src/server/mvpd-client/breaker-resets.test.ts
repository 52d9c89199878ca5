// QA's breaker reset reaches every instance: two app instances on one database (one SQLite
// file and, with DATABASE_URL, one PostgreSQL schema). Instance B's breaker for Harbor is
// opened (threshold 1, a 10-minute cool-down) and stays open after B's MVPD recovers; A's
// "back to normal" closes it on B within B's 2 s poll, with no call to B.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeResource, clientToken, mvpdLogin, passHeaders, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';
import { MVPD_MODES_PATH } from '../mvpd/mvpd-app.ts';
import { BreakerResets } from './breaker-resets.ts';

const ADMIN = { authorization: 'Bearer playgate-admin-dev-token' };
const targets: Array<[string, (shared: string) => object]> = [['one SQLite file', (dir) => ({ file: join(dir, 'shared.sqlite') })]];
if (process.env.DATABASE_URL) targets.push(['one PostgreSQL schema', () => ({ url: process.env.DATABASE_URL, schema: `t_breaker_${process.pid}_${Date.now() % 100000}` })]);

describe.each(targets)('a breaker reset on two instances on %s', (_name, database) => {
  let a: TestSystem;
  let b: TestSystem;
  const shared = mkdtempSync(join(tmpdir(), 'playgate-breaker-'));
  const db = database(shared);
  const config = () =>
    testConfig((raw) => {
      raw.database = db;
      raw.mvpds.find((m: { id: string }) => m.id === 'Harbor').breaker = { failureThreshold: 1, coolDownSeconds: 600 };
    });

  beforeAll(async () => {
    a = await startTestSystem(config());
    b = await startTestSystem(config());
  });
  afterAll(async () => {
    await b.dispose();
    await a.dispose();
    rmSync(shared, { recursive: true, force: true });
  });

  /** B's own MVPD simulator, switched directly (not through B's QA API, which would reset B's breaker itself). */
  const simulatorOfB = async (mode: 'down' | 'normal') => {
    const { clientId, clientSecret } = b.config.mvpdSimulator;
    const res = await b.mvpd!.inject({
      method: 'PUT',
      url: `${MVPD_MODES_PATH}/Harbor`,
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      payload: { mode },
    });
    expect(res.statusCode).toBe(200);
  };

  it("A's back-to-normal closes B's open breaker within B's poll", async () => {
    const headers = passHeaders(await clientToken(b), 'breaker-two-inst-01');
    await mvpdLogin(b, headers, 'Harbor', 'harbor-basic');
    await simulatorOfB('down');
    expect((await authorizeResource(b, headers, 'Harbor', 'news-24')).decision.error.action).toBe('retry');
    expect(b.ctx.mvpdGateway.breaker(b.config.mvpds.find((m) => m.id === 'Harbor')!).state).toBe('open');
    // B's MVPD answers again, but B's breaker stays open for its cool-down: still a retry Deny.
    await simulatorOfB('normal');
    await new Promise((r) => setTimeout(r, 2500));
    const still = await authorizeResource(b, headers, 'Harbor', 'news-24');
    expect(still.decision.authorized).toBe(false);
    expect(still.decision.error.action).toBe('retry');

    // QA resets Harbor on A: B's breaker closes without any call to B.
    const started = Date.now();
    expect((await a.app.inject({ method: 'PUT', url: '/admin/qa/mvpd-modes/Harbor', headers: ADMIN, payload: { mode: 'normal' } })).statusCode).toBe(200);
    await expect.poll(async () => (await authorizeResource(b, headers, 'Harbor', 'news-24')).decision.authorized, { timeout: 6000, interval: 250 }).toBe(true);
    expect(Date.now() - started).toBeLessThan(4000);
  });
});

describe('BreakerResets', () => {
  it('forgets on a new value only, and not for resets made before it started', async () => {
    const sys = await startTestSystem();
    try {
      const forgotten: string[] = [];
      await new BreakerResets(sys.ctx.db, () => undefined, 60_000).reset('Harbor', 1000);
      const watcher = new BreakerResets(sys.ctx.db, (m) => forgotten.push(m), 60_000);
      await watcher.start();
      await watcher.poll();
      expect(forgotten).toEqual([]);
      const other = new BreakerResets(sys.ctx.db, () => undefined, 60_000);
      // An earlier clock on the other instance still counts: compared for change, not order.
      await other.reset('Harbor', 500);
      await other.reset('Skyline', 2000);
      await watcher.poll();
      expect(forgotten.sort()).toEqual(['Harbor', 'Skyline']);
      await watcher.poll();
      expect(forgotten).toHaveLength(2);
      watcher.stop();
    } finally {
      await sys.dispose();
    }
  });
});
