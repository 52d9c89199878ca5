// Profiles by MVPD (GET profiles/{mvpd}) and the rule that expired profiles are never
// returned: not by profiles, profiles/{mvpd} or profiles/code, and authorize says
// `authenticated_profile_expired` (not `_missing`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientToken, expectErrorBody, idpSignIn, mvpdLogin, passHeaders, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
let token: string;
/** A device logged into both Skyline (sky-basic) and Harbor (harbor-basic). */
const TWO_MVPD_DEVICE = 'device-prof-two-001';
beforeAll(async () => {
  sys = await startTestSystem();
  token = await clientToken(sys);
  const headers = passHeaders(token, TWO_MVPD_DEVICE);
  await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
  await mvpdLogin(sys, headers, 'Harbor', 'harbor-basic');
});
afterAll(() => sys.dispose());

const profilesFor = (mvpd: string, headers: Record<string, string>) => sys.app.inject({ url: `/api/v2/PLAYGATE/profiles/${mvpd}`, headers });

describe('GET profiles/{mvpd}', () => {
  it('the device holds two profiles (the control case)', async () => {
    const res = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(token, TWO_MVPD_DEVICE) });
    expect(Object.keys(res.json().profiles).sort()).toEqual(['Harbor', 'Skyline']);
  });

  it.each([
    ['Skyline', 'skyline-sky-basic', 'hh-sky-1001'],
    ['Harbor', 'harbor-harbor-basic', 'hh-harbor-3001'],
  ])('returns only the %s profile', async (mvpd, upstream, household) => {
    const res = await profilesFor(mvpd, passHeaders(token, TWO_MVPD_DEVICE));
    expect(res.statusCode).toBe(200);
    const { profiles } = res.json();
    expect(Object.keys(profiles)).toEqual([mvpd]);
    expect(profiles[mvpd]).toMatchObject({ type: 'regular', issuer: mvpd });
    expect(profiles[mvpd].attributes.upstreamUserID.value).toBe(upstream);
    expect(profiles[mvpd].attributes.householdID.value).toBe(household);
    expect(profiles[mvpd].notAfter).toBeGreaterThan(Date.now());
  });

  it('answers {profiles: {}} for an MVPD the device has no profile with', async () => {
    const res = await profilesFor('MetroFiber', passHeaders(token, TWO_MVPD_DEVICE));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ profiles: {} });
  });

  it("answers {profiles: {}} for another device (no leak of this device's profiles)", async () => {
    expect((await profilesFor('Skyline', passHeaders(token, 'device-prof-none-01'))).json()).toEqual({ profiles: {} });
  });

  it.each(['Nope', 'skyline', 'Skyline2'])('refuses the unknown MVPD %s: 400 invalid_integration', async (mvpd) => {
    expectErrorBody(await profilesFor(mvpd, passHeaders(token, TWO_MVPD_DEVICE)), { status: 400, code: 'invalid_integration', action: 'configuration' });
  });

  it('needs AP-Device-Identifier and a client token', async () => {
    expectErrorBody(await profilesFor('Skyline', { authorization: `Bearer ${token}` }), { status: 400, code: 'invalid_header_device_identifier' });
    const { authorization: _drop, ...noAuth } = passHeaders(token, TWO_MVPD_DEVICE);
    expectErrorBody(await profilesFor('Skyline', noAuth), { status: 401, code: 'invalid_access_token_client_application' });
  });

  it('finds the SSO profile of another device for that MVPD only (serviceTokenSSO)', async () => {
    const alice = await idpSignIn(sys, 'alice');
    await mvpdLogin(sys, passHeaders(token, 'device-prof-sso-001', alice.accessToken), 'MetroFiber', 'metro-all');
    const second = passHeaders(token, 'device-prof-sso-002', alice.accessToken);
    const metro = (await profilesFor('MetroFiber', second)).json();
    expect(Object.keys(metro.profiles)).toEqual(['MetroFiber']);
    expect(metro.profiles.MetroFiber.type).toBe('serviceTokenSSO');
    expect((await profilesFor('Skyline', second)).json()).toEqual({ profiles: {} });
  });
});

describe('expired profiles (Skyline authentication TTL of 1 s)', () => {
  let short: TestSystem;
  let shortToken: string;
  let code: string;
  let aliceToken: string;
  const DEVICE = 'device-prof-exp-001';
  beforeAll(async () => {
    short = await startTestSystem(
      testConfig((raw) => {
        raw.mvpds.find((m: { id: string }) => m.id === 'Skyline').authenticationTtlSeconds = 1;
      }),
    );
    shortToken = await clientToken(short);
    const headers = passHeaders(shortToken, DEVICE);
    ({
      session: { code },
    } = await mvpdLogin(short, headers, 'Skyline', 'sky-basic'));
    // Live right after the login…
    const live = await short.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers });
    expect(Object.keys(live.json().profiles)).toEqual(['Skyline']);
    // A viewer's SSO profile, made on another device.
    aliceToken = (await idpSignIn(short, 'alice')).accessToken;
    await mvpdLogin(short, passHeaders(shortToken, 'device-prof-exp-sso1', aliceToken), 'Skyline', 'sky-sports');
    // …and expired a little later.
    await new Promise((r) => setTimeout(r, 1100));
  });
  afterAll(() => short.dispose());

  it('GET profiles answers {}', async () => {
    const res = await short.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(shortToken, DEVICE) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ profiles: {} });
  });

  it('GET profiles/Skyline answers {}', async () => {
    const res = await short.app.inject({ url: '/api/v2/PLAYGATE/profiles/Skyline', headers: passHeaders(shortToken, DEVICE) });
    expect(res.json()).toEqual({ profiles: {} });
  });

  it('GET profiles/code/{code} answers {} (the code itself is still valid)', async () => {
    const res = await short.app.inject({ url: `/api/v2/PLAYGATE/profiles/code/${code}`, headers: passHeaders(shortToken, DEVICE) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ profiles: {} });
  });

  it('authorize refuses with 403 authenticated_profile_expired (action authentication), not _missing', async () => {
    const res = await short.app.inject({
      method: 'POST',
      url: '/api/v2/PLAYGATE/decisions/authorize/Skyline',
      headers: passHeaders(shortToken, DEVICE),
      payload: { resources: ['news-24'] },
    });
    expectErrorBody(res, { status: 403, code: 'authenticated_profile_expired', action: 'authentication' });
  });

  it('preauthorize refuses the same way', async () => {
    const res = await short.app.inject({
      method: 'POST',
      url: '/api/v2/PLAYGATE/decisions/preauthorize/Skyline',
      headers: passHeaders(shortToken, DEVICE),
      payload: { resources: ['news-24'] },
    });
    expectErrorBody(res, { status: 403, code: 'authenticated_profile_expired' });
  });

  it('an expired SSO profile is not shared either: {} on a second device, and authorize says _expired', async () => {
    const second = passHeaders(shortToken, 'device-prof-exp-sso2', aliceToken);
    expect((await short.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: second })).json()).toEqual({ profiles: {} });
    const res = await short.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/decisions/authorize/Skyline', headers: second, payload: { resources: ['news-24'] } });
    expectErrorBody(res, { status: 403, code: 'authenticated_profile_expired', action: 'authentication' });
  });

  it('an MVPD the device never signed in with is still _missing', async () => {
    const res = await short.app.inject({
      method: 'POST',
      url: '/api/v2/PLAYGATE/decisions/authorize/Harbor',
      headers: passHeaders(shortToken, DEVICE),
      payload: { resources: ['news-24'] },
    });
    expectErrorBody(res, { status: 403, code: 'authenticated_profile_missing' });
  });

  it('a device that never signed in is _missing, not _expired', async () => {
    const res = await short.app.inject({
      method: 'POST',
      url: '/api/v2/PLAYGATE/decisions/authorize/Skyline',
      headers: passHeaders(shortToken, 'device-prof-exp-oth'),
      payload: { resources: ['news-24'] },
    });
    expectErrorBody(res, { status: 403, code: 'authenticated_profile_missing' });
  });

  it('a session for the device asks for a new login (authenticate), not authorize', async () => {
    const res = await short.app.inject({
      method: 'POST',
      url: '/api/v2/PLAYGATE/sessions',
      headers: { ...passHeaders(shortToken, DEVICE), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl: `${short.config.app.publicUrl}/mvpd-done` }).toString(),
    });
    expect(res.json()).toMatchObject({ actionName: 'authenticate', actionType: 'interactive' });
  });
});
