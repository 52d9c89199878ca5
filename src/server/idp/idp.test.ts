// The embedded IdP keeps the promises the app and API rely on: roles in the ID token
// and in a JWT access token for the Playgate API, refresh tokens, CORS for the app only,
// no dev interactions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProtectedHeader, jwtVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { idpSignIn, startTestSystem, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
let jwks: ReturnType<typeof createLocalJWKSet>;
beforeAll(async () => {
  sys = await startTestSystem();
  jwks = createLocalJWKSet((await sys.idp!.inject({ url: '/jwks' })).json() as JSONWebKeySet);
});
afterAll(() => sys.dispose());

describe('embedded identity provider', () => {
  it('puts roles in the ID token and in an at+jwt access token for the Playgate API, and issues a refresh token', async () => {
    const tokens = await idpSignIn(sys, 'alice');
    const { payload: id } = await jwtVerify(tokens.idToken, jwks, { issuer: sys.config.idp.issuer, audience: sys.config.idp.clientId });
    expect(id.roles).toEqual(['premium', 'subscriber']);
    expect(decodeProtectedHeader(tokens.accessToken).typ).toBe('at+jwt');
    const { payload: at } = await jwtVerify(tokens.accessToken, jwks, { issuer: sys.config.idp.issuer, audience: sys.config.idp.audience, typ: 'at+jwt' });
    expect(at).toMatchObject({ sub: 'alice', roles: ['premium', 'subscriber'] });
    expect(tokens.refreshToken).toEqual(expect.any(String));
  });

  it('refuses a wrong password on its own login page', async () => {
    await expect(idpSignIn(sys, 'alice', 'wrong')).rejects.toThrow(/did not return to the app/);
  });

  it('allows CORS on the token endpoint for the app origin only', async () => {
    const preflight = (origin: string) =>
      sys.idp!.inject({ method: 'OPTIONS', url: '/token', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    const ok = await preflight(sys.config.app.publicUrl);
    expect(ok.headers['access-control-allow-origin']).toBe(sys.config.app.publicUrl);
    const tokenCall = await sys.idp!.inject({
      method: 'POST',
      url: '/token',
      headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=refresh_token&client_id=${sys.config.idp.clientId}&refresh_token=x`,
    });
    expect(tokenCall.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('advertises the Playgate API scope in its discovery document', async () => {
    const discovery = (await sys.idp!.inject({ url: '/.well-known/openid-configuration' })).json();
    expect(discovery.issuer).toBe(sys.config.idp.issuer);
    expect(discovery.scopes_supported).toContain('playgate');
  });
});
