// Several trusted SSO issuers by config: a token from a second issuer (its own JWKS URL,
// audiences and algorithms) is honoured as AD-Service-Token; near misses are not.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { clientToken, mvpdLogin, passHeaders, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';

const ISSUER = 'https://partner-sso.example';
let server: Server;
let sys: TestSystem;
let key: CryptoKey;
let otherKey: CryptoKey;
let token: string;

beforeAll(async () => {
  ({ privateKey: key } = await generateKeyPair('RS256', { extractable: true }));
  ({ privateKey: otherKey } = await generateKeyPair('RS256'));
  const jwk = await exportJWK(key);
  // Public part only, served like any issuer's JWKS.
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [{ ...pub, kid: 'partner-1', alg: 'RS256', use: 'sig' }] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  sys = await startTestSystem(
    testConfig((raw) => {
      raw.ssoIssuers = [{ issuer: ISSUER, jwksUrl: `http://127.0.0.1:${port}/jwks`, audiences: ['urn:partner:tv', 'urn:playgate:api'], algorithms: ['RS256'] }];
    }),
  );
  token = await clientToken(sys);
});
afterAll(async () => {
  await sys.dispose();
  await new Promise((r) => server.close(r));
});

const partnerToken = (over: { aud?: string; iss?: string; alg?: string; kid?: string; foreignKey?: boolean; typ?: string } = {}) =>
  new SignJWT({ sub: 'partner-viewer-7' })
    .setProtectedHeader({ alg: over.alg ?? 'RS256', kid: over.kid ?? 'partner-1', typ: over.typ ?? 'at+jwt' })
    .setIssuer(over.iss ?? ISSUER)
    .setAudience(over.aud ?? 'urn:partner:tv')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(over.foreignKey ? otherKey : key);

describe('trusted SSO issuers from config', () => {
  it('shares a profile across devices through a second issuer’s token', async () => {
    const sso = await partnerToken();
    await mvpdLogin(sys, passHeaders(token, 'partner-device-1', sso), 'Skyline', 'sky-sports');
    const res = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(token, 'partner-device-2', sso) });
    expect(res.json().profiles.Skyline).toMatchObject({ type: 'serviceTokenSSO' });
  });

  it.each([
    ['an audience it was not configured with', { aud: 'urn:someone:else' }],
    // (a flag, not the key: this table is built before beforeAll runs)
    ['a key it does not publish', { foreignKey: true }],
    ['an unknown kid', { kid: 'partner-2' }],
    ['another typ', { typ: 'JWT' }],
  ])('ignores a token with %s (no SSO, still 200)', async (_label, over) => {
    const res = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(token, 'partner-device-3', await partnerToken(over)) });
    expect(res.statusCode).toBe(200);
    expect(res.json().profiles).toEqual({});
  });
});
