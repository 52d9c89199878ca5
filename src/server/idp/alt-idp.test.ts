// "Any IdP by config": the same code with a differently configured provider — an issuer
// with a path (http://…/oidc), RS256 keys only, and the entitlement claim `entitlements`
// instead of `roles` — set through configuration alone. Sign-in, the Playback decision by
// the `entitlements` claim, a TV Everywhere decision with the SSO token, and an ES256
// token refused because only RS256 is allowed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK } from 'jose';
import {
  authorizeResource,
  browser,
  clientToken,
  idpSignIn,
  mvpdLogin,
  passHeaders,
  startTestSystem,
  testConfig,
  type TestSystem,
} from '../test-support/test-system.ts';
import { SsoVerifier } from '../tokens/sso-verifier.ts';
import type { PrivateJwk } from '../tokens/key-store.ts';

/** The Playback API binds every media token to a device. */
const DEVICE_HEADER = `fingerprint ${btoa('device-play-000001')}`;

const ALT_ISSUER = 'http://localhost:8081/oidc';

/** The alternative provider, by configuration only (what PLAYGATE_CONFIG_OVERRIDES sets in e2e). */
function altIdpConfig() {
  return testConfig((raw) => {
    raw.idp.issuer = ALT_ISSUER;
    raw.idp.algorithms = ['RS256'];
    raw.idp.entitlementClaims = ['entitlements'];
    raw.idp.viewers = raw.idp.viewers.map((v: { claims: Record<string, unknown> }) => {
      const { roles, ...rest } = v.claims;
      return { ...v, claims: roles === undefined ? rest : { ...rest, entitlements: roles } };
    });
  });
}

let sys: TestSystem;
let alice: { accessToken: string; idToken: string };
let bob: { accessToken: string; idToken: string };

beforeAll(async () => {
  sys = await startTestSystem(altIdpConfig());
  alice = await idpSignIn(sys, 'alice');
  bob = await idpSignIn(sys, 'bob');
});
afterAll(() => sys.dispose());

const play = (entry: string, bearer: string) => sys.app.inject({ url: `/playback/v1/entry/${entry}`, headers: { authorization: `Bearer ${bearer}`, 'ap-device-identifier': DEVICE_HEADER } });

describe('an alternative IdP configuration (issuer with a path, RS256 only, `entitlements` claim)', () => {
  it('is configured as intended, and the tenant still reads the `entitlements` claim', () => {
    expect(sys.config.idp).toMatchObject({ issuer: ALT_ISSUER, algorithms: ['RS256'], entitlementClaims: [{ path: 'entitlements', format: 'auto', from: 'access_token' }] });
    expect(sys.config.tenants?.[0]?.entitlements?.jwtClaims.map((c) => c.path)).toContain('entitlements');
  });

  it('serves discovery, keys and login under the issuer path, publishing RS256 keys only', async () => {
    const idpGet = (url: string) => sys.idp!.inject({ url, headers: { host: 'localhost:8081' } });
    const discovery = (await idpGet('/oidc/.well-known/openid-configuration')).json();
    expect(discovery.issuer).toBe(ALT_ISSUER);
    for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'end_session_endpoint']) expect(discovery[endpoint]).toMatch(/^http:\/\/localhost:8081\/oidc\//);
    expect(discovery.id_token_signing_alg_values_supported).toEqual(['RS256']);
    const jwks = (await idpGet(new URL(discovery.jwks_uri).pathname)).json() as { keys: JWK[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys.every((k) => k.kty === 'RSA' && k.alg === 'RS256')).toBe(true);
    // Nothing of the provider at the origin's root.
    expect((await idpGet('/.well-known/openid-configuration')).statusCode).toBe(404);

    const authorize = new URL(discovery.authorization_endpoint);
    authorize.search = new URLSearchParams({
      client_id: sys.config.idp.clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: `${sys.config.app.publicUrl}/auth/callback`,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const page = await browser(sys).follow(authorize.href);
    expect(new URL(page.url).pathname).toMatch(/^\/oidc\/interaction\/[^/]+$/);
    expect(page.res.statusCode).toBe(200);
    expect(page.res.body).toMatch(/action="\/oidc\/interaction\/[^"]+\/login"/);
  });

  it('signs the ID token and the JWT access token with RS256, with `entitlements` and no `roles`', () => {
    expect(decodeProtectedHeader(alice.idToken).alg).toBe('RS256');
    expect(decodeProtectedHeader(alice.accessToken)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    for (const token of [alice.idToken, alice.accessToken]) {
      const claims = decodeJwt(token);
      expect(claims).toMatchObject({ iss: ALT_ISSUER, sub: 'alice', entitlements: ['premium', 'subscriber'] });
      expect(claims.roles).toBeUndefined();
    }
  });

  it('gives the SPA the alternative issuer, algorithms and claim names', async () => {
    const appConfig = (await sys.app.inject({ url: '/app-config.json' })).json();
    expect(appConfig.idp).toMatchObject({ issuer: ALT_ISSUER, algorithms: ['RS256'], entitlementClaims: [{ path: 'entitlements', format: 'auto', from: 'access_token' }] });
  });

  it('decides Playback by the `entitlements` claim', async () => {
    const res = await play('premium-doc', alice.accessToken);
    expect(res.statusCode).toBe(200);
    expect(res.json().decision).toMatchObject({ rule: 'claims', claim: 'entitlements', value: 'premium' });
    const denied = await play('premium-doc', bob.accessToken);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'NO_ENTITLEMENT' });
  });

  it('takes the token as AD-Service-Token for a TV Everywhere decision', async () => {
    const headers = passHeaders(await clientToken(sys), 'alt-idp-device-01', alice.accessToken);
    await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
    const { decision } = await authorizeResource(sys, headers, 'Skyline', 'news-24');
    expect(decision).toMatchObject({ authorized: true, resource: 'news-24' });
  });

  it('refuses an ES256 token, even one signed with the IdP’s own ES256 key, because only RS256 is allowed', async () => {
    const stored = JSON.parse(readFileSync(join(sys.dataDir, 'keys', 'idp.jwks.json'), 'utf8')) as { keys: PrivateJwk[] };
    const es = stored.keys.find((k) => k.alg === 'ES256');
    expect(es, 'the data directory keeps an ES256 key the IdP does not publish').toBeDefined();
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ entitlements: ['premium'], client_id: sys.config.idp.clientId, scope: 'playgate' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: es!.kid })
      .setIssuer(ALT_ISSUER)
      .setSubject('alice')
      .setAudience(sys.config.idp.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(await importJWK(es!, 'ES256'));

    const res = await play('premium-doc', token);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'TOKEN_ERROR' });

    // The algorithm pin is what refuses it: with the ES256 key known, only allowing ES256 accepts it.
    const { d: _d, ...publicEs } = es!;
    const keys = createLocalJWKSet({ keys: [publicEs] });
    const trusted = { issuer: ALT_ISSUER, audience: sys.config.idp.audience, keys };
    await expect(new SsoVerifier([{ ...trusted, algorithms: ['RS256'] }]).verify(token)).rejects.toMatchObject({ message: 'algorithm not allowed' });
    await expect(new SsoVerifier([{ ...trusted, algorithms: ['ES256'] }]).verify(token)).resolves.toMatchObject({ sub: 'alice' });
  });
});
