// Every verifier × every attack class, table-driven: Playgate's own token kinds, the SSO
// verifier (a trusted IdP and the publisher's customer tokens) and the full-mode entitlement
// verifier. Each row forges a token from a real one (signed with the real key unless the
// attack is about the key) and must be refused. Prints its counts; fails on any acceptance.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { loadOrCreateKeySet } from './key-store.ts';
import { MAX_TOKEN_LENGTH, TOKEN_KINDS, type TokenKind } from './token-kinds.ts';
import { TokenRejected, TokenService } from './token-service.ts';
import { SsoVerifier } from './sso-verifier.ts';
import { FullModeVerifier } from './full-mode-verifier.ts';

const ISSUER = 'http://localhost:8080';
const IDP = 'http://localhost:8081/idp';
const TENANT_ISS = 'https://acme.example';

interface VerifierUnderTest {
  name: string;
  alg: string;
  typ: string;
  /** The claims of a real token. */
  claims(): JWTPayload;
  key: CryptoKey;
  kid: string;
  publicJwk: JWK;
  verify(token: string): Promise<unknown>;
}

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

let dir: string;
const verifiers: VerifierUnderTest[] = [];
let attacker: { privateKey: CryptoKey; jwk: JWK };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'playgate-attacks-'));
  const keys = await loadOrCreateKeySet(join(dir, 'keys.json'), ['ES256']);
  const tokens = await TokenService.create(ISSUER, keys);
  const pgKey = (await importJWK(keys[0]!, 'ES256')) as CryptoKey;
  const pgPublic = tokens.publicJwks.keys[0]! as JWK;
  const base = (aud: string): JWTPayload => ({ iss: ISSUER, aud, iat: now(), nbf: now(), exp: now() + 600, jti: crypto.randomUUID(), sub: 'viewer-1', resource: 'news-24' });
  for (const kind of Object.keys(TOKEN_KINDS) as TokenKind[]) {
    verifiers.push({ name: `playgate ${kind}`, alg: 'ES256', typ: TOKEN_KINDS[kind].typ, claims: () => base(TOKEN_KINDS[kind].audience), key: pgKey, kid: keys[0]!.kid, publicJwk: pgPublic, verify: (t) => tokens.verify(kind, t) });
  }

  const idpPair = await generateKeyPair('RS256', { extractable: true });
  const idpJwk = { ...(await exportJWK(idpPair.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
  const sso = new SsoVerifier([
    { issuer: IDP, audience: 'urn:playgate', algorithms: ['RS256', 'ES256'], keys: createLocalJWKSet({ keys: [idpJwk] }) },
    { issuer: ISSUER, audience: TOKEN_KINDS.customer.audience, typ: TOKEN_KINDS.customer.typ, algorithms: ['ES256'], keys: createLocalJWKSet(tokens.publicJwks) },
  ]);
  verifiers.push({
    name: 'sso (trusted IdP)',
    alg: 'RS256',
    typ: 'at+jwt',
    claims: () => ({ iss: IDP, aud: 'urn:playgate', iat: now(), exp: now() + 600, sub: 'alice' }),
    key: idpPair.privateKey,
    kid: 'idp-1',
    publicJwk: idpJwk,
    verify: (t) => sso.verify(t),
  });
  verifiers.push({
    name: 'sso (publisher customer token)',
    alg: 'ES256',
    typ: TOKEN_KINDS.customer.typ,
    claims: () => ({ ...base(TOKEN_KINDS.customer.audience), sub: 'cust-1' }),
    key: pgKey,
    kid: keys[0]!.kid,
    publicJwk: pgPublic,
    verify: (t) => sso.verify(t),
  });

  const tenantPair = await generateKeyPair('ES256', { extractable: true });
  const tenantJwk = { ...(await exportJWK(tenantPair.publicKey)), kid: 'acme-1', alg: 'ES256', use: 'sig' };
  const jwksFetch = (async () => new Response(JSON.stringify({ keys: [tenantJwk] }), { headers: { 'content-type': 'application/json' } })) as unknown as typeof fetch;
  const full = new FullModeVerifier(jwksFetch);
  const auth = { url: 'https://acme.example/jwks.json', iss: TENANT_ISS, aud: 'playgate', cooldownSeconds: 0, claims: { customer: 'customerId', session: 'sid', entry: 'entryId' } };
  verifiers.push({
    name: 'full-mode entitlement',
    alg: 'ES256',
    typ: 'JWT',
    claims: () => ({ iss: TENANT_ISS, aud: 'playgate', iat: now(), exp: now() + 600, customerId: 'c', sid: 's', entryId: 'e' }),
    key: tenantPair.privateKey,
    kid: 'acme-1',
    publicJwk: tenantJwk,
    verify: (t) => full.verify(t, auth),
  });

  const a = await generateKeyPair('ES256', { extractable: true });
  attacker = { privateKey: a.privateKey, jwk: await exportJWK(a.publicKey) };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sign = (v: VerifierUnderTest, claims: JWTPayload, header: Record<string, unknown> = {}, key: CryptoKey | Uint8Array = v.key) =>
  new SignJWT(claims).setProtectedHeader({ alg: v.alg, kid: v.kid, typ: v.typ, ...header } as { alg: string }).sign(key);

type Attack = [name: string, forge: (v: VerifierUnderTest) => Promise<string>];
const ATTACKS: Attack[] = [
  ['alg none', async (v) => `${b64url({ alg: 'none', typ: v.typ })}.${b64url(v.claims())}.`],
  ['HS256 with the public key as secret (confusion)', async (v) => sign(v, v.claims(), { alg: 'HS256' }, new TextEncoder().encode(JSON.stringify(v.publicJwk)))],
  ['unknown kid (attacker key)', async (v) => sign(v, v.claims(), { alg: 'ES256', kid: 'nope' }, attacker.privateKey)],
  ['injected kid, real kid name (attacker key)', async (v) => sign(v, v.claims(), { alg: 'ES256' }, attacker.privateKey)],
  ['jku header (attacker key)', async (v) => sign(v, v.claims(), { alg: 'ES256', jku: 'https://evil.example/jwks' }, attacker.privateKey)],
  ['x5u header (attacker key)', async (v) => sign(v, v.claims(), { alg: 'ES256', x5u: 'https://evil.example/cert' }, attacker.privateKey)],
  ['embedded jwk header (attacker key)', async (v) => sign(v, v.claims(), { alg: 'ES256', jwk: attacker.jwk }, attacker.privateKey)],
  ['expired', async (v) => sign(v, { ...v.claims(), iat: now() - 7200, exp: now() - 3600 })],
  ['nbf in the future', async (v) => sign(v, { ...v.claims(), nbf: now() + 600 })],
  ['iat in the future (real key)', async (v) => sign(v, { ...v.claims(), iat: now() + 600, exp: now() + 1200 })],
  ['iat missing', async (v) => { const c = v.claims(); delete c.iat; return sign(v, c); }],
  ['exp missing', async (v) => { const c = v.claims(); delete c.exp; return sign(v, c); }],
  ['wrong issuer', async (v) => sign(v, { ...v.claims(), iss: 'https://evil.example' })],
  ['wrong audience', async (v) => sign(v, { ...v.claims(), aud: 'urn:evil' })],
  ['wrong typ', async (v) => sign(v, v.claims(), { typ: 'evil+jwt' })],
  ['no typ', async (v) => sign(v, v.claims(), { typ: undefined })],
  ['tampered payload', async (v) => { const [h, , s] = (await sign(v, v.claims())).split('.'); return `${h}.${b64url({ ...v.claims(), sub: 'admin', resource: 'premium' })}.${s}`; }],
  ['tampered header', async (v) => { const [, p, s] = (await sign(v, v.claims())).split('.'); return `${b64url({ alg: v.alg, kid: v.kid, typ: v.typ, x: 1 })}.${p}.${s}`; }],
  ['tampered signature', async (v) => { const [h, p, s] = (await sign(v, v.claims())).split('.') as [string, string, string]; return `${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`; }],
  ['oversize (validly signed)', async (v) => sign(v, { ...v.claims(), pad: 'x'.repeat(MAX_TOKEN_LENGTH) })],
  ['not a JWT', async () => 'not.a.jwt'],
];

describe('every verifier × every attack class', () => {
  it('refuses every forged token and accepts the real ones (control)', async () => {
    const accepted: string[] = [];
    let refused = 0;
    for (const v of verifiers) {
      // Control: the real token verifies, so a refusal below is the attack's doing.
      await expect(v.verify(await sign(v, v.claims()))).resolves.toBeTruthy();
      for (const [name, forge] of ATTACKS) {
        const token = await forge(v);
        const outcome = await v.verify(token).then(
          () => 'accepted',
          (e: unknown) => (e instanceof TokenRejected ? 'refused' : `threw ${String(e)}`),
        );
        if (outcome === 'refused') refused++;
        else accepted.push(`${v.name} × ${name}: ${outcome}`);
      }
    }
    // Each kind of Playgate token presented as each other kind.
    const kinds = verifiers.filter((v) => v.name.startsWith('playgate '));
    for (const as of kinds) {
      for (const other of kinds) {
        if (other === as) continue;
        const outcome = await as.verify(await sign(other, other.claims())).then(() => 'accepted', () => 'refused');
        if (outcome === 'refused') refused++;
        else accepted.push(`${other.name} presented as ${as.name}`);
      }
    }
    console.log(`attack matrix: ${verifiers.length} verifiers × ${ATTACKS.length} attacks + ${kinds.length * (kinds.length - 1)} cross-kind swaps: ${refused} refused, ${accepted.length} accepted`);
    expect(accepted).toEqual([]);
    expect(refused).toBe(verifiers.length * ATTACKS.length + kinds.length * (kinds.length - 1));
  });
});
