// The QA admin API through app.inject on the whole system: each control changes what the
// real Pass API answers next, bad input is a 4xx in the error format, and without the admin
// token or in production mode nothing happens.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authorizeResource, clientToken, expectErrorBody, idpSignIn, mvpdLogin, passHeaders, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';

const ADMIN = { authorization: 'Bearer playgate-admin-dev-token' };
let sys: TestSystem;
let client: string;

beforeAll(async () => {
  sys = await startTestSystem(
    testConfig((raw) => {
      // Breaker opens at once: the reset to normal must close it.
      raw.mvpds.find((m: { id: string }) => m.id === 'Harbor').breaker = { failureThreshold: 1, coolDownSeconds: 600 };
    }),
  );
  client = await clientToken(sys);
});
afterAll(() => sys.dispose());

const qa = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers: Record<string, string> = ADMIN) =>
  sys.app.inject({ method, url: `/admin/qa${url}`, headers, ...(payload ? { payload } : {}) });

const authorizeRaw = (headers: Record<string, string>, mvpd: string, resource: string) =>
  sys.app.inject({ method: 'POST', url: `/api/v2/PLAYGATE/decisions/authorize/${mvpd}`, headers, payload: { resources: [resource] } });

describe('MVPD modes', () => {
  it('switches the simulator without its credentials and says what a viewer will see', async () => {
    const slow = await qa('PUT', '/mvpd-modes/Harbor', { mode: 'slow', slowMs: 2500 });
    expect(slow.statusCode).toBe(200);
    expect(slow.json()).toMatchObject({ id: 'Harbor', mode: 'slow', slowMs: 2500, timeoutMs: 2000, effect: 'times out' });
    expect((await qa('PUT', '/mvpd-modes/Harbor', { mode: 'slow', slowMs: 500 })).json().effect).toBe('answers late');
    // The simulator itself holds the mode (not a copy in Playgate).
    const { clientId, clientSecret } = sys.config.mvpdSimulator;
    const sim = await sys.mvpd!.inject({ url: '/admin/modes', headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` } });
    expect(sim.json().Harbor).toEqual({ mode: 'slow', slowMs: 500, homeNetwork: null });
    const list = (await qa('GET', '/mvpd-modes')).json().mvpds;
    expect(list.map((m: { id: string }) => m.id)).toEqual(sys.config.mvpds.map((m) => m.id));
    await qa('POST', '/mvpd-modes/reset');
  });

  it('down → a retry Deny; back to normal → a Permit at once (the breaker is closed again)', async () => {
    const headers = passHeaders(client, 'qa-harbor-dev-01');
    await mvpdLogin(sys, headers, 'Harbor', 'harbor-basic');
    await qa('PUT', '/mvpd-modes/Harbor', { mode: 'down' });
    const down = await authorizeResource(sys, headers, 'Harbor', 'news-24');
    expect(down.decision.authorized).toBe(false);
    expect(down.decision.error.action).toBe('retry');
    const reset = await qa('POST', '/mvpd-modes/reset');
    expect(reset.json().mvpds.every((m: { mode: string }) => m.mode === 'normal')).toBe(true);
    expect((await authorizeResource(sys, headers, 'Harbor', 'news-24')).decision.authorized).toBe(true);
  });

  it('refuses an unknown MVPD and a bad body in the error format', async () => {
    expectErrorBody(await qa('PUT', '/mvpd-modes/Nowhere', { mode: 'down' }), { status: 400, code: 'invalid_parameter_mvpd' });
    expectErrorBody(await qa('PUT', '/mvpd-modes/Harbor', { mode: 'broken' }), { status: 400, code: 'invalid_request' });
    expectErrorBody(await qa('PUT', '/mvpd-modes/Harbor', { mode: 'slow', slowMs: -1 }), { status: 400, code: 'invalid_request' });
  });
});

describe('viewer state', () => {
  it("reset: the viewer's profiles, cached decisions and extra grants go; the demo grants come back", async () => {
    const carol = (await idpSignIn(sys, 'carol')).accessToken;
    const headers = passHeaders(client, 'qa-carol-dev-01', carol);
    await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
    expect((await authorizeResource(sys, headers, 'Skyline', 'news-24')).decision.authorized).toBe(true);
    const grant = await sys.app.inject({ method: 'POST', url: '/admin/entitlements', headers: ADMIN, payload: { subject: 'carol', entitlement: 'premium', kind: 'subscription' } });
    expect(grant.statusCode).toBe(201);

    const res = await qa('POST', '/viewers/reset', { subject: 'carol' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ profiles: 1, decisions: 1, grantsRevoked: 2, grantsRestored: 1 });
    const profiles = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(client, 'qa-carol-dev-02', carol) });
    expect(profiles.json().profiles).toEqual({});
    const grants = (await sys.app.inject({ url: '/admin/entitlements?subject=carol', headers: ADMIN })).json().grants;
    expect(grants.filter((g: { revokedAt: number | null }) => g.revokedAt === null).map((g: { entitlement: string }) => g.entitlement)).toEqual(['ppv-fight-night']);
  });

  it('reset by device only touches that device', async () => {
    const a = passHeaders(client, 'qa-device-only-a');
    const b = passHeaders(client, 'qa-device-only-b');
    await mvpdLogin(sys, a, 'Skyline', 'sky-basic');
    await mvpdLogin(sys, b, 'Skyline', 'sky-basic');
    expect((await qa('POST', '/viewers/reset', { deviceIds: ['qa-device-only-a'] })).json()).toMatchObject({ profiles: 1, grantsRevoked: 0 });
    expectErrorBody(await authorizeRaw(a, 'Skyline', 'news-24'), { status: 403, code: 'authenticated_profile_missing' });
    expect((await authorizeResource(sys, b, 'Skyline', 'news-24')).decision.authorized).toBe(true);
  });

  it('expire a profile now → authenticated_profile_expired', async () => {
    const headers = passHeaders(client, 'qa-expire-dev-01');
    await mvpdLogin(sys, headers, 'Skyline', 'sky-sports');
    expect((await qa('POST', '/profiles/expire', { deviceIds: ['qa-expire-dev-01'], mvpd: 'Skyline' })).json()).toEqual({ expired: 1 });
    expectErrorBody(await authorizeRaw(headers, 'Skyline', 'news-24'), { status: 403, code: 'authenticated_profile_expired' });
  });

  it('expire the decision cache now → the MVPD is asked again', async () => {
    const headers = passHeaders(client, 'qa-cache-dev-001');
    await mvpdLogin(sys, headers, 'MetroFiber', 'metro-all');
    expect((await authorizeResource(sys, headers, 'MetroFiber', 'sports-one')).decision.authorized).toBe(true);
    await qa('PUT', '/mvpd-modes/MetroFiber', { mode: 'deny' });
    try {
      // Cached: the MVPD is not asked.
      expect((await authorizeResource(sys, headers, 'MetroFiber', 'sports-one')).decision.authorized).toBe(true);
      expect((await qa('POST', '/decision-cache/expire', { deviceIds: ['qa-cache-dev-001'] })).json().expired).toBeGreaterThanOrEqual(1);
      const denied = await authorizeResource(sys, headers, 'MetroFiber', 'sports-one');
      expect(denied.decision.authorized).toBe(false);
      expect(denied.decision.error.code).toBe('authorization_denied_by_mvpd');
    } finally {
      await qa('PUT', '/mvpd-modes/MetroFiber', { mode: 'normal' });
    }
  });

  it("a short lifetime applies to the viewer's next sign-in only", async () => {
    const bob = (await idpSignIn(sys, 'bob')).accessToken;
    const set = await qa('POST', '/lifetimes', { subject: 'bob', profileSeconds: 5 });
    expect(set.statusCode).toBe(201);
    expect((await qa('GET', '/lifetimes?subject=bob')).json().overrides).toHaveLength(1);
    const first = passHeaders(client, 'qa-life-dev-0001', bob);
    await mvpdLogin(sys, first, 'Skyline', 'sky-basic');
    const life = async (headers: Record<string, string>) => {
      const p = (await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles/Skyline', headers })).json().profiles.Skyline;
      return Number(p.notAfter) - Number(p.notBefore);
    };
    expect(await life(first)).toBe(5000);
    expect((await qa('GET', '/lifetimes?subject=bob')).json().overrides).toHaveLength(0);
    const second = passHeaders(client, 'qa-life-dev-0002');
    await mvpdLogin(sys, second, 'Skyline', 'sky-basic');
    expect(await life(second)).toBe(sys.config.mvpds.find((m) => m.id === 'Skyline')!.authenticationTtlSeconds * 1000);
  });

  it("short media-token and decision lifetimes hold for the device's next session only, read back from the database", async () => {
    const set = await qa('POST', '/lifetimes', { deviceId: 'qa-ttl-dev-0001', mediaTokenSeconds: 7, decisionSeconds: 6 });
    expect(set.statusCode).toBe(201);
    expect(set.json()).toMatchObject({ scope: 'device:qa-ttl-dev-0001', mediaTokenSeconds: 7, decisionSeconds: 6 });
    expect(set.json().profileSeconds).toBeUndefined();
    const short = passHeaders(client, 'qa-ttl-dev-0001');
    await mvpdLogin(sys, short, 'Skyline', 'sky-basic');
    const permit = async (headers: Record<string, string>, deviceId = 'qa-ttl-dev-0001') => {
      const before = Date.now();
      const { decision } = await authorizeResource(sys, headers, 'Skyline', 'news-24');
      expect(decision.authorized).toBe(true);
      const verified = await sys.ctx.tokens.verify('media', decision.token.serializedToken);
      const cached = await sys.ctx.db.selectFrom('decision_cache').select('expires_at').where('resource', '=', 'news-24')
        .where('profile_id', 'in', (eb) => eb.selectFrom('profiles').select('id').where('device_id', '=', deviceId))
        .executeTakeFirstOrThrow();
      return { decision: decision.notAfter - decision.notBefore, media: Number(verified.exp) - Number(verified.iat), cacheMs: Number(cached.expires_at) - before };
    };
    const got = await permit(short);
    expect(got.decision).toBe(6000);
    // Playgate's own verifier reads the lifetime out of the signed token.
    expect(got.media).toBe(7);
    expect(got.cacheMs).toBeGreaterThan(5000);
    expect(got.cacheMs).toBeLessThanOrEqual(6100);
    // The profile lifetime was not named: the MVPD's own.
    const profile = (await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles/Skyline', headers: short })).json().profiles.Skyline;
    expect(Number(profile.notAfter) - Number(profile.notBefore)).toBe(sys.config.mvpds.find((m) => m.id === 'Skyline')!.authenticationTtlSeconds * 1000);
    // Another device (and this override is spent): the configured lifetimes.
    const normal = passHeaders(client, 'qa-ttl-dev-0002');
    await mvpdLogin(sys, normal, 'Skyline', 'sky-basic');
    const usual = await permit(normal, 'qa-ttl-dev-0002');
    expect(usual.decision).toBe(sys.config.mvpds.find((m) => m.id === 'Skyline')!.authorizationTtlSeconds * 1000);
    expect(usual.media).toBe(sys.config.tokens.mediaTokenTtlSeconds);
  });

  it('refuses to act on nobody, and lifetimes out of range', async () => {
    expectErrorBody(await qa('POST', '/viewers/reset', {}), { status: 400, code: 'invalid_request' });
    expectErrorBody(await qa('POST', '/profiles/expire', {}), { status: 400, code: 'invalid_request' });
    expectErrorBody(await qa('POST', '/lifetimes', { subject: 'bob', profileSeconds: 1 }), { status: 400, code: 'invalid_request' });
    expectErrorBody(await qa('POST', '/lifetimes', { subject: 'bob', deviceId: 'x', profileSeconds: 60 }), { status: 400, code: 'invalid_request' });
    expectErrorBody(await qa('POST', '/lifetimes', { subject: 'bob' }), { status: 400, code: 'invalid_request' });
    expectErrorBody(await qa('POST', '/lifetimes', { subject: 'bob', mediaTokenSeconds: 2 }), { status: 400, code: 'invalid_request' });
    expectErrorBody(await qa('POST', '/viewers/reset', { subject: 'a\u0000b' }), { status: 400, code: 'invalid_request' });
  });
});

it('facts: every subscriber with packages and limit, every title; no password', async () => {
  const facts = (await qa('GET', '/facts')).json();
  expect(facts.subscribers).toContainEqual({ mvpd: 'Skyline', username: 'sky-kids', packages: ['basic'], maxRating: 'TV-PG' });
  expect(facts.resources).toContainEqual(expect.objectContaining({ id: 'late-movie', access: 'tve', rating: 'TV-MA' }));
  expect(JSON.stringify(facts)).not.toContain('password');
});

it('needs the admin token', async () => {
  for (const headers of [{}, { authorization: 'Bearer wrong' }] as Array<Record<string, string>>) {
    expectErrorBody(await qa('POST', '/viewers/reset', { subject: 'alice' }, headers), { status: 401, code: 'unauthorized' });
    expectErrorBody(await qa('GET', '/mvpd-modes', undefined, headers), { status: 401, code: 'unauthorized' });
  }
});

it('is documented in the OpenAPI document', async () => {
  const doc = (await sys.app.inject({ url: '/docs/json' })).json();
  for (const path of ['/admin/qa/mvpd-modes/{mvpd}', '/admin/qa/viewers/reset', '/admin/qa/profiles/expire', '/admin/qa/decision-cache/expire', '/admin/qa/lifetimes', '/admin/qa/facts']) {
    expect(doc.paths[path], path).toBeDefined();
  }
});

it('is refused in production mode (NODE_ENV=production), after the token check', async () => {
  vi.stubEnv('NODE_ENV', 'production');
  const prod = await startTestSystem();
  vi.unstubAllEnvs();
  try {
    const res = await prod.app.inject({ method: 'POST', url: '/admin/qa/viewers/reset', headers: ADMIN, payload: { subject: 'alice' } });
    expectErrorBody(res, { status: 403, code: 'qa_api_disabled', action: 'configuration' });
    expectErrorBody(await prod.app.inject({ method: 'POST', url: '/admin/qa/viewers/reset', payload: { subject: 'alice' } }), { status: 401, code: 'unauthorized' });
    // The app does not offer its test console there.
    expect((await prod.app.inject({ url: '/app-config.json' })).json().qaConsole).toBe(false);
    expect((await sys.app.inject({ url: '/app-config.json' })).json().qaConsole).toBe(true);
  } finally {
    await prod.dispose();
  }
});
