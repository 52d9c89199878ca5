// Concurrency Monitoring API v2 over HTTP (inject): Basic auth with the application id,
// start → 202 Location/Expires, heartbeat, end (202, then 410), 409 rule-violation with
// termination codes, X-Terminate eviction → 410 remote-termination, block strategy, expiry
// (410, no body), running streams, metadata and its 400 obligation, throttling (429 with
// Expires), racing starts, and a second app instance on the same database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { expectErrorBody, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
let other: FastifyInstance;
const basic = (appId: string) => `Basic ${Buffer.from(`${appId}:`).toString('base64')}`;
const WEB = basic('playgate-web');
const TV = basic('living-room-tv');

beforeAll(async () => {
  sys = await startTestSystem(
    testConfig((raw) => {
      raw.concurrency = {
        applications: [
          { id: 'playgate-web', name: 'Playgate web', policy: 'family' },
          { id: 'living-room-tv', name: 'Living room TV app', policy: 'family' },
          { id: 'kiosk', name: 'Kiosk', policy: 'solo' },
        ],
        policies: [
          {
            name: 'family',
            rules: [
              { name: '2 per account', per: 'subject', maxStreams: 2, strategy: 'stop-old', idps: ['MetroFiber'] },
              { name: '1 per device', per: 'deviceId', maxStreams: 1, strategy: 'block', idps: ['Skyline'], message: 'One stream per device' },
            ],
          },
          { name: 'solo', rules: [{ name: '1 per account', per: 'subject', maxStreams: 1, strategy: 'block' }] },
        ],
        sessionTimeoutSeconds: 2,
        requestsPerMinute: 20,
      };
    }),
  );
  // A second API instance on the same database: nothing the CM API needs lives in memory.
  other = await buildApp(sys.ctx, { softwareStatement: sys.softwareStatement, spaDir: null });
});
afterAll(async () => {
  await other.close();
  await sys.dispose();
});

const start = (subject: string, metadata: Record<string, string>, opts: { auth?: string; idp?: string; terminate?: string; app?: FastifyInstance } = {}) =>
  (opts.app ?? sys.app).inject({
    method: 'POST',
    url: `/cm/v2/sessions/${opts.idp ?? 'MetroFiber'}/${subject}`,
    headers: { authorization: opts.auth ?? WEB, 'content-type': 'application/x-www-form-urlencoded', ...(opts.terminate ? { 'x-terminate': opts.terminate } : {}) },
    payload: new URLSearchParams(metadata).toString(),
  });
const heartbeat = (subject: string, session: string, opts: { idp?: string; app?: FastifyInstance; auth?: string } = {}) =>
  (opts.app ?? sys.app).inject({ method: 'POST', url: `/cm/v2/sessions/${opts.idp ?? 'MetroFiber'}/${subject}/${session}`, headers: { authorization: opts.auth ?? WEB } });
const end = (subject: string, session: string, idp = 'MetroFiber') => sys.app.inject({ method: 'DELETE', url: `/cm/v2/sessions/${idp}/${subject}/${session}`, headers: { authorization: WEB } });
const running = (subject: string, idp = 'MetroFiber', app = sys.app) => app.inject({ method: 'GET', url: `/cm/v2/runningStreams/${idp}/${subject}`, headers: { authorization: WEB } });
const device = (n: number, extra: Record<string, string> = {}) => ({ deviceId: `dev-${n}`, deviceName: `Device ${n}`, ...extra });

describe('authentication and input', () => {
  it('needs HTTP Basic with a known application id (401 error body with WWW-Authenticate)', async () => {
    const none = await sys.app.inject({ method: 'GET', url: '/cm/v2/metadata' });
    expectErrorBody(none, { status: 401, code: 'cm_unknown_application', action: 'configuration' });
    expect(none.headers['www-authenticate']).toContain('Basic');
    expectErrorBody(await start('acct-auth', device(1), { auth: basic('nobody') }), { status: 401, code: 'cm_unknown_application' });
    expectErrorBody(await start('acct-auth', device(1), { auth: 'Bearer x' }), { status: 401, code: 'cm_unknown_application' });
  });

  it('malformed input is a 4xx error body, never a 5xx', async () => {
    expectErrorBody(await heartbeat('acct-bad', 'not-a-uuid'), { status: 400, code: 'invalid_request' });
    expectErrorBody(await start('acct-bad', { deviceId: 'x'.repeat(257) }), { status: 400, code: 'invalid_request' });
    expectErrorBody(await sys.app.inject({ method: 'POST', url: '/cm/v2/sessions/MetroFiber/acct-bad', headers: { authorization: WEB, 'content-type': 'application/json' }, payload: '[1]' }), { status: 400, code: 'invalid_request' });
    expectErrorBody(await start('acct-bad', { deviceId: 'a\u0001b' }), { status: 400, code: 'invalid_request' });
  });

  it('GET /metadata lists what the policy needs; a start without it is 400 with the refresh-metadata obligation', async () => {
    const md = await sys.app.inject({ method: 'GET', url: '/cm/v2/metadata', headers: { authorization: WEB } });
    expect(md.json()).toEqual(['deviceId']);
    expect((await sys.app.inject({ method: 'GET', url: '/cm/v2/metadata', headers: { authorization: basic('kiosk') } })).json()).toEqual([]);
    const res = await start('acct-md', { deviceName: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ associatedAdvice: [], obligations: { namespace: 'adobe.primetime.cm', action: 'refresh', arguments: ['metadata'] } });
  });
});

describe('session lifecycle', () => {
  it('start → 202 Location + Expires; heartbeat → 202; end → 202, then 410; running streams follow', async () => {
    const before = Date.now();
    const res = await start('acct-life', device(1, { channel: 'news-24' }), { app: other });
    expect(res.statusCode).toBe(202);
    expect(res.body).toBe('');
    expect(res.headers['cache-control']).toBe('no-store');
    const session = String(res.headers.location);
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
    const expires = Date.parse(String(res.headers.expires));
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 2000);

    // The heartbeat lands on the other instance.
    const hb = await heartbeat('acct-life', session);
    expect(hb.statusCode).toBe(202);
    expect(Date.parse(String(hb.headers.expires))).toBeGreaterThan(0);

    const list = await running('acct-life');
    expect(list.json()).toEqual({
      runningStreams: [{ sessionId: session, startTime: expect.any(Number), applicationId: 'playgate-web', applicationName: 'Playgate web', terminationCode: expect.stringMatching(/^[0-9a-f]{8}$/), metadata: { deviceId: 'dev-1', deviceName: 'Device 1', channel: 'news-24' } }],
      otherStreams: 0,
    });
    expect(list.headers.expires).toBeDefined();

    // Another account, another idp, another application: not its session.
    expect((await heartbeat('acct-other', session)).statusCode).toBe(410);
    expect((await heartbeat('acct-life', session, { idp: 'Skyline' })).statusCode).toBe(410);
    expect((await heartbeat('acct-life', session, { auth: basic('kiosk') })).statusCode).toBe(410);

    expect((await end('acct-life', session)).statusCode).toBe(202);
    const again = await end('acct-life', session);
    expect(again.statusCode).toBe(410);
    expect(again.body).toBe('');
    const gone = await heartbeat('acct-life', session);
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toBe('');
    const empty = await running('acct-life');
    expect(empty.json()).toEqual({ runningStreams: [], otherStreams: 0 });
    expect(empty.headers.expires).toBeUndefined();
  });

  it('a session without heartbeats expires: 410 with no body, and it no longer counts', async () => {
    const first = String((await start('acct-exp', device(1))).headers.location);
    const second = await start('acct-exp', device(2));
    expect(second.statusCode).toBe(202);
    // Wait out the 2 s timeout, keeping the second alive.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await heartbeat('acct-exp', String(second.headers.location))).statusCode).toBe(202);
    await new Promise((r) => setTimeout(r, 1100));
    const res = await heartbeat('acct-exp', first);
    expect(res.statusCode).toBe(410);
    expect(res.body).toBe('');
    expect((await start('acct-exp', device(3))).statusCode).toBe(202);
  });
});

describe('limits', () => {
  it('stop-old: a third stream is 409 naming the policy, rule, threshold and the two streams; X-Terminate evicts one; its heartbeat is 410 remote-termination', async () => {
    const a = await start('acct-409', device(1, { channel: 'news-24' }));
    const b = await start('acct-409', device(2), { auth: TV });
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    // A heartbeat of the first pushes its expiry past the second's: the 409 still lists by start.
    expect((await heartbeat('acct-409', String(a.headers.location))).statusCode).toBe(202);

    const c = await start('acct-409', device(3, { deviceName: 'Phone' }), { app: other });
    expect(c.statusCode).toBe(409);
    const [advice, ...more] = c.json().associatedAdvice;
    expect(more).toEqual([]);
    expect(advice).toMatchObject({ type: 'rule-violation', policyName: 'family', ruleName: '2 per account', threshold: 2, message: 'Number of active streams exceeded' });
    const conflicts = advice.conflicts['acct-409'];
    expect(conflicts).toHaveLength(2);
    expect(conflicts[0]).toMatchObject({ deviceName: 'Device 1', channel: 'news-24', applicationName: 'Playgate web', terminationCode: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(conflicts[1]).toMatchObject({ deviceName: 'Device 2', channel: 'Unknown', applicationName: 'Living room TV app' });
    expect(new Date(conflicts[0].startedAt).toISOString()).toBe(conflicts[0].startedAt);
    expect(JSON.stringify(c.json())).not.toContain(String(a.headers.location));

    // A wrong code changes nothing.
    expect((await start('acct-409', device(3), { terminate: 'deadbeef' })).statusCode).toBe(409);

    const evict = await start('acct-409', device(3, { deviceName: 'Phone' }), { terminate: conflicts[0].terminationCode });
    expect(evict.statusCode).toBe(202);
    const kicked = await heartbeat('acct-409', String(a.headers.location), { app: other });
    expect(kicked.statusCode).toBe(410);
    expect(kicked.json()).toEqual({
      associatedAdvice: [{ type: 'remote-termination', message: 'This session was terminated by a remote user', terminator: { channel: 'Unknown', startedAt: expect.any(String), deviceName: 'Phone', applicationName: 'Playgate web' } }],
      obligations: [],
    });
    expect((await end('acct-409', String(a.headers.location))).statusCode).toBe(410);
    const streams = (await running('acct-409')).json().runningStreams;
    expect(streams.map((s: { metadata: { deviceId: string } }) => s.metadata.deviceId)).toEqual(['dev-2', 'dev-3']);
    expect(streams[1].metadata.superseded).toBe(conflicts[0].terminationCode);
    expect((await heartbeat('acct-409', String(b.headers.location), { auth: TV })).statusCode).toBe(202);
  });

  it('block: over the limit is 409 without termination codes, and X-Terminate does not get through', async () => {
    const a = await start('acct-blk', device(7), { idp: 'Skyline' });
    expect(a.statusCode).toBe(202);
    const code = (await running('acct-blk', 'Skyline')).json().runningStreams[0].terminationCode;
    const b = await start('acct-blk', device(7), { idp: 'Skyline', terminate: code });
    expect(b.statusCode).toBe(409);
    expect(b.json().associatedAdvice[0]).toMatchObject({ ruleName: '1 per device', message: 'One stream per device', threshold: 1 });
    expect(b.json().associatedAdvice[0].conflicts['dev-7'][0].terminationCode).toBeUndefined();
    // Another device of the same account is fine (the Skyline rule is per device), and the MetroFiber rule does not apply.
    expect((await start('acct-blk', device(8), { idp: 'Skyline' })).statusCode).toBe(202);
    expect((await start('acct-blk', device(9), { idp: 'Skyline' })).statusCode).toBe(202);
  });

  it('applications under another policy do not count against each other', async () => {
    const kiosk = basic('kiosk');
    expect((await start('acct-pol', {}, { auth: kiosk })).statusCode).toBe(202);
    expect((await start('acct-pol', {}, { auth: kiosk })).statusCode).toBe(409);
    expect((await start('acct-pol', device(1))).statusCode).toBe(202);
  });

  it('racing starts never overshoot the limit', async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => start('acct-race', device(n), { app: n % 2 ? sys.app : other })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([202, 202, 409, 409, 409]);
    expect((await running('acct-race')).json().runningStreams).toHaveLength(2);
  });
});

describe('throttling', () => {
  it('more than the limit per subject in a minute: 429 with no body and Expires about a minute on', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await start('acct-throttle', device(i))).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 202 || c === 409)).toBe(true);
    expect(codes[20]).toBe(429);
    const res = await start('acct-throttle', device(99));
    expect(res.statusCode).toBe(429);
    expect(res.body).toBe('');
    const expires = Date.parse(String(res.headers.expires));
    expect(expires - Date.now()).toBeGreaterThan(50_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(61_000);
  });

  it('per session: heartbeats beyond the limit are 429', async () => {
    const session = String((await start('acct-hb-throttle', device(1))).headers.location);
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await heartbeat('acct-hb-throttle', session)).statusCode);
    expect(codes.slice(0, 20)).toEqual(Array(20).fill(202));
    expect(codes[20]).toBe(429);
    expect((await end('acct-hb-throttle', session)).statusCode).toBe(429);
  });
});
