// Full external entitlements: a tenant whose customer signs entitlement JWTs with its
// own keys, served here from a JWKS endpoint the test runs itself. Also: a tenant may
// not set both modes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { parseConfig } from '../config/load-config.ts';
import { startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';
import { readFileSync } from 'node:fs';

/** The Playback API binds every media token to a device. */
const DEVICE_HEADER = `fingerprint ${btoa('device-play-000001')}`;

const ISS = 'https://acme-entitlements.example';
const AUD = 'playgate-playback';
let server: Server;
let sys: TestSystem;
let jwks: JWK[] = [];
let fetches = 0;
let key1: CryptoKey;
let key2: CryptoKey;
/** The customer's next key, published only when the test rotates. */
let nextJwk: JWK;

async function keyPair(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

beforeAll(async () => {
  const k1 = await keyPair('acme-1');
  key1 = k1.privateKey;
  jwks = [k1.jwk];
  const k2 = await keyPair('acme-2');
  key2 = k2.privateKey;
  nextJwk = k2.jwk;
  server = createServer((_req, res) => {
    fetches++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: jwks }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  sys = await startTestSystem(
    testConfig((raw) => {
      raw.tenants.push({ id: 'ACME', auth: { jwks: { url, iss: ISS, aud: AUD, cooldownSeconds: 0, claims: { customer: 'customerId', session: 'sid', entry: 'entryId' } } } });
    }),
  );
});
afterAll(async () => {
  await sys.dispose();
  await new Promise((r) => server.close(r));
});

const entitlement = (claims: Record<string, unknown>, opts: { key?: CryptoKey; kid?: string; iss?: string; aud?: string; exp?: string | number } = {}) =>
  new SignJWT({ customerId: 'cust-42', sid: 'sess-9', entryId: 'premium-doc', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: opts.kid ?? 'acme-1', typ: 'JWT' })
    .setIssuer(opts.iss ?? ISS)
    .setAudience(opts.aud ?? AUD)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m')
    .sign(opts.key ?? key1);

const play = async (entry: string, token: string) => sys.app.inject({ url: `/playback/v1/entry/${entry}?tenant=ACME`, headers: { authorization: `Bearer ${token}`, 'ap-device-identifier': DEVICE_HEADER } });

describe('full external entitlements', () => {
  it('permits the entry the customer JWT names, whatever the viewer’s claims', async () => {
    const res = await play('premium-doc', await entitlement({}));
    expect(res.statusCode).toBe(200);
    expect(res.json().decision).toMatchObject({ rule: 'full-external', claim: 'entryId', value: 'premium-doc' });
  });

  it('accepts an entry claim listing several entries', async () => {
    expect((await play('trailer', await entitlement({ entryId: ['premium-doc', 'trailer'] }))).statusCode).toBe(200);
  });

  it('refuses another entry with NO_ENTITLEMENT', async () => {
    const res = await play('fight-night', await entitlement({}));
    expect(res.json()).toMatchObject({ code: 'NO_ENTITLEMENT', status: 403 });
  });

  it.each([
    ['a missing session claim', { sid: undefined }, {}],
    ['a missing customer claim', { customerId: undefined }, {}],
    ['a wrong issuer', {}, { iss: 'https://evil.example' }],
    ['a wrong audience', {}, { aud: 'someone-else' }],
    ['an expired token', {}, { exp: Math.floor(Date.now() / 1000) - 600 }],
    ['a key the customer does not publish', {}, { kid: 'acme-9' }],
  ])('refuses %s with TOKEN_ERROR', async (_label, claims, opts) => {
    const res = await play('premium-doc', await entitlement(claims, opts));
    expect(res.json()).toMatchObject({ code: 'TOKEN_ERROR', status: 401 });
  });

  it('refuses the viewer’s SSO-style token in a full-mode tenant', async () => {
    const res = await play('premium-doc', await entitlement({}, { aud: 'urn:playgate:api' }));
    expect(res.json()).toMatchObject({ code: 'TOKEN_ERROR' });
  });

  it('picks up a rotated key by refetching the JWKS on an unknown kid', async () => {
    jwks = [...jwks, nextJwk];
    const before = fetches;
    const res = await play('premium-doc', await entitlement({}, { key: key2, kid: 'acme-2' }));
    expect(res.statusCode).toBe(200);
    expect(fetches).toBeGreaterThan(before);
  });
});

describe('tenant configuration', () => {
  const raw = () => JSON.parse(readFileSync('playgate.config.json', 'utf8'));
  it('refuses a tenant that sets both modes, naming it', () => {
    const config = raw();
    config.tenants[0].auth = { jwks: { url: 'https://x.example/jwks', iss: 'x', aud: 'y', claims: { customer: 'c', session: 's', entry: 'e' } } };
    expect(() => parseConfig(config)).toThrowError(expect.objectContaining({ problems: expect.arrayContaining([expect.stringMatching(/^\/tenants\/0: set either/)]) }));
  });
  it('refuses a tenant with neither mode', () => {
    const config = raw();
    delete config.tenants[0].entitlements;
    expect(() => parseConfig(config)).toThrowError(expect.objectContaining({ problems: expect.arrayContaining([expect.stringMatching(/^\/tenants\/0: needs/)]) }));
  });
});
