// TokenService: every kind signs and verifies, no kind passes for another, and the classic
// JWT attacks (alg none, HS/ES key confusion, unknown or injected kid, jku/jwk headers,
// expiry, tampering, oversize) are rejected with a machine-readable reason.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { loadOrCreateKeySet, type PrivateJwk } from './key-store.ts';
import { TOKEN_KINDS, MAX_TOKEN_LENGTH, type TokenKind } from './token-kinds.ts';
import { TokenRejected, TokenService, type TokenFailure } from './token-service.ts';

const ISSUER = 'http://localhost:8080';
const KINDS = Object.keys(TOKEN_KINDS) as TokenKind[];

let dir: string;
let keys: PrivateJwk[];
let tokens: TokenService;
/** Our own private key, to hand-craft tokens that differ from a real one in a single respect. */
let privateKey: CryptoKey;
let kid: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'playgate-tokens-'));
  keys = await loadOrCreateKeySet(join(dir, 'keys.json'), ['ES256']);
  tokens = await TokenService.create(ISSUER, keys);
  privateKey = (await importJWK(keys[0]!, 'ES256')) as CryptoKey;
  kid = keys[0]!.kid;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
});

async function expectRejected(promise: Promise<unknown>, reason?: TokenFailure) {
  const err = await promise.then(
    () => {
      throw new Error('expected the token to be rejected, but it verified');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TokenRejected);
  if (reason) expect((err as TokenRejected).reason).toBe(reason);
}

/** A token exactly like a real `kind` token, then changed by `edit` before signing with our key. */
async function craft(kind: TokenKind, edit: { header?: Record<string, unknown>; claims?: JWTPayload; drop?: string[] } = {}, key: CryptoKey | Uint8Array = privateKey) {
  const now = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = { iss: ISSUER, aud: TOKEN_KINDS[kind].audience, iat: now, nbf: now, exp: now + 600, jti: crypto.randomUUID(), resource: 'news-24', ...edit.claims };
  for (const name of edit.drop ?? []) delete claims[name];
  const header = { alg: 'ES256', kid, typ: TOKEN_KINDS[kind].typ, ...edit.header };
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
}

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('sign → verify round trip', () => {
  it.each(KINDS)('%s: verifies with its claims, typ, audience, issuer and kid', async (kind) => {
    const signed = await tokens.sign(kind, { resource: 'news-24', sub: 'viewer-1' }, 300);
    const header = decodeProtectedHeader(signed.token);
    expect(header).toEqual({ alg: 'ES256', kid, typ: TOKEN_KINDS[kind].typ });
    const claims = await tokens.verify(kind, signed.token);
    expect(claims).toMatchObject({ resource: 'news-24', sub: 'viewer-1', iss: ISSUER, aud: TOKEN_KINDS[kind].audience });
    expect(typeof claims.jti).toBe('string');
    expect(claims.exp! - claims.iat!).toBe(300);
    expect(signed.notAfter - signed.notBefore).toBe(300_000);
    expect(signed.notBefore).toBe(claims.iat! * 1000);
  });

  it('gives every token its own jti', async () => {
    const a = await tokens.sign('media', {}, 60);
    const b = await tokens.sign('media', {}, 60);
    expect(decodeJwt(a.token).jti).not.toBe(decodeJwt(b.token).jti);
  });

  it('verifies a token signed by another TokenService over the same key set (restart, second instance)', async () => {
    const other = await TokenService.create(ISSUER, await loadOrCreateKeySet(join(dir, 'keys.json'), ['ES256']));
    const signed = await other.sign('clientAccess', { client_id: 'c' }, 60);
    await expect(tokens.verify('clientAccess', signed.token)).resolves.toMatchObject({ client_id: 'c' });
  });
});

describe('one kind is never accepted as another', () => {
  const pairs = KINDS.flatMap((signedAs) => KINDS.filter((k) => k !== signedAs).map((verifiedAs) => [signedAs, verifiedAs] as const));
  it.each(pairs)('a %s token is rejected as %s (reason claims)', async (signedAs, verifiedAs) => {
    const signed = await tokens.sign(signedAs, { resource: 'news-24' }, 300);
    await expectRejected(tokens.verify(verifiedAs, signed.token), 'claims');
  });

  it('the right typ with the wrong audience is rejected', async () => {
    await expectRejected(tokens.verify('media', await craft('media', { claims: { aud: TOKEN_KINDS.playback.audience } })), 'claims');
  });

  it('the right audience with the wrong typ is rejected', async () => {
    await expectRejected(tokens.verify('media', await craft('media', { header: { typ: 'playback+jwt' } })), 'claims');
  });

  it('a missing typ is rejected', async () => {
    await expectRejected(tokens.verify('media', await craft('media', { header: { typ: undefined } })), 'claims');
  });

  it('a generic typ (JWT) is rejected', async () => {
    await expectRejected(tokens.verify('clientAccess', await craft('clientAccess', { header: { typ: 'JWT' } })), 'claims');
  });

  it('the crafting helper makes tokens that do verify (control for the cases here)', async () => {
    await expect(tokens.verify('media', await craft('media'))).resolves.toMatchObject({ resource: 'news-24' });
  });
});

describe('claims', () => {
  it('rejects another issuer', async () => {
    await expectRejected(tokens.verify('media', await craft('media', { claims: { iss: 'http://evil.example' } })), 'claims');
  });

  it('rejects a TokenService for another issuer over the same keys', async () => {
    const elsewhere = await TokenService.create('http://elsewhere.example', keys);
    await expectRejected(tokens.verify('media', (await elsewhere.sign('media', {}, 60)).token), 'claims');
  });

  it.each(['exp', 'iat', 'jti'])('rejects a token without %s', async (claim) => {
    await expectRejected(tokens.verify('media', await craft('media', { drop: [claim] })));
  });

  it('rejects a token not valid yet (nbf beyond the clock tolerance)', async () => {
    const signed = await tokens.sign('media', {}, 600, Date.now() + 120_000);
    await expectRejected(tokens.verify('media', signed.token), 'claims');
  });
});

describe('expiry', () => {
  it('rejects an expired token with reason expired', async () => {
    const signed = await tokens.sign('media', {}, 1, Date.now() - 120_000);
    await expectRejected(tokens.verify('media', signed.token), 'expired');
  });

  it('keeps the clock tolerance within 60 s: expired 61 s ago is refused', async () => {
    const signed = await tokens.sign('clientAccess', {}, 10, Date.now() - 71_000);
    await expectRejected(tokens.verify('clientAccess', signed.token), 'expired');
  });

  it('does not let a cached success outlive the token (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const signed = await tokens.sign('playback', { resource: 'news-24' }, 60);
    await expect(tokens.verify('playback', signed.token)).resolves.toBeTruthy();
    vi.setSystemTime(new Date('2030-01-01T00:05:00Z'));
    await expectRejected(tokens.verify('playback', signed.token), 'expired');
  });
});

describe('signature and key attacks', () => {
  it('rejects alg: none (unsigned)', async () => {
    const real = (await tokens.sign('media', { resource: 'news-24' }, 300)).token;
    const [, payload] = real.split('.');
    for (const alg of ['none', 'None', 'NONE']) {
      await expectRejected(tokens.verify('media', `${b64url({ alg, typ: 'media+jwt', kid })}.${payload}.`));
      await expectRejected(tokens.verify('media', `${b64url({ alg, typ: 'media+jwt', kid })}.${payload}`));
    }
  });

  it('rejects HS256 signed with the public key JSON as the secret (key confusion)', async () => {
    const publicJwk = tokens.publicJwks.keys[0]!;
    for (const secret of [JSON.stringify(publicJwk), JSON.stringify(tokens.publicJwks), `${publicJwk.x}${publicJwk.y}`]) {
      const forged = await craft('media', { header: { alg: 'HS256' } }, new TextEncoder().encode(secret));
      await expectRejected(tokens.verify('media', forged), 'format');
    }
  });

  it('rejects RS256 and ES384 tokens (algorithm allow-list)', async () => {
    const rsa = await generateKeyPair('RS256');
    await expectRejected(tokens.verify('media', await craft('media', { header: { alg: 'RS256' } }, rsa.privateKey)), 'format');
    const p384 = await generateKeyPair('ES384');
    await expectRejected(tokens.verify('media', await craft('media', { header: { alg: 'ES384' } }, p384.privateKey)), 'format');
  });

  it('rejects an unknown kid', async () => {
    await expectRejected(tokens.verify('media', await craft('media', { header: { kid: 'no-such-key' } })), 'signature');
  });

  it.each([
    ['a path', '../../../../dev/null'],
    ['SQL', "' OR '1'='1"],
    ['a URL', 'http://evil.example/jwks.json'],
  ])('rejects an injected kid (%s)', async (_label, injected) => {
    await expectRejected(tokens.verify('media', await craft('media', { header: { kid: injected } })));
  });

  it("rejects an attacker's key, whatever kid, jku, x5u or embedded jwk the header names", async () => {
    const attacker = await generateKeyPair('ES256', { extractable: true });
    const attackerJwk = await exportJWK(attacker.publicKey);
    const attackerKid = await calculateJwkThumbprint(attackerJwk);
    const headers = [
      { kid: attackerKid },
      { kid }, // our kid, their signature
      { kid: attackerKid, jku: 'http://evil.example/jwks.json' },
      { kid: attackerKid, x5u: 'http://evil.example/cert.pem' },
      { kid: attackerKid, jwk: attackerJwk },
      { jwk: attackerJwk },
    ];
    for (const header of headers) {
      await expectRejected(tokens.verify('media', await craft('media', { header }, attacker.privateKey)));
    }
  });

  it('rejects a tampered payload', async () => {
    const [h, p, s] = (await tokens.sign('media', { resource: 'news-24' }, 300)).token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    await expectRejected(tokens.verify('media', `${h}.${b64url({ ...claims, resource: 'sports-one' })}.${s}`), 'signature');
  });

  it('rejects a tampered header', async () => {
    const [, p, s] = (await tokens.sign('media', {}, 300)).token.split('.') as [string, string, string];
    await expectRejected(tokens.verify('media', `${b64url({ alg: 'ES256', kid, typ: 'media+jwt', extra: 1 })}.${p}.${s}`), 'signature');
  });

  it('rejects a tampered signature', async () => {
    const [h, p, s] = (await tokens.sign('media', {}, 300)).token.split('.') as [string, string, string];
    const i = 30;
    await expectRejected(tokens.verify('media', `${h}.${p}.${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`), 'signature');
  });
});

describe('format', () => {
  it.each([
    ['undefined', undefined],
    ['empty', ''],
    ['one segment', 'abc'],
    ['two segments', 'abc.def'],
    ['garbage segments', 'a.b.c'],
    ['five segments (JWE)', 'a.b.c.d.e'],
    ['a header that is not JSON', `${Buffer.from('{{').toString('base64url')}.e30.sig`],
  ])('rejects %s with reason format', async (_label, token) => {
    await expectRejected(tokens.verify('media', token), 'format');
  });

  it('rejects a payload that is not JSON', async () => {
    await expectRejected(tokens.verify('media', `${b64url({ alg: 'ES256', kid, typ: 'media+jwt' })}.${Buffer.from('[[').toString('base64url')}.sig`));
  });

  it(`rejects a token over ${MAX_TOKEN_LENGTH} characters with reason format — even a validly signed one`, async () => {
    const big = (await tokens.sign('media', { pad: 'x'.repeat(MAX_TOKEN_LENGTH) }, 300)).token;
    expect(big.length).toBeGreaterThan(MAX_TOKEN_LENGTH);
    await expectRejected(tokens.verify('media', big), 'format');
  });

  it(`accepts a validly signed token of exactly ${MAX_TOKEN_LENGTH} characters`, async () => {
    // Grow the padding until the token is as long as allowed (base64url: lengths step by 1–2).
    const overhead = (await tokens.sign('media', { pad: '' }, 300)).token.length;
    let pad = Math.floor(((MAX_TOKEN_LENGTH - overhead) * 3) / 4) - 8;
    let token = '';
    for (; pad < MAX_TOKEN_LENGTH; pad++) {
      token = (await tokens.sign('media', { pad: 'x'.repeat(pad) }, 300)).token;
      if (token.length >= MAX_TOKEN_LENGTH - 1) break;
    }
    expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
    expect(token.length).toBeGreaterThanOrEqual(MAX_TOKEN_LENGTH - 1);
    await expect(tokens.verify('media', token)).resolves.toBeTruthy();
  });

  it('checks the size before parsing: an oversize string of anything is refused as format', async () => {
    await expectRejected(tokens.verify('media', `${'{'.repeat(MAX_TOKEN_LENGTH + 1)}`), 'format');
  });
});

describe('key rotation', () => {
  it('the newest ES256 key signs; tokens of the older key still verify', async () => {
    const newer = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(newer.privateKey);
    const newKey: PrivateJwk = { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
    const rotated = await TokenService.create(ISSUER, [...keys, newKey]);
    const oldToken = (await tokens.sign('media', {}, 300)).token;
    const newToken = (await rotated.sign('media', {}, 300)).token;
    expect(decodeProtectedHeader(newToken).kid).toBe(newKey.kid);
    await expect(rotated.verify('media', oldToken)).resolves.toBeTruthy();
    await expect(rotated.verify('media', newToken)).resolves.toBeTruthy();
    // The old service does not know the new key.
    await expectRejected(tokens.verify('media', newToken), 'signature');
    // The JWKS lists public halves only.
    expect(rotated.publicJwks.keys.map((k) => k.kid)).toEqual([kid, newKey.kid]);
    for (const k of rotated.publicJwks.keys) expect(k).not.toHaveProperty('d');
  });

  it('refuses to start without an ES256 key', async () => {
    await expect(TokenService.create(ISSUER, [])).rejects.toThrow();
  });
});
