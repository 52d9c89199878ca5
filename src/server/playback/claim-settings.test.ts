// Claims as configuration, end to end: real IdP access tokens whose entitlements are nested
// (Keycloak-like) or a comma string, read by the configured path/format/mapping for the
// Playback decision and the claim-mapping tester alike; and a refusal that names its reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientToken, idpSignIn, passHeaders, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
let nested: string;
let comma: string;
let none: string;
let client: string;

beforeAll(async () => {
  sys = await startTestSystem(
    testConfig((raw) => {
      raw.idp.viewers = [
        { username: 'kc-viewer', name: 'Nested Roles', email: 'kc@example.com', claims: { realm_access: { roles: ['offline_access', 'kc-premium'] } } },
        { username: 'csv-viewer', name: 'Comma Roles', email: 'csv@example.com', claims: { roles: 'subscriber,premium' } },
        { username: 'plain-viewer', name: 'No Roles', email: 'plain@example.com', claims: { roles: 'free' } },
      ];
      raw.idp.entitlementClaims = ['roles'];
      raw.tenants[0].entitlements.jwtClaims = [{ path: '/realm_access/roles', format: 'array', map: { 'kc-premium': 'premium' } }, { path: 'roles', format: 'comma' }];
      raw.internalEntitlements = [];
    }),
  );
  nested = (await idpSignIn(sys, 'kc-viewer')).accessToken;
  comma = (await idpSignIn(sys, 'csv-viewer')).accessToken;
  none = (await idpSignIn(sys, 'plain-viewer')).accessToken;
  client = await clientToken(sys);
});
afterAll(() => sys.dispose());

const play = (entry: string, bearer: string) => sys.app.inject({ url: `/playback/v1/entry/${entry}`, headers: { authorization: `Bearer ${bearer}`, 'ap-device-identifier': passHeaders(client, 'device-claim-settings')['ap-device-identifier']! } });

describe('configured entitlement claims', () => {
  it('Premium Doc is decided by a nested, mapped claim and by a comma string', async () => {
    expect((await play('premium-doc', nested)).json()).toMatchObject({ decision: { rule: 'claims', claim: '/realm_access/roles', value: 'premium' } });
    expect((await play('premium-doc', comma)).json()).toMatchObject({ decision: { rule: 'claims', claim: 'roles', value: 'premium' } });
    expect((await play('premium-doc', none)).json()).toMatchObject({ code: 'NO_ENTITLEMENT' });
  });

  it('the claim-mapping tester reads the same settings', async () => {
    const res = await sys.app.inject({ method: 'POST', url: '/playback/v1/tools/claims-test', headers: { authorization: `Bearer ${client}` }, payload: { entryId: 'premium-doc', jwt: nested } });
    expect(res.json()).toMatchObject({ decision: 'Permit', claim: '/realm_access/roles', value: 'premium', tokenVerified: true });
  });

  it('the SPA is handed the resolved claim settings', async () => {
    const res = await sys.app.inject({ url: '/app-config.json' });
    expect(res.json().idp).toMatchObject({ entitlementClaims: [{ path: 'roles', format: 'auto', from: 'access_token' }], accessTokenTypes: ['at+jwt'], clockToleranceSeconds: 30, resource: null });
  });

  it('a tampered token is refused with its real reason', async () => {
    const res = await play('premium-doc', `${nested.split('.').slice(0, 2).join('.')}.AAAA`);
    expect(res.json()).toMatchObject({ code: 'TOKEN_ERROR', details: 'signature verification failed' });
  });
});
