// MVPD faults through the simulator's knobs: a slow MVPD is answered with a `retry` Deny
// within its timeout (not cached, other MVPDs unaffected), a down one with
// `network_received_error`; the knob endpoint itself needs the simulator's credentials.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientToken, mvpdLogin, passHeaders, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';

const HARBOR_TIMEOUT_MS = 300;
const SLOW_MS = 3000;
const HARBOR_DEVICE = 'device-fault-harb-01';
/** Another Harbor profile whose decisions nothing else caches. */
const HARBOR_DEVICE_2 = 'device-fault-harb-02';
const SKYLINE_DEVICE = 'device-fault-sky-001';

let sys: TestSystem;
let token: string;
let adminAuth: string;
beforeAll(async () => {
  sys = await startTestSystem(
    testConfig((raw) => {
      const harbor = raw.mvpds.find((m: { id: string }) => m.id === 'Harbor');
      harbor.authorizationTimeoutMs = HARBOR_TIMEOUT_MS;
      // These tests are about each single fault; the breaker has its own (mvpd-breaker.test.ts).
      harbor.breaker = { failureThreshold: 1000 };
    }),
  );
  token = await clientToken(sys);
  const { clientId, clientSecret } = sys.config.mvpdSimulator;
  adminAuth = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  await mvpdLogin(sys, passHeaders(token, HARBOR_DEVICE), 'Harbor', 'harbor-basic');
  await mvpdLogin(sys, passHeaders(token, HARBOR_DEVICE_2), 'Harbor', 'harbor-basic');
  await mvpdLogin(sys, passHeaders(token, SKYLINE_DEVICE), 'Skyline', 'sky-basic');
});
afterAll(() => sys.dispose());
afterEach(async () => {
  await setMode('Harbor', { mode: 'normal' });
});

function setMode(mvpd: string, body: object, authorization: string | null = adminAuth) {
  return sys.mvpd!.inject({ method: 'PUT', url: `/admin/modes/${mvpd}`, headers: authorization ? { authorization } : {}, payload: body });
}

async function authorize(mvpd: string, device: string, resource = 'news-24') {
  const started = performance.now();
  const res = await sys.app.inject({ method: 'POST', url: `/api/v2/PLAYGATE/decisions/authorize/${mvpd}`, headers: passHeaders(token, device), payload: { resources: [resource] } });
  const elapsedMs = performance.now() - started;
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json();
  return { decision: body.decisions[0], trace: body.trace[0], elapsedMs, res };
}

describe('Harbor slow (3 s) with a 300 ms authorization timeout', () => {
  it('answers 200 with an item error network_connection_timeout, action retry, well within the slow time', async () => {
    expect((await setMode('Harbor', { mode: 'slow', slowMs: SLOW_MS })).json()).toMatchObject({ mode: 'slow', slowMs: SLOW_MS });
    const { decision, trace, elapsedMs, res } = await authorize('Harbor', HARBOR_DEVICE);
    expect(decision.authorized).toBe(false);
    expect(decision.token).toBeUndefined();
    expect(decision.error).toMatchObject({ code: 'network_connection_timeout', status: 403, action: 'retry', trace: res.headers['x-trace-id'] });
    expect(trace).toMatchObject({ cache: 'miss', mvpd: { answer: 'Timeout' } });
    // Bounded by the timeout, not by the MVPD (a behaviour bound, not a benchmark).
    expect(elapsedMs).toBeGreaterThanOrEqual(HARBOR_TIMEOUT_MS - 20);
    expect(elapsedMs).toBeLessThan(2000);
  });

  it('does not cache the timeout: once Harbor is back to normal, the next call Permits', async () => {
    await setMode('Harbor', { mode: 'slow', slowMs: SLOW_MS });
    const slow = await authorize('Harbor', HARBOR_DEVICE, 'late-movie');
    expect(slow.decision.error.code).toBe('network_connection_timeout');
    await setMode('Harbor', { mode: 'normal' });
    const normal = await authorize('Harbor', HARBOR_DEVICE, 'late-movie');
    expect(normal.decision.authorized).toBe(true);
    expect(normal.trace.cache).toBe('miss');
    expect(normal.decision.token.serializedToken.split('.')).toHaveLength(3);
  });

  it('does not hold up another MVPD: a Skyline authorize on another device Permits meanwhile, and finishes first', async () => {
    await setMode('Harbor', { mode: 'slow', slowMs: SLOW_MS });
    const order: string[] = [];
    const harbor = authorize('Harbor', HARBOR_DEVICE, 'sports-one').then((r) => (order.push('Harbor'), r));
    const skyline = authorize('Skyline', SKYLINE_DEVICE, 'news-24').then((r) => (order.push('Skyline'), r));
    const [h, s] = await Promise.all([harbor, skyline]);
    expect(s.decision.authorized).toBe(true);
    expect(h.decision.error.code).toBe('network_connection_timeout');
    expect(order).toEqual(['Skyline', 'Harbor']);
  });

  it('preauthorize: every resource gets its own retry Deny, still within the bound', async () => {
    await setMode('Harbor', { mode: 'slow', slowMs: SLOW_MS });
    const started = performance.now();
    const res = await sys.app.inject({
      method: 'POST',
      url: '/api/v2/PLAYGATE/decisions/preauthorize/Harbor',
      headers: passHeaders(token, HARBOR_DEVICE_2),
      payload: { resources: ['news-24', 'late-movie', 'sports-one'] },
    });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(res.statusCode).toBe(200);
    const { decisions } = res.json();
    expect(decisions).toHaveLength(3);
    for (const d of decisions) expect(d.error).toMatchObject({ code: 'network_connection_timeout', action: 'retry' });
  });
});

describe('Harbor down', () => {
  it('answers network_received_error with action retry, and does not cache it', async () => {
    expect((await setMode('Harbor', { mode: 'down' })).statusCode).toBe(200);
    const down = await authorize('Harbor', HARBOR_DEVICE, 'news-24');
    expect(down.decision.authorized).toBe(false);
    expect(down.decision.error).toMatchObject({ code: 'network_received_error', status: 403, action: 'retry' });
    expect(down.trace).toMatchObject({ cache: 'miss', mvpd: { answer: 'Error' } });
    // Still down: asked again (a miss), not served from the cache.
    expect((await authorize('Harbor', HARBOR_DEVICE, 'news-24')).trace.cache).toBe('miss');

    await setMode('Harbor', { mode: 'normal' });
    const back = await authorize('Harbor', HARBOR_DEVICE, 'news-24');
    expect(back.decision.authorized).toBe(true);
  });

  it('other MVPDs carry on', async () => {
    await setMode('Harbor', { mode: 'down' });
    const { decision } = await authorize('Skyline', SKYLINE_DEVICE, 'late-movie');
    expect(decision.authorized).toBe(true);
  });
});

describe('the knob endpoint (PUT /admin/modes/{mvpd})', () => {
  it.each([
    ['no Authorization', undefined],
    ['a wrong secret', () => `Basic ${Buffer.from(`${sys.config.mvpdSimulator.clientId}:wrong-secret-wrong-secret`).toString('base64')}`],
    ['another client id', () => `Basic ${Buffer.from(`someone:${sys.config.mvpdSimulator.clientSecret}`).toString('base64')}`],
    ['a Bearer token', () => `Bearer ${token}`],
  ] as Array<[string, (() => string) | undefined]>)('refuses %s with 401 and changes nothing', async (_label, make) => {
    const res = await setMode('Harbor', { mode: 'down' }, make ? make() : null);
    expect(res.statusCode).toBe(401);
    const modes = await sys.mvpd!.inject({ url: '/admin/modes', headers: { authorization: adminAuth } });
    expect(modes.json().Harbor.mode).toBe('normal');
    expect((await authorize('Harbor', HARBOR_DEVICE, 'news-24')).decision.authorized).toBe(true);
  });

  it('refuses GET /admin/modes without credentials: 401', async () => {
    expect((await sys.mvpd!.inject({ url: '/admin/modes' })).statusCode).toBe(401);
  });

  it('answers an unknown MVPD with 404', async () => {
    expect((await setMode('Nope', { mode: 'down' })).statusCode).toBe(404);
  });

  it('refuses an unknown mode with 400', async () => {
    expect((await setMode('Harbor', { mode: 'exploding' })).statusCode).toBe(400);
  });
});
