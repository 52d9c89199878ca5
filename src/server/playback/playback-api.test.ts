// The Playback API end to end: partial mode with real IdP tokens (claims, internal
// store, MVPD via the SSO profile), every denial reason, the claim-mapping tester, the
// decision trace, and the internal store's admin API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { clientToken, idpSignIn, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../test-support/test-system.ts';

/** The Playback API binds every media token to a device. */
const DEVICE_HEADER = `fingerprint ${btoa('device-play-000001')}`;

let sys: TestSystem;
let alice: string;
let bob: string;
let carol: string;
let client: string;
const ADMIN = 'Bearer playgate-admin-dev-token';

beforeAll(async () => {
  sys = await startTestSystem();
  alice = (await idpSignIn(sys, 'alice')).accessToken;
  bob = (await idpSignIn(sys, 'bob')).accessToken;
  carol = (await idpSignIn(sys, 'carol')).accessToken;
  client = await clientToken(sys);
});
afterAll(() => sys.dispose());

const play = (entry: string, bearer?: string, extra: Record<string, string> = {}) =>
  sys.app.inject({ url: `/playback/v1/entry/${entry}`, headers: { 'ap-device-identifier': DEVICE_HEADER, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...extra } });

describe('Playback API, partial mode', () => {
  it.each([
    ['alice', 'premium-doc', 'claims', 'roles', 'premium'],
    ['alice', 'trailer', 'claims', '*', '*'],
    ['bob', 'trailer', 'claims', '*', '*'],
    ['carol', 'fight-night', 'internal-store', undefined, undefined],
  ])('%s may watch %s (decided by %s)', async (who, entry, rule, claim, value) => {
    const res = await play(entry, { alice, bob, carol }[who]!);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ entryId: entry, decision: { rule, trace: res.headers['x-trace-id'] } });
    if (claim) expect(body.decision).toMatchObject({ claim, value });
    const token = new URL(body.playback.hls, 'http://x').searchParams.get('token')!;
    expect(decodeJwt(token)).toMatchObject({ resource: entry });
    expect(decodeJwt(token).did).toEqual(expect.any(String));
    const master = await sys.app.inject({ url: `${body.playback.hls}&device=device-play-000001` });
    expect(master.statusCode).toBe(200);
    expect(master.body).toContain('#EXTM3U');
  });

  it.each([
    ['bob', 'premium-doc'],
    ['bob', 'fight-night'],
    ['alice', 'fight-night'],
    ['carol', 'premium-doc'],
  ])('%s is refused %s with NO_ENTITLEMENT (403)', async (who, entry) => {
    const res = await play(entry, { alice, bob, carol }[who]!);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'NO_ENTITLEMENT', status: 403, trace: res.headers['x-trace-id'] });
  });

  it('refuses without a bearer (NOT_AUTHENTICATED), with a bad one (TOKEN_ERROR), and an unknown entry (NO_ENTITY_EXIST)', async () => {
    expect((await play('trailer')).json()).toMatchObject({ code: 'NOT_AUTHENTICATED', status: 401 });
    const forged = `${alice.slice(0, -4)}AAAA`;
    expect((await play('trailer', forged)).json()).toMatchObject({ code: 'TOKEN_ERROR', status: 401 });
    expect((await play('trailer', client)).json()).toMatchObject({ code: 'TOKEN_ERROR', status: 401 });
    const unknown = await play('no-such-entry', alice);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'NO_ENTITY_EXIST' });
  });

  it('decides a TV Everywhere entry by the MVPD through the viewer’s SSO profile, and keeps the MVPD’s reason and action', async () => {
    expect((await play('news-24', bob)).json()).toMatchObject({ code: 'authenticated_profile_missing', status: 403, action: 'authentication' });
    await mvpdLogin(sys, passHeaders(client, 'playback-bob-01', bob), 'Skyline', 'sky-basic');
    const res = await play('news-24', bob);
    expect(res.statusCode).toBe(200);
    expect(res.json().decision).toMatchObject({ rule: 'mvpd', source: 'mvpd' });
    expect((await play('sports-one', bob)).json()).toMatchObject({ code: 'authorization_denied_by_mvpd', status: 403, action: 'none' });
  });

  it('an MVPD that times out is a retryable Deny, one that fails is too, a parental limit says so', async () => {
    await mvpdLogin(sys, passHeaders(client, 'playback-carol-1', carol), 'Skyline', 'sky-kids');
    expect((await play('late-movie', carol)).json()).toMatchObject({ code: 'authorization_denied_by_parental_controls', status: 403 });
    const { clientId, clientSecret } = sys.config.mvpdSimulator;
    const setMode = (body: object) =>
      sys.mvpd!.inject({ method: 'PUT', url: '/admin/modes/Skyline', headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` }, payload: body });
    const timeoutMs = sys.config.mvpds.find((m) => m.id === 'Skyline')!.authorizationTimeoutMs;
    try {
      await setMode({ mode: 'slow', slowMs: timeoutMs + 500 });
      const timedOut = await play('news-24', carol);
      expect(timedOut.json()).toMatchObject({ code: 'network_connection_timeout', status: 403, action: 'retry' });
      await setMode({ mode: 'down' });
      expect((await play('sports-one', carol)).json()).toMatchObject({ code: 'network_received_error', status: 403, action: 'retry' });
    } finally {
      await setMode({ mode: 'normal' });
    }
  });

  it('explains a decision by its trace id, and never shows a token', async () => {
    const res = await play('premium-doc', alice);
    const trace = await sys.app.inject({ url: `/playgate/v1/traces/${res.headers['x-trace-id']}`, headers: { authorization: `Bearer ${client}` } });
    expect(trace.statusCode).toBe(200);
    expect(trace.json().decisions[0]).toMatchObject({ resource: 'premium-doc', decision: 'Permit', rule: 'claims', details: { claim: 'roles', value: 'premium' } });
    expect(trace.body).not.toMatch(/eyJ/);
    const missing = await sys.app.inject({ url: '/playgate/v1/traces/0123456789abcdef', headers: { authorization: `Bearer ${client}` } });
    expect(missing.json()).toMatchObject({ code: 'not_found' });
    const anonymous = await sys.app.inject({ url: `/playgate/v1/traces/${res.headers['x-trace-id']}` });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('claim-mapping tester', () => {
  const test = (body: object) => sys.app.inject({ method: 'POST', url: '/playback/v1/tools/claims-test', headers: { authorization: `Bearer ${client}` }, payload: body });

  it('says which rule and claim decide, for a verified JWT', async () => {
    expect((await test({ entryId: 'premium-doc', jwt: alice })).json()).toMatchObject({ decision: 'Permit', rule: 'claims', claim: 'roles', value: 'premium', tokenVerified: true });
    expect((await test({ entryId: 'fight-night', jwt: carol })).json()).toMatchObject({ decision: 'Permit', rule: 'internal-store', value: 'ppv-fight-night' });
    expect((await test({ entryId: 'premium-doc', jwt: bob })).json()).toMatchObject({ decision: 'Deny', required: ['premium'] });
    expect((await test({ entryId: 'news-24', jwt: alice })).json()).toMatchObject({ decision: 'Depends', rule: 'mvpd' });
  });

  it('accepts bare claims, and reports an untrusted JWT as unverified', async () => {
    expect((await test({ entryId: 'premium-doc', claims: { scope: 'openid premium' } })).json()).toMatchObject({ decision: 'Permit', claim: 'scope', tokenVerified: false });
    const forged = await test({ entryId: 'premium-doc', jwt: `${alice.slice(0, -4)}AAAA` });
    expect(forged.json()).toMatchObject({ tokenVerified: false, tokenProblem: expect.any(String) });
  });

  it('refuses both or neither of jwt/claims, and needs a client token', async () => {
    expect((await test({ entryId: 'trailer' })).json()).toMatchObject({ code: 'invalid_request' });
    expect((await test({ entryId: 'trailer', jwt: alice, claims: {} })).json()).toMatchObject({ code: 'invalid_request' });
    const anon = await sys.app.inject({ method: 'POST', url: '/playback/v1/tools/claims-test', payload: { entryId: 'trailer', claims: {} } });
    expect(anon.statusCode).toBe(401);
  });
});

describe('internal store admin API', () => {
  it('grants, lists and revokes; a grant opens fight-night for bob until revoked', async () => {
    const granted = await sys.app.inject({ method: 'POST', url: '/admin/entitlements', headers: { authorization: ADMIN }, payload: { subject: 'bob', entitlement: 'ppv-fight-night', kind: 'purchase' } });
    expect(granted.statusCode).toBe(201);
    expect((await play('fight-night', bob)).statusCode).toBe(200);
    const list = await sys.app.inject({ url: '/admin/entitlements?subject=bob', headers: { authorization: ADMIN } });
    expect(list.json().grants).toHaveLength(1);
    const revoked = await sys.app.inject({ method: 'DELETE', url: `/admin/entitlements/${granted.json().id}`, headers: { authorization: ADMIN } });
    expect(revoked.json()).toEqual({ revoked: true });
    expect((await play('fight-night', bob)).json()).toMatchObject({ code: 'NO_ENTITLEMENT' });
    const again = await sys.app.inject({ method: 'DELETE', url: `/admin/entitlements/${granted.json().id}`, headers: { authorization: ADMIN } });
    expect(again.json()).toMatchObject({ code: 'not_found' });
  });

  it('refuses a missing or wrong admin token, and bad grants', async () => {
    expect((await sys.app.inject({ url: '/admin/entitlements' })).json()).toMatchObject({ code: 'unauthorized', status: 401 });
    expect((await sys.app.inject({ url: '/admin/entitlements', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const bad = await sys.app.inject({ method: 'POST', url: '/admin/entitlements', headers: { authorization: ADMIN }, payload: { subject: 'bob', entitlement: 'x', kind: 'gift' } });
    expect(bad.json()).toMatchObject({ code: 'invalid_request' });
    const backwards = await sys.app.inject({
      method: 'POST',
      url: '/admin/entitlements',
      headers: { authorization: ADMIN },
      payload: { subject: 'bob', entitlement: 'x', kind: 'purchase', notBefore: 2000, notAfter: 1000 },
    });
    expect(backwards.json()).toMatchObject({ code: 'invalid_request' });
  });
});

describe('Playback pre-authorization (catalog badges)', () => {
  const pre = (bearer: string | undefined, entryIds: string[], device?: string) =>
    sys.app.inject({
      method: 'POST',
      url: '/playback/v1/preauthorize',
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(device ? { 'ap-device-identifier': passHeaders(client, device)['ap-device-identifier']! } : {}) },
      payload: { entryIds },
    });

  it('decides every entry for the viewer, with no token', async () => {
    const res = await pre(alice, ['premium-doc', 'fight-night', 'trailer', 'news-24', 'nope']);
    expect(res.statusCode).toBe(200);
    const byId = Object.fromEntries(res.json().decisions.map((d: { entryId: string }) => [d.entryId, d]));
    expect(byId['premium-doc']).toMatchObject({ authorized: true, rule: 'claims' });
    expect(byId['fight-night']).toMatchObject({ authorized: false, code: 'no_entitlement' });
    expect(byId.trailer).toMatchObject({ authorized: true });
    expect(byId['news-24']).toMatchObject({ authorized: false, code: 'authenticated_profile_missing' });
    expect(byId.nope).toMatchObject({ authorized: false, code: 'NO_ENTITY_EXIST' });
    expect(res.body).not.toMatch(/eyJ/);
  });

  it('uses this device’s own profile for TV Everywhere entries', async () => {
    const device = 'badge-device-01';
    await mvpdLogin(sys, passHeaders(client, device), 'Skyline', 'sky-basic');
    const res = await pre(carol, ['news-24', 'sports-one'], device);
    const [news, sports] = res.json().decisions;
    expect(news).toMatchObject({ authorized: true, rule: 'mvpd' });
    expect(sports).toMatchObject({ authorized: false, code: 'authorization_denied_by_mvpd' });
  });

  it('needs a viewer token', async () => {
    expect((await pre(undefined, ['trailer'])).json()).toMatchObject({ code: 'NOT_AUTHENTICATED' });
  });
});
