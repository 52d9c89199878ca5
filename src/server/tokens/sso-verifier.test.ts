// The SSO verifier applies the rules of the issuer the token names, and says why it refuses.
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { SsoVerifier, type TrustedIssuer } from './sso-verifier.ts';

const A = 'https://idp-a.example';
const B = 'https://idp-b.example';
let key: CryptoKey;
let stranger: CryptoKey;
let issuers: TrustedIssuer[];

beforeAll(async () => {
  ({ privateKey: key, publicKey: stranger } = await generateKeyPair('ES256'));
  const pub = { ...(await exportJWK(stranger)), kid: 'k1', alg: 'ES256' };
  ({ privateKey: stranger } = await generateKeyPair('ES256'));
  const keys = createLocalJWKSet({ keys: [pub] });
  issuers = [
    { issuer: A, audience: 'playgate', algorithms: ['ES256'], keys },
    { issuer: B, audience: 'api://playgate', algorithms: ['ES256'], keys, typs: ['at+jwt', 'JWT'], clockToleranceSeconds: 5 },
  ];
});

const sign = (o: { iss?: string; aud?: string; typ?: string | null; kid?: string; exp?: number; iat?: number; foreign?: boolean } = {}) => {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: 'viewer-1' })
    .setProtectedHeader({ alg: 'ES256', kid: o.kid ?? 'k1', ...(o.typ === null ? {} : { typ: o.typ ?? 'at+jwt' }) })
    .setIssuer(o.iss ?? A)
    .setAudience(o.aud ?? 'playgate')
    .setIssuedAt(o.iat ?? now)
    .setExpirationTime(o.exp ?? now + 600)
    .sign(o.foreign ? stranger : key);
};

const reasonOf = async (token: string) =>
  new SsoVerifier(issuers).verify(token).then(
    () => 'accepted',
    (e: Error & { reason?: string; claim?: string }) => `${e.reason}/${e.claim ?? '-'}: ${e.message}`,
  );

describe('SsoVerifier', () => {
  it('accepts a good token of either issuer', async () => {
    expect(await reasonOf(await sign())).toBe('accepted');
    expect(await reasonOf(await sign({ iss: B, aud: 'api://playgate', typ: 'JWT' }))).toBe('accepted');
  });

  it('names an audience mismatch as such (not "no matching key" from another issuer)', async () => {
    expect(await reasonOf(await sign({ aud: 'openid profile' }))).toBe('claims/aud: audience mismatch: expected playgate');
  });

  it('names an untrusted issuer', async () => {
    expect(await reasonOf(await sign({ iss: 'https://evil.example' }))).toBe('claims/iss: issuer "https://evil.example" is not trusted');
  });

  it('names a typ mismatch, with one or several accepted values', async () => {
    expect(await reasonOf(await sign({ typ: 'JWT' }))).toBe('claims/typ: typ mismatch: expected at+jwt');
    expect(await reasonOf(await sign({ iss: B, aud: 'api://playgate', typ: 'id+jwt' }))).toBe("claims/typ: typ mismatch: expected at+jwt or JWT");
    expect(await reasonOf(await sign({ iss: B, aud: 'api://playgate', typ: 'application/at+jwt' }))).toBe('accepted');
  });

  it('no typ check when the issuer is configured with none', async () => {
    const v = new SsoVerifier([{ ...issuers[0]!, typs: [] }]);
    await expect(v.verify(await sign({ typ: null }))).resolves.toMatchObject({ sub: 'viewer-1' });
  });

  it('names expiry, a bad signature and an unknown kid', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await reasonOf(await sign({ iat: now - 700, exp: now - 100 }))).toBe('expired/-: token expired');
    expect(await reasonOf(await sign({ foreign: true }))).toBe('signature/-: signature verification failed');
    expect(await reasonOf(await sign({ kid: 'rotated-away' }))).toBe(`signature/kid: unknown kid "rotated-away": no such key in the JWKS of ${A}`);
  });

  it('applies each issuer’s clock tolerance', async () => {
    const now = Math.floor(Date.now() / 1000);
    // 20 s past expiry: inside A's default 30 s, outside B's 5 s.
    expect(await reasonOf(await sign({ iat: now - 300, exp: now - 20 }))).toBe('accepted');
    expect(await reasonOf(await sign({ iss: B, aud: 'api://playgate', iat: now - 300, exp: now - 20 }))).toBe('expired/-: token expired');
  });

  describe('Cognito-style access tokens: no `aud`, the app client in `client_id`', () => {
    const cognito = (claims: Record<string, unknown>) =>
      new SignJWT({ sub: 'viewer-1', token_use: 'access', scope: 'openid', ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(A)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(key);
    const verifier = (audienceClaim?: 'aud' | 'client_id') => new SsoVerifier([{ issuer: A, audience: 'app-client-1', algorithms: ['ES256'], keys: issuers[0]!.keys, typs: [], audienceClaim }]);
    const outcome = (v: SsoVerifier, t: string) =>
      v.verify(t).then(
        (p) => `accepted ${String(p.client_id)}`,
        (e: Error & { reason?: string; claim?: string }) => `${e.reason}/${e.claim ?? '-'}: ${e.message}`,
      );

    it('accepted with audienceClaim client_id when client_id is the configured audience', async () => {
      expect(await outcome(verifier('client_id'), await cognito({ client_id: 'app-client-1' }))).toBe('accepted app-client-1');
    });

    it('refused with audienceClaim client_id for another app client, or none', async () => {
      expect(await outcome(verifier('client_id'), await cognito({ client_id: 'someone-else' }))).toBe('claims/client_id: audience mismatch: client_id "someone-else" (expected client_id app-client-1)');
      expect(await outcome(verifier('client_id'), await cognito({}))).toBe('claims/client_id: audience mismatch: no client_id claim (expected client_id app-client-1)');
    });

    it('refused as an audience mismatch without the setting (the default reads `aud`)', async () => {
      expect(await outcome(verifier(), await cognito({ client_id: 'app-client-1' }))).toBe('claims/aud: audience mismatch: expected app-client-1');
      expect(await outcome(verifier('aud'), await cognito({ client_id: 'app-client-1' }))).toBe('claims/aud: audience mismatch: expected app-client-1');
    });
  });

  it('refuses what is not a JWT as malformed', async () => {
    expect(await reasonOf('not.a.jwt')).toBe('format/-: malformed token');
  });
});
