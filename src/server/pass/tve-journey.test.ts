// The TV Everywhere journey through the API, on the real apps in one process:
// DCR → session → MVPD login (real oidc-provider, real openid-client) → profile → authorize.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientToken, idpSignIn, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
let token: string;
beforeAll(async () => {
  sys = await startTestSystem();
  token = await clientToken(sys);
});
afterAll(() => sys.dispose());

describe('TV Everywhere first login', () => {
  it('authenticates with the MVPD, saves the profile, and permits news-24 with a media token', async () => {
    const headers = passHeaders(token, 'device-aaaa-0001');
    const { session, landedOn } = await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
    expect(session).toMatchObject({ actionName: 'authenticate', actionType: 'interactive', mvpd: 'Skyline' });
    expect(session.code).toMatch(/^[A-Z2-9]{7}$/);
    expect(landedOn).toBe(`${sys.config.app.publicUrl}/mvpd-done`);

    const byCode = await sys.app.inject({ url: `/api/v2/PLAYGATE/profiles/code/${session.code}`, headers });
    expect(byCode.statusCode).toBe(200);
    const profile = byCode.json().profiles.Skyline;
    expect(profile).toMatchObject({ type: 'regular', issuer: 'Skyline' });
    expect(profile.attributes.householdID.value).toBe('hh-sky-1001');
    expect(profile.attributes.upstreamUserID.value).toBe('skyline-sky-basic');

    const decided = await sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/decisions/authorize/Skyline', headers, payload: { resources: ['news-24'] } });
    expect(decided.statusCode).toBe(200);
    const [decision] = decided.json().decisions;
    expect(decision).toMatchObject({ authorized: true, resource: 'news-24', mvpd: 'Skyline', source: 'mvpd' });
    expect(decision.token.serializedToken.split('.')).toHaveLength(3);

    const master = await sys.app.inject({ url: `/media/news-24/master.m3u8?token=${decision.token.serializedToken}&device=device-aaaa-0001` });
    expect(master.statusCode).toBe(200);
    expect(master.headers['content-type']).toContain('mpegurl');
    expect(master.body).toMatch(/360p\.m3u8\?pt=/);
  });

  it('finds the profile again for the same device, and a session says authorize/direct', async () => {
    const headers = passHeaders(token, 'device-aaaa-0001');
    const res = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers });
    expect(Object.keys(res.json().profiles)).toEqual(['Skyline']);
    const again = await sys.app.inject({
      method: 'POST',
      url: '/api/v2/PLAYGATE/sessions',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'mvpd=Skyline&domainName=localhost&redirectUrl=http%3A%2F%2Flocalhost%3A8080%2Fmvpd-done',
    });
    expect(again.json()).toMatchObject({ actionName: 'authorize', actionType: 'direct', reasonType: 'authenticated' });
  });

  it('denies sports-one to a basic subscriber with an item-level error', async () => {
    const headers = passHeaders(token, 'device-aaaa-0001');
    const res = await sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/decisions/authorize/Skyline', headers, payload: { resources: ['sports-one'] } });
    expect(res.statusCode).toBe(200);
    const [decision] = res.json().decisions;
    expect(decision.authorized).toBe(false);
    expect(decision.token).toBeUndefined();
    expect(decision.error).toMatchObject({ code: 'authorization_denied_by_mvpd', status: 403, action: 'none' });
    expect(decision.error.trace).toBe(res.headers['x-trace-id']);
  });

  it('denies late-movie (TV-MA) to a subscriber with a TV-PG parental limit', async () => {
    const headers = passHeaders(token, 'device-kids-0001');
    await mvpdLogin(sys, headers, 'Skyline', 'sky-kids');
    const res = await sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/decisions/authorize/Skyline', headers, payload: { resources: ['late-movie'] } });
    expect(res.json().decisions[0].error.code).toBe('authorization_denied_by_parental_controls');
  });

  it('shares the profile with a second device through the SSO identity (serviceTokenSSO)', async () => {
    const alice = await idpSignIn(sys, 'alice');
    const first = passHeaders(token, 'device-alice-0001', alice.accessToken);
    await mvpdLogin(sys, first, 'MetroFiber', 'metro-all');
    const second = passHeaders(token, 'device-alice-0002', alice.accessToken);
    const res = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: second });
    expect(res.json().profiles.MetroFiber).toMatchObject({ type: 'serviceTokenSSO' });
    const withoutSso = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(token, 'device-alice-0002') });
    expect(withoutSso.json().profiles).toEqual({});
  });

  it('refuses an MVPD login with the wrong password and keeps the session pending', async () => {
    const headers = passHeaders(token, 'device-wrong-0001');
    const { res, session } = await mvpdLogin(sys, headers, 'Skyline', 'sky-basic', 'not-the-password');
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Wrong username or password');
    const byCode = await sys.app.inject({ url: `/api/v2/PLAYGATE/profiles/code/${session.code}`, headers });
    expect(byCode.json()).toEqual({ profiles: {} });
  });
});
