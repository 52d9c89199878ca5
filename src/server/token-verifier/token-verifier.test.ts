// The one token verifier answers, for every kind of token the journey can show, what
// Playgate itself would decide: valid, or the stable reason it is not; bad input is a 400.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { clientToken, expectErrorBody, idpSignIn, mediaTokenFor, mvpdLogin, passHeaders, registerClient, startTestSystem, testConfig, tokenFor, type TestSystem } from '../test-support/test-system.ts';

const PARTNER = 'https://partner-sso.example';
const PUBLISHER = 'Bearer dev-publisher-token-change-me-0001';
let server: Server;
let sys: TestSystem;
let partnerKey: CryptoKey;
let strangerKey: CryptoKey;

beforeAll(async () => {
  ({ privateKey: partnerKey } = await generateKeyPair('ES256', { extractable: true }));
  ({ privateKey: strangerKey } = await generateKeyPair('ES256'));
  const { d: _d, ...pub } = await exportJWK(partnerKey);
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [{ ...pub, kid: 'partner-1', alg: 'ES256', use: 'sig' }] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  sys = await startTestSystem(
    testConfig((raw) => {
      raw.ssoIssuers = [{ issuer: PARTNER, jwksUrl: `http://127.0.0.1:${port}/jwks`, audiences: ['urn:partner:tv'], algorithms: ['ES256'] }];
    }),
  );
});
afterAll(async () => {
  await sys.dispose();
  await new Promise((r) => server.close(r));
});

const verify = (token: unknown) => sys.app.inject({ method: 'POST', url: '/playgate/v1/tokens/verify', payload: { token } });
const statusOf = async (token: string) => (await verify(token)).json();

const partnerToken = (over: { aud?: string; iss?: string; typ?: string; key?: CryptoKey; exp?: number } = {}) =>
  new SignJWT({ sub: 'partner-viewer-7' })
    .setProtectedHeader({ alg: 'ES256', kid: 'partner-1', typ: over.typ ?? 'at+jwt' })
    .setIssuer(over.iss ?? PARTNER)
    .setAudience(over.aud ?? 'urn:partner:tv')
    .setIssuedAt(over.exp ? over.exp - 600 : undefined)
    .setExpirationTime(over.exp ?? '10m')
    .sign(over.key ?? partnerKey);

/** A token shaped like one of Playgate's, signed by a key Playgate does not hold. */
const forged = (typ: string, aud: string) =>
  new SignJWT({ client_id: 'x', requestor: 'PLAYGATE' })
    .setProtectedHeader({ alg: 'ES256', kid: sys.ctx.tokens.signingKid, typ })
    .setIssuer(sys.config.app.publicUrl)
    .setAudience(aud)
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti('j')
    .sign(strangerKey);

describe('POST /playgate/v1/tokens/verify: Playgate’s own tokens, by typ', () => {
  it('a client access token: the client-token verifier, valid, then CLIENT_REVOKED once the registration is revoked', async () => {
    const reg = await registerClient(sys);
    const token = await tokenFor(sys, reg);
    const res = await verify(token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({ status: 'VALID_TOKEN', kind: 'clientAccess', verifier: 'client-token verifier', checks: expect.stringContaining('registration not revoked'), exp: expect.any(Number) });
    expect(res.body).not.toContain(token);
    expect(await sys.ctx.clients.revoke(reg.client_id)).toBe(true);
    expect(await statusOf(token)).toMatchObject({ status: 'CLIENT_REVOKED', kind: 'clientAccess' });
  });

  it('a media token: the media-token verifier, valid and not spent; expired; a forged one', async () => {
    const headers = passHeaders(await clientToken(sys), 'any-verify-dev-01');
    await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
    const media = await mediaTokenFor(sys, headers, 'Skyline', 'news-24');
    expect(await statusOf(media)).toMatchObject({ status: 'VALID_TOKEN', kind: 'media', verifier: 'media-token verifier' });
    expect(await statusOf(media)).toMatchObject({ status: 'VALID_TOKEN' });
    expect((await sys.app.inject({ method: 'POST', url: '/playgate/v1/tokens/verify', payload: { token: media, resource: 'movie-night' } })).json()).toMatchObject({ status: 'INVALID_RESOURCE_ID' });
    const expired = (await sys.ctx.tokens.sign('media', { resource: 'news-24', requestor: 'PLAYGATE' }, 60, Date.now() - 3_600_000)).token;
    expect(await statusOf(expired)).toMatchObject({ status: 'TOKEN_EXPIRED', kind: 'media' });
    expect(await statusOf(await forged('media+jwt', 'urn:playgate:media'))).toMatchObject({ status: 'INVALID_SIGNATURE', kind: 'media' });
  });

  it('the other kinds (playback, software statement) through the token service; expired; forged', async () => {
    const playback = (await sys.ctx.tokens.sign('playback', { resource: 'news-24' }, 60)).token;
    expect(await statusOf(playback)).toMatchObject({ status: 'VALID_TOKEN', kind: 'playback', verifier: 'token service' });
    expect(await statusOf(sys.softwareStatement)).toMatchObject({ status: 'VALID_TOKEN', kind: 'softwareStatement', verifier: 'token service' });
    const expired = (await sys.ctx.tokens.sign('playback', { resource: 'news-24' }, 60, Date.now() - 3_600_000)).token;
    expect(await statusOf(expired)).toMatchObject({ status: 'TOKEN_EXPIRED', kind: 'playback' });
    expect(await statusOf(await forged('playback+jwt', 'urn:playgate:media:playback'))).toMatchObject({ status: 'INVALID_SIGNATURE', kind: 'playback' });
  });

  it('a typ Playgate does not issue, in a token naming Playgate as issuer: UNKNOWN_KIND, no verifier', async () => {
    expect(await statusOf(await forged('profile+jwt', 'urn:playgate:pass'))).toEqual({ status: 'UNKNOWN_KIND', kind: 'unknown', checks: expect.any(String), reason: expect.any(String) });
  });
});

describe('POST /playgate/v1/tokens/verify: SSO tokens, through the decision path’s SSO verifier', () => {
  it('the IdP’s access token is valid; its ID token is not an SSO token Playgate accepts', async () => {
    const { accessToken, idToken } = await idpSignIn(sys, 'alice');
    expect(await statusOf(accessToken)).toMatchObject({ status: 'VALID_TOKEN', kind: 'sso', verifier: 'SSO verifier', exp: expect.any(Number) });
    const id = await statusOf(idToken);
    expect(['WRONG_TYPE', 'WRONG_AUDIENCE']).toContain(id.status);
    expect(id).toMatchObject({ kind: 'sso', verifier: 'SSO verifier', reason: expect.any(String) });
  });

  it('a trusted issuer’s token: valid; wrong audience, wrong typ, a key it does not publish, expired', async () => {
    const good = await partnerToken();
    expect(await statusOf(good)).toMatchObject({ status: 'VALID_TOKEN', kind: 'sso' });
    // The same verdict the Pass API reaches: the valid token is honoured as AD-Service-Token.
    const client = await clientToken(sys);
    await mvpdLogin(sys, passHeaders(client, 'partner-verify-1', good), 'Skyline', 'sky-sports');
    const shared = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(client, 'partner-verify-2', good) });
    expect(shared.json().profiles.Skyline).toMatchObject({ type: 'serviceTokenSSO' });

    const wrongAud = await partnerToken({ aud: 'urn:someone:else' });
    expect(await statusOf(wrongAud)).toMatchObject({ status: 'WRONG_AUDIENCE', reason: expect.stringContaining('urn:partner:tv') });
    const notShared = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(client, 'partner-verify-2', wrongAud) });
    expect(notShared.json().profiles?.Skyline).toBeUndefined();

    expect(await statusOf(await partnerToken({ typ: 'JWT' }))).toMatchObject({ status: 'WRONG_TYPE' });
    expect(await statusOf(await partnerToken({ key: strangerKey }))).toMatchObject({ status: 'INVALID_SIGNATURE' });
    expect(await statusOf(await partnerToken({ exp: Math.floor(Date.now() / 1000) - 3600 }))).toMatchObject({ status: 'TOKEN_EXPIRED' });
  });

  it('an issuer Playgate does not trust: WRONG_ISSUER', async () => {
    expect(await statusOf(await partnerToken({ iss: 'https://stranger.example' }))).toMatchObject({ status: 'WRONG_ISSUER', kind: 'sso', verifier: 'SSO verifier' });
  });

  it('a publisher customer token: valid, then SESSION_REVOKED once its refresh family is revoked by a reuse', async () => {
    const first = (await sys.app.inject({ method: 'POST', url: '/sso/auths', headers: { authorization: PUBLISHER }, payload: { customerEmail: 'alice@example.com' } })).json();
    expect(await statusOf(first.jwt)).toMatchObject({ status: 'VALID_TOKEN', kind: 'customer', verifier: 'SSO verifier' });
    const refresh = (refreshToken: string) => sys.app.inject({ method: 'POST', url: '/auths/refresh_token', payload: { refreshToken } });
    expect((await refresh(first.refreshToken)).statusCode).toBe(200);
    expect((await refresh(first.refreshToken)).json()).toMatchObject({ code: 'refresh_token_reused' });
    expect(await statusOf(first.jwt)).toMatchObject({ status: 'SESSION_REVOKED', kind: 'customer', reason: expect.stringMatching(/family was revoked/) });
  });
});

describe('POST /playgate/v1/tokens/verify: picking a verifier from unverified header and claims never accepts a forgery', () => {
  const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = () => Math.floor(Date.now() / 1000);
  it('alg none, HS256 key confusion, an embedded key, a tampered payload, one kind as another: never VALID_TOKEN', async () => {
    const real = (await sys.ctx.tokens.sign('media', { resource: 'news-24', requestor: 'PLAYGATE' }, 60)).token;
    const [h, p, sig] = real.split('.') as [string, string, string];
    const claims = { ...JSON.parse(Buffer.from(p, 'base64url').toString()), resource: 'premium-doc' };
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = sys.ctx.tokens.signingKid;
    const pgClaims = { iss: sys.config.app.publicUrl, iat: now(), nbf: now(), exp: now() + 300, jti: 'x', sub: 'alice', client_id: 'x', requestor: 'PLAYGATE' };
    const forgeries: Array<[string, string]> = [
      ['alg none', `${b64url({ alg: 'none', typ: 'media+jwt' })}.${b64url(claims)}.`],
      ['HS256 with the public key', await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid, typ: 'media+jwt' }).sign(new TextEncoder().encode(JSON.stringify(sys.ctx.tokens.publicJwks.keys[0])))],
      ['embedded jwk', await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid, typ: 'media+jwt', jwk }).sign(privateKey)],
      ['tampered payload', `${h}.${b64url(claims)}.${sig}`],
      ['a media token relabelled as a client token', `${b64url({ alg: 'ES256', kid, typ: 'at+jwt' })}.${p}.${sig}`],
      ['a client token claiming the customer typ', (await sys.ctx.tokens.sign('clientAccess', { client_id: 'x', requestor: 'PLAYGATE' }, 60)).token.replace(/^[^.]+/, b64url({ alg: 'ES256', kid, typ: 'customer+jwt' }))],
      ['Playgate claims, signed by the IdP’s would-be key, customer typ', await new SignJWT({ ...pgClaims, aud: 'urn:playgate:sso' }).setProtectedHeader({ alg: 'ES256', kid, typ: 'customer+jwt' }).sign(privateKey)],
      ['another kind’s audience under a typ', await sys.ctx.tokens.sign('playback', {}, 60).then((t) => t.token.replace(/^[^.]+/, b64url({ alg: 'ES256', kid, typ: 'media+jwt' })))],
    ];
    const accepted: string[] = [];
    for (const [name, token] of forgeries) {
      const res = await verify(token);
      if (res.statusCode !== 400 && res.json().status === 'VALID_TOKEN') accepted.push(name);
      expect(res.statusCode, name).toBeLessThan(500);
    }
    expect(accepted).toEqual([]);
  });
});

describe('POST /playgate/v1/tokens/verify: documented', () => {
  it('in the OpenAPI, with every status listed in its answer schema', async () => {
    const doc = (await sys.app.inject({ url: '/docs/json' })).json();
    const op = doc.paths['/playgate/v1/tokens/verify']?.post;
    expect(op.tags).toEqual(['Token verifiers']);
    expect(op.security ?? []).toEqual([]);
    const statuses = JSON.stringify(op.responses['200']);
    for (const s of ['VALID_TOKEN', 'TOKEN_EXPIRED', 'INVALID_SIGNATURE', 'WRONG_ISSUER', 'WRONG_AUDIENCE', 'WRONG_TYPE', 'UNKNOWN_KIND', 'CLIENT_REVOKED', 'SESSION_REVOKED']) expect(statuses).toContain(`"${s}"`);
  });
});

describe('POST /playgate/v1/tokens/verify: bad input', () => {
  it('anything that is not a JWT is a 400 in the error format, never a verdict or a 500', async () => {
    for (const token of ['garbage', 'not.a.jwt', 'eyJub3Q.eyJqc29u.x', '', 'x'.repeat(9_000), 42]) expectErrorBody(await verify(token), { status: 400, code: 'invalid_request' });
    expectErrorBody(await sys.app.inject({ method: 'POST', url: '/playgate/v1/tokens/verify', payload: {} }), { status: 400, code: 'invalid_request' });
    expectErrorBody(await sys.app.inject({ method: 'POST', url: '/playgate/v1/tokens/verify', payload: { token: 'a.b.c', extra: 1 } }), { status: 400, code: 'invalid_request' });
  });
});
