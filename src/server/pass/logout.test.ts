// Logout (GET logout/{mvpd}): the answer per MVPD (logout/interactive with the MVPD's
// end-session URL, complete/none, invalid/none), what is deleted (this device's profile;
// with a service token, the viewer's SSO profiles too; never another viewer's), the
// redirectUrl check, and cached decisions that do not outlive the profile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { clientToken, expectErrorBody, idpSignIn, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
let token: string;
beforeAll(async () => {
  sys = await startTestSystem();
  token = await clientToken(sys);
});
afterAll(() => sys.dispose());

const logout = (mvpd: string, headers: Record<string, string>, query = '') => sys.app.inject({ url: `/api/v2/PLAYGATE/logout/${mvpd}${query}`, headers });
const profiles = async (headers: Record<string, string>) => {
  const res = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers });
  expect(res.statusCode).toBe(200);
  return res.json().profiles as Record<string, { type: string }>;
};
const authorize = (mvpd: string, headers: Record<string, string>, resource = 'news-24') =>
  sys.app.inject({ method: 'POST', url: `/api/v2/PLAYGATE/decisions/authorize/${mvpd}`, headers, payload: { resources: [resource] } });

describe('an MVPD with interactive logout (Skyline)', () => {
  const headers = () => passHeaders(token, 'device-out-sky-0001');

  it('answers logout/interactive with the MVPD end-session URL, deletes the profile, and authorize then says _missing', async () => {
    await mvpdLogin(sys, headers(), 'Skyline', 'sky-basic');
    expect(Object.keys(await profiles(headers()))).toEqual(['Skyline']);

    const res = await logout('Skyline', headers());
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body.logouts)).toEqual(['Skyline']);
    const entry = body.logouts.Skyline;
    expect(entry).toEqual({ mvpd: 'Skyline', actionName: 'logout', actionType: 'interactive', url: expect.any(String) });
    expect(entry.url.startsWith(`${sys.config.mvpdSimulator.issuer}/session/end`)).toBe(true);
    const url = new URL(entry.url);
    expect(url.searchParams.get('client_id')).toBe(sys.config.mvpdSimulator.clientId);
    // The URL is one the MVPD accepts (its end-session page, not an error).
    const endSession = await sys.mvpd!.inject({ url: url.pathname + url.search });
    expect(endSession.statusCode).toBeLessThan(400);

    expect(await profiles(headers())).toEqual({});
    expect((await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles/Skyline', headers: headers() })).json()).toEqual({ profiles: {} });
    expectErrorBody(await authorize('Skyline', headers()), { status: 403, code: 'authenticated_profile_missing', action: 'authentication' });
  });

  it('a second logout answers invalid/none (nothing to log out of)', async () => {
    const res = await logout('Skyline', headers());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ logouts: { Skyline: { mvpd: 'Skyline', actionName: 'invalid', actionType: 'none' } } });
  });

  it('a registered redirectUrl becomes the post-logout redirect', async () => {
    const h = passHeaders(token, 'device-out-sky-0002');
    await mvpdLogin(sys, h, 'Skyline', 'sky-basic');
    const back = `${sys.config.app.publicUrl}/mvpd-done`;
    const res = await logout('Skyline', h, `?redirectUrl=${encodeURIComponent(back)}`);
    expect(new URL(res.json().logouts.Skyline.url).searchParams.get('post_logout_redirect_uri')).toBe(back);
  });
});

describe('an MVPD without MVPD-side logout (Harbor)', () => {
  it('answers complete/none with no url, and the profile is gone', async () => {
    const h = passHeaders(token, 'device-out-harb-001');
    await mvpdLogin(sys, h, 'Harbor', 'harbor-basic');
    const res = await logout('Harbor', h);
    expect(res.json()).toEqual({ logouts: { Harbor: { mvpd: 'Harbor', actionName: 'complete', actionType: 'none' } } });
    expect(await profiles(h)).toEqual({});
    expect((await logout('Harbor', h)).json().logouts.Harbor).toEqual({ mvpd: 'Harbor', actionName: 'invalid', actionType: 'none' });
  });

  it('logs out of that MVPD only: the Skyline profile of the same device stays', async () => {
    const h = passHeaders(token, 'device-out-harb-002');
    await mvpdLogin(sys, h, 'Harbor', 'harbor-basic');
    await mvpdLogin(sys, h, 'Skyline', 'sky-basic');
    await logout('Harbor', h);
    expect(Object.keys(await profiles(h))).toEqual(['Skyline']);
  });
});

describe('with a service token (SSO)', () => {
  it('logging out on device 2 removes the SSO profile made on device 1, and touches no other viewer', async () => {
    const alice = (await idpSignIn(sys, 'alice')).accessToken;
    const bob = (await idpSignIn(sys, 'bob')).accessToken;
    const alice1 = passHeaders(token, 'device-out-alice-01', alice);
    const alice2 = passHeaders(token, 'device-out-alice-02', alice);
    const bob1 = passHeaders(token, 'device-out-bob-0001', bob);
    const plain = passHeaders(token, 'device-out-plain-01');
    await mvpdLogin(sys, alice1, 'MetroFiber', 'metro-all');
    await mvpdLogin(sys, bob1, 'MetroFiber', 'metro-all');
    await mvpdLogin(sys, plain, 'MetroFiber', 'metro-all');
    expect((await profiles(alice2)).MetroFiber?.type).toBe('serviceTokenSSO');

    const res = await logout('MetroFiber', alice2);
    expect(res.json().logouts.MetroFiber).toMatchObject({ mvpd: 'MetroFiber', actionName: 'logout', actionType: 'interactive' });

    // Device 1 (with or without the service token) has nothing left; nor has device 2.
    expect(await profiles(alice1)).toEqual({});
    expect(await profiles(passHeaders(token, 'device-out-alice-01'))).toEqual({});
    expect(await profiles(alice2)).toEqual({});
    expectErrorBody(await authorize('MetroFiber', alice1), { status: 403, code: 'authenticated_profile_missing' });
    // Bob's profile and a device without SSO keep theirs.
    expect((await profiles(bob1)).MetroFiber?.type).toBe('regular');
    expect((await profiles(plain)).MetroFiber?.type).toBe('regular');
    expect((await authorize('MetroFiber', bob1)).json().decisions[0].authorized).toBe(true);
  });

  it('without the service token, device 2 (no own profile) logs out of nothing and device 1 keeps its profile', async () => {
    const carol = (await idpSignIn(sys, 'carol')).accessToken;
    const carol1 = passHeaders(token, 'device-out-carol-01', carol);
    await mvpdLogin(sys, carol1, 'MetroFiber', 'metro-all');
    const res = await logout('MetroFiber', passHeaders(token, 'device-out-carol-02'));
    expect(res.json().logouts.MetroFiber).toMatchObject({ actionName: 'invalid', actionType: 'none' });
    expect(Object.keys(await profiles(carol1))).toEqual(['MetroFiber']);
  });
});

describe('refusals', () => {
  it.each([
    ['another host', 'https://evil.example/'],
    ['a look-alike host', 'http://localhost.evil.example/'],
    ['a javascript: URL', 'javascript:alert(1)'],
  ])('a bad redirectUrl (%s): 400 invalid_parameter_redirect_url, and the profile is kept', async (_label, bad) => {
    const h = passHeaders(token, 'device-out-bad-0001');
    if (Object.keys(await profiles(h)).length === 0) await mvpdLogin(sys, h, 'Skyline', 'sky-basic');
    expectErrorBody(await logout('Skyline', h, `?redirectUrl=${encodeURIComponent(bad)}`), { status: 400, code: 'invalid_parameter_redirect_url' });
    expect(Object.keys(await profiles(h))).toEqual(['Skyline']);
  });

  it('an unknown MVPD: 400 invalid_integration', async () => {
    expectErrorBody(await logout('Nope', passHeaders(token, 'device-out-bad-0001')), { status: 400, code: 'invalid_integration', action: 'configuration' });
  });

  it('no device header: 400 invalid_header_device_identifier; no client token: 401', async () => {
    expectErrorBody(await logout('Skyline', { authorization: `Bearer ${token}` }), { status: 400, code: 'invalid_header_device_identifier' });
    const { authorization: _drop, ...noAuth } = passHeaders(token, 'device-out-bad-0001');
    expectErrorBody(await logout('Skyline', noAuth), { status: 401, code: 'invalid_access_token_client_application' });
  });
});

describe('cached decisions and logout', () => {
  it('are not reused after a new login (the new profile starts with a miss), and are deleted with the profile', async () => {
    const h = passHeaders(token, 'device-out-cache-01');
    await mvpdLogin(sys, h, 'Skyline', 'sky-basic');
    expect((await authorize('Skyline', h)).json().trace[0].cache).toBe('miss');
    expect((await authorize('Skyline', h)).json().trace[0].cache).toBe('hit');
    const ids = (await sys.ctx.db.selectFrom('profiles').select('id').where('device_id', '=', 'device-out-cache-01').execute()).map((r) => r.id);
    expect(ids).toHaveLength(1);

    await logout('Skyline', h);
    const left = await sys.ctx.db.selectFrom('decision_cache').select(sql<number>`count(*)`.as('n')).where('profile_id', 'in', ids).executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);

    await mvpdLogin(sys, h, 'Skyline', 'sky-basic');
    const again = (await authorize('Skyline', h)).json();
    expect(again.decisions[0].authorized).toBe(true);
    expect(again.trace[0].cache).toBe('miss');
  });

  it('an SSO logout from another device also deletes the decisions cached for the SSO profiles it removes', async () => {
    const alice = (await idpSignIn(sys, 'alice')).accessToken;
    const first = passHeaders(token, 'device-out-cache-s1', alice);
    const second = passHeaders(token, 'device-out-cache-s2', alice);
    await mvpdLogin(sys, first, 'Skyline', 'sky-sports');
    // Device 2 signs in on its own (without the service token, else it would be told "authorize").
    await mvpdLogin(sys, passHeaders(token, 'device-out-cache-s2'), 'Skyline', 'sky-sports');
    // Each device decides with its own profile, and each profile has a cached decision.
    expect((await authorize('Skyline', first, 'sports-one')).json().trace[0]).toMatchObject({ cache: 'miss', profileType: 'regular' });
    expect((await authorize('Skyline', second, 'sports-one')).json().trace[0]).toMatchObject({ cache: 'miss', profileType: 'regular' });
    const ids = (await sys.ctx.db.selectFrom('profiles').select('id').where('device_id', 'in', ['device-out-cache-s1', 'device-out-cache-s2']).execute()).map((r) => r.id);
    expect(ids).toHaveLength(2);

    expect((await logout('Skyline', second)).json().logouts.Skyline.actionName).toBe('logout');
    expect(await profiles(first)).toEqual({});
    const left = await sys.ctx.db.selectFrom('decision_cache').select(sql<number>`count(*)`.as('n')).where('profile_id', 'in', ids).executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
  });
});
