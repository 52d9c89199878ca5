// The server-to-server MVPD client under load, through the whole system: identical
// concurrent questions cost the MVPD one call (counted at the simulator), and a down MVPD
// trips its breaker — `retry` Denies at once with `breaker: open` in the trace, one probe
// after the cool-down — while another MVPD's decisions go on unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientToken, mvpdLogin, passHeaders, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';
import { MVPD_STATS_PATH } from '../mvpd/mvpd-app.ts';

let sys: TestSystem;
let token: string;
let adminAuth: string;
const SKY = ['sf-sky-device-0001', 'sf-sky-device-0002', 'sf-sky-device-0003'];
const HARBOR = ['sf-harb-device-001', 'sf-harb-device-002'];

beforeAll(async () => {
  sys = await startTestSystem(
    testConfig((raw) => {
      const harbor = raw.mvpds.find((m: { id: string }) => m.id === 'Harbor');
      harbor.breaker = { failureThreshold: 3, coolDownSeconds: 1 };
    }),
  );
  token = await clientToken(sys);
  const { clientId, clientSecret } = sys.config.mvpdSimulator;
  adminAuth = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  for (const d of SKY) await mvpdLogin(sys, passHeaders(token, d), 'Skyline', 'sky-sports');
  for (const d of HARBOR) await mvpdLogin(sys, passHeaders(token, d), 'Harbor', 'harbor-basic');
});
afterAll(() => sys.dispose());

const setMode = (mvpd: string, body: object) => sys.mvpd!.inject({ method: 'PUT', url: `/admin/modes/${mvpd}`, headers: { authorization: adminAuth }, payload: body });
const calls = async (mvpd: string): Promise<number> => (await sys.mvpd!.inject({ url: MVPD_STATS_PATH, headers: { authorization: adminAuth } })).json().authorizeCalls[mvpd] ?? 0;

async function authorize(mvpd: string, device: string, resource: string) {
  const started = performance.now();
  const res = await sys.app.inject({ method: 'POST', url: `/api/v2/PLAYGATE/decisions/authorize/${mvpd}`, headers: passHeaders(token, device), payload: { resources: [resource] } });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json();
  return { decision: body.decisions[0], trace: body.trace[0], ms: performance.now() - started };
}

describe('single flight', () => {
  it('20 concurrent identical questions (same MVPD, subscriber, resource) reach the MVPD once', async () => {
    // Slow enough that all 20 are in flight together.
    await setMode('Skyline', { mode: 'slow', slowMs: 150 });
    const before = await calls('Skyline');
    const results = await Promise.all(Array.from({ length: 20 }, () => authorize('Skyline', SKY[0]!, 'sports-one')));
    await setMode('Skyline', { mode: 'normal' });
    expect(results.every((r) => r.decision.authorized === true)).toBe(true);
    expect((await calls('Skyline')) - before).toBe(1);
  });

  it('different questions are not merged: another resource is its own call', async () => {
    await setMode('Skyline', { mode: 'slow', slowMs: 100 });
    const before = await calls('Skyline');
    const results = await Promise.all([authorize('Skyline', SKY[1]!, 'sports-one'), authorize('Skyline', SKY[1]!, 'late-movie')]);
    await setMode('Skyline', { mode: 'normal' });
    expect(results.map((r) => r.decision.authorized)).toEqual([true, true]);
    expect((await calls('Skyline')) - before).toBe(2);
  });
});

describe('circuit breaker: Harbor down under load', () => {
  it('opens after 3 failures, refuses at once with breaker: open, and Skyline decisions go on unaffected', async () => {
    // Baseline Skyline latency (cached answers) with nothing failing.
    await authorize('Skyline', SKY[2]!, 'news-24');
    const baseline = await Promise.all(Array.from({ length: 30 }, () => authorize('Skyline', SKY[2]!, 'news-24')));
    await setMode('Harbor', { mode: 'down' });
    const before = await calls('Harbor');
    // Both Harbor devices are one subscriber: three resources are three distinct questions.
    const resources = ['news-24', 'late-movie', 'sports-one'];
    const harbor: Array<Awaited<ReturnType<typeof authorize>>> = [];
    const sky: Array<Awaited<ReturnType<typeof authorize>>> = [];
    let wavesWithProbe = 0;
    let afterFirstWave = 0;
    for (let wave = 0; wave < 5; wave++) {
      const h = Array.from({ length: 20 }, (_, i) => authorize('Harbor', HARBOR[i % 2]!, resources[i % 3]!));
      const s = Array.from({ length: 30 }, () => authorize('Skyline', SKY[2]!, 'news-24'));
      const answered = await Promise.all(h);
      if (wave > 0 && answered.some((r) => r.trace.mvpd?.breaker === 'probe')) wavesWithProbe++;
      harbor.push(...answered);
      sky.push(...(await Promise.all(s)));
      if (wave === 0) afterFirstWave = await calls('Harbor');
    }
    // The first wave asked until 3 failures opened the breaker: its 3 distinct questions, once
    // each when their identical copies arrive together (single flight), more when a slow store
    // (PostgreSQL in CI) lets a copy arrive after its question already failed. Every later call
    // was a probe: the waves can outlast the 1 s cool-down, so a later wave may carry one (one
    // call, shared by its identical questions, failing and reopening the breaker).
    expect(afterFirstWave - before).toBeGreaterThanOrEqual(3);
    expect(afterFirstWave - before).toBeLessThanOrEqual(20);
    expect((await calls('Harbor')) - afterFirstWave).toBe(wavesWithProbe);
    expect(harbor.every((r) => r.decision.authorized === false && r.decision.error.action === 'retry')).toBe(true);
    const refused = harbor.slice(20).filter((r) => r.trace.mvpd?.breaker === 'open');
    expect(refused.length).toBeGreaterThanOrEqual(80 - wavesWithProbe * 7);
    expect(wavesWithProbe).toBeLessThanOrEqual(2);
    expect(refused[0]!.decision.error.code).toBe('network_received_error');
    expect(refused[0]!.trace.mvpd.latencyMs).toBe(0);
    // Skyline: every decision still a Permit, and not slower for Harbor's trouble.
    expect(sky.every((r) => r.decision.authorized === true)).toBe(true);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(sky.map((r) => r.ms))).toBeLessThan(median(baseline.map((r) => r.ms)) * 3 + 25);
  });

  it('after the cool-down one probe goes through; Harbor back up closes the breaker', async () => {
    await setMode('Harbor', { mode: 'normal' });
    await new Promise((r) => setTimeout(r, 1100));
    const before = await calls('Harbor');
    const probe = await authorize('Harbor', HARBOR[0]!, 'sports-one');
    expect(probe.trace.mvpd).toMatchObject({ answer: 'Deny', breaker: 'probe' });
    const next = await authorize('Harbor', HARBOR[1]!, 'news-24');
    expect(next.decision.authorized).toBe(true);
    expect(next.trace.mvpd.breaker).toBeUndefined();
    expect((await calls('Harbor')) - before).toBe(2);
  });
});
