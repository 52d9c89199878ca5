// Publisher SSO (Cleeng-style): issue, refresh, reuse → family revoked (the newest token
// dies too), expiry, publisher tokens, malformed bodies, unknown customers, the demo
// middleware, and the customer JWT trusted as AD-Service-Token and Playback bearer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { createHash } from 'node:crypto';
import { clientToken, idpSignIn, mvpdLogin, passHeaders, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';
import { RefreshTokenStore } from './refresh-token-store.ts';

/** The Playback API binds every media token to a device. */
const DEVICE_HEADER = `fingerprint ${btoa('device-play-000001')}`;

let sys: TestSystem;
let client: string;
const PUBLISHER = 'Bearer dev-publisher-token-change-me-0001';
const ADMIN = 'Bearer playgate-admin-dev-token';

beforeAll(async () => {
  sys = await startTestSystem();
  client = await clientToken(sys);
});
afterAll(() => sys.dispose());

/** `authorization: null` sends no header at all. */
const auths = (body: unknown, authorization: string | null = PUBLISHER) =>
  sys.app.inject({ method: 'POST', url: '/sso/auths', headers: authorization ? { authorization } : {}, payload: body as object });
const refresh = (refreshToken: string) => sys.app.inject({ method: 'POST', url: '/auths/refresh_token', payload: { refreshToken } });

describe('POST /sso/auths', () => {
  it('mints a 15-minute customer JWT with the customer’s entitlement claims, and a refresh token', async () => {
    const res = await auths({ customerEmail: 'alice@example.com', customerIP: '203.0.113.7' });
    expect(res.statusCode).toBe(200);
    const { jwt, refreshToken } = res.json();
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'ES256', typ: 'customer+jwt' });
    const claims = decodeJwt(jwt);
    expect(claims).toMatchObject({ publisherId: 'playgate-demo', iss: sys.config.app.publicUrl, aud: 'urn:playgate:sso', roles: ['premium', 'subscriber'] });
    expect(claims.customerId).toBe(claims.sub);
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Stored hashed, with the customer IP recorded.
    const rows = await sys.ctx.db.selectFrom('refresh_tokens').selectAll().execute();
    expect(rows.some((r) => r.hash === refreshToken)).toBe(false);
    expect(rows.some((r) => r.customer_ip === '203.0.113.7')).toBe(true);
  });

  it.each([
    ['no publisher token', null],
    ['a wrong publisher token', 'Bearer not-the-token'],
    ['a Basic header', 'Basic ZGV2OnRva2Vu'],
  ])('refuses %s with 401 invalid_publisher_token', async (_label, authorization) => {
    const res = await auths({ customerEmail: 'alice@example.com' }, authorization);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'invalid_publisher_token', trace: res.headers['x-trace-id'] });
  });

  it.each([
    ['both email and external id', { customerEmail: 'alice@example.com', externalCustomerId: 'x' }],
    ['neither', { customerIP: '10.0.0.1' }],
    ['a malformed email', { customerEmail: 'not-an-email' }],
    ['a malformed IP', { customerEmail: 'alice@example.com', customerIP: 'localhost; rm -rf' }],
    ['a number for the email', { customerEmail: 42 }],
  ])('refuses %s with 400 and never a 5xx', async (_label, body) => {
    const res = await auths(body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_request' });
  });

  it('refuses bodies that are not JSON objects', async () => {
    for (const payload of ['garbage', '[]', 'null']) {
      const res = await sys.app.inject({ method: 'POST', url: '/sso/auths', headers: { authorization: PUBLISHER, 'content-type': 'application/json' }, payload });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
  });

  it('answers an unknown customer with 404 unknown_customer', async () => {
    const res = await auths({ customerEmail: 'nobody@example.com' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'unknown_customer' });
    expect((await auths({ externalCustomerId: 'ext-404' })).json()).toMatchObject({ code: 'unknown_customer' });
  });

  it('finds a customer created through the admin API by external id', async () => {
    const created = await sys.app.inject({
      method: 'POST',
      url: '/admin/customers',
      headers: { authorization: ADMIN },
      payload: { publisherId: 'playgate-demo', externalId: 'gigya-123', claims: { roles: ['ppv-fight-night'] } },
    });
    expect(created.statusCode).toBe(201);
    const res = await auths({ externalCustomerId: 'gigya-123' });
    expect(decodeJwt(res.json().jwt)).toMatchObject({ customerId: created.json().id, roles: ['ppv-fight-night'] });
    const dup = await sys.app.inject({ method: 'POST', url: '/admin/customers', headers: { authorization: ADMIN }, payload: { publisherId: 'playgate-demo', externalId: 'gigya-123' } });
    expect(dup.json()).toMatchObject({ status: 409, code: 'already_exists' });
    const anon = await sys.app.inject({ method: 'POST', url: '/admin/customers', payload: { publisherId: 'playgate-demo', externalId: 'z' } });
    expect(anon.statusCode).toBe(401);
  });
});

describe('POST /auths/refresh_token', () => {
  it('rotates the pair; reusing a spent token revokes the whole family, the newest included', async () => {
    const first = (await auths({ customerEmail: 'bob@example.com' })).json();
    const second = await refresh(first.refreshToken);
    expect(second.statusCode).toBe(200);
    const pair2 = second.json();
    expect(pair2.refreshToken).not.toBe(first.refreshToken);
    expect(decodeJwt(pair2.jwt).customerId).toBe(decodeJwt(first.jwt).customerId);

    const reuse = await refresh(first.refreshToken);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json()).toMatchObject({ code: 'refresh_token_reused', action: 'authentication' });
    const newest = await refresh(pair2.refreshToken);
    expect(newest.json()).toMatchObject({ code: 'invalid_refresh_token', details: 'revoked' });
  });

  it('lets exactly one of two concurrent refreshes with the same token through, and revokes the family', async () => {
    const { refreshToken } = (await auths({ customerEmail: 'carol@example.com' })).json();
    const results = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);
    const ok = results.filter((r) => r.statusCode === 200);
    expect(ok.length).toBeLessThanOrEqual(1);
    if (ok.length === 1) expect((await refresh(ok[0]!.json().refreshToken)).statusCode).toBe(401);
  });

  it('refuses unknown, malformed and expired refresh tokens', async () => {
    expect((await refresh('x'.repeat(43))).json()).toMatchObject({ code: 'invalid_refresh_token', details: 'unknown' });
    const bad = await sys.app.inject({ method: 'POST', url: '/auths/refresh_token', payload: { refreshToken: { nested: true } } });
    expect(bad.statusCode).toBe(400);
    const { refreshToken } = (await auths({ customerEmail: 'alice@example.com' })).json();
    const store = new RefreshTokenStore(sys.ctx.db, 100 * 86_400_000);
    expect(await store.spend(refreshToken, Date.now() + 101 * 86_400_000)).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('the customer JWT at work', () => {
  it('is a Playback API bearer decided by its claims', async () => {
    const { jwt } = (await auths({ customerEmail: 'alice@example.com' })).json();
    const res = await sys.app.inject({ url: '/playback/v1/entry/premium-doc', headers: { authorization: `Bearer ${jwt}`, 'ap-device-identifier': DEVICE_HEADER } });
    expect(res.statusCode).toBe(200);
    expect(res.json().decision).toMatchObject({ rule: 'claims', claim: 'roles', value: 'premium' });
    const bob = (await auths({ customerEmail: 'bob@example.com' })).json().jwt;
    expect((await sys.app.inject({ url: '/playback/v1/entry/premium-doc', headers: { authorization: `Bearer ${bob}`, 'ap-device-identifier': DEVICE_HEADER } })).json()).toMatchObject({ code: 'NO_ENTITLEMENT' });
  });

  it('is an AD-Service-Token that shares profiles across devices', async () => {
    const { jwt } = (await auths({ customerEmail: 'carol@example.com' })).json();
    await mvpdLogin(sys, passHeaders(client, 'customer-dev-001', jwt), 'MetroFiber', 'metro-all');
    const res = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(client, 'customer-dev-002', jwt) });
    expect(res.json().profiles.MetroFiber).toMatchObject({ type: 'serviceTokenSSO' });
  });

  it('is refused once expired', async () => {
    const customerId = decodeJwt((await auths({ customerEmail: 'alice@example.com' })).json().jwt).customerId;
    const stale = await sys.ctx.tokens.sign('customer', { sub: String(customerId), customerId, publisherId: 'playgate-demo', roles: ['premium'] }, 900, Date.now() - 3_600_000);
    const res = await sys.app.inject({ url: '/playback/v1/entry/premium-doc', headers: { authorization: `Bearer ${stale.token}`, 'ap-device-identifier': DEVICE_HEADER } });
    expect(res.json()).toMatchObject({ code: 'TOKEN_ERROR' });
  });
});

describe('a revoked refresh family ends its customer JWTs at once', () => {
  const play = (jwt: string) => sys.app.inject({ url: '/playback/v1/entry/premium-doc', headers: { authorization: `Bearer ${jwt}`, 'ap-device-identifier': DEVICE_HEADER } });
  const profiles = (jwt: string) => sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(client, 'customer-rev-001', jwt) });

  it('every customer JWT names its family; after a reuse, the old and the newest JWT are refused on the next call (not 15 min later)', async () => {
    const first = (await auths({ customerEmail: 'alice@example.com' })).json();
    const fid = decodeJwt(first.jwt).fid;
    expect(fid).toEqual(expect.any(String));
    const second = (await refresh(first.refreshToken)).json();
    expect(decodeJwt(second.jwt).fid).toBe(fid);
    // Both work (and are now in the verifier's cache).
    expect((await play(first.jwt)).statusCode).toBe(200);
    expect((await play(second.jwt)).statusCode).toBe(200);

    expect((await refresh(first.refreshToken)).json()).toMatchObject({ code: 'refresh_token_reused' });
    for (const jwt of [first.jwt, second.jwt]) {
      const res = await play(jwt);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'TOKEN_ERROR', action: 'authentication' });
      expect(res.json().details).toMatch(/family was revoked/);
    }
    // As AD-Service-Token it no longer shares anything: ignored like any refused SSO token.
    expect((await profiles(second.jwt)).json().profiles).toEqual({});
    // Another family of the same customer is not affected.
    expect((await play((await auths({ customerEmail: 'alice@example.com' })).json().jwt)).statusCode).toBe(200);
  });

  it('a family revoked in the database by another instance is seen within the few seconds of the cache', async () => {
    const pair = (await auths({ customerEmail: 'alice@example.com' })).json();
    expect((await play(pair.jwt)).statusCode).toBe(200);
    // Another instance revoked it: only the shared database knows.
    await sys.ctx.db.updateTable('refresh_tokens').set({ revoked_at: Date.now() }).where('family_id', '=', String(decodeJwt(pair.jwt).fid)).execute();
    const started = Date.now();
    await expect.poll(async () => (await play(pair.jwt)).statusCode, { timeout: 5000, interval: 250 }).toBe(401);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a customer JWT signed with the real key but naming no family, or an unknown one, is refused', async () => {
    const customerId = decodeJwt((await auths({ customerEmail: 'alice@example.com' })).json().jwt).customerId;
    const base = { sub: String(customerId), customerId, publisherId: 'playgate-demo', roles: ['premium'] };
    const none = await sys.ctx.tokens.sign('customer', base, 900);
    expect((await play(none.token)).json()).toMatchObject({ code: 'TOKEN_ERROR', details: expect.stringMatching(/names no refresh-token family/) });
    // A family nobody revoked (it has no rows at all) is not a revoked one: the signature vouches for it.
    const unknown = await sys.ctx.tokens.sign('customer', { ...base, fid: crypto.randomUUID() }, 900);
    expect((await play(unknown.token)).statusCode).toBe(200);
  });
});

describe('demo publisher middleware', () => {
  it('exchanges the viewer’s IdP token for a pair, keeping the publisher token server side', async () => {
    const { accessToken } = await idpSignIn(sys, 'alice');
    const res = await sys.app.inject({ method: 'POST', url: '/demo-middleware/sso/exchange', headers: { authorization: `Bearer ${accessToken}` } });
    expect(res.statusCode).toBe(200);
    expect(decodeJwt(res.json().jwt)).toMatchObject({ publisherId: 'playgate-demo', email: 'alice@example.com' });
    expect(res.body).not.toContain('dev-publisher-token');
  });

  it('keys the customer by (publisher, issuer, subject) and gives it the IdP’s claims for that subject', async () => {
    const { accessToken } = await idpSignIn(sys, 'dave');
    const a = (await sys.app.inject({ method: 'POST', url: '/demo-middleware/sso/exchange', headers: { authorization: `Bearer ${accessToken}` } })).json();
    expect(decodeJwt(a.jwt)).toMatchObject({ roles: ['subscriber'], email: 'dave@example.com' });
    const row = await sys.ctx.db.selectFrom('customers').selectAll().where('id', '=', String(decodeJwt(a.jwt).customerId)).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ publisher_id: 'playgate-demo', external_id: `idp:${sys.config.idp.issuer}#dave`, email: null });
    // The same viewer again: the same customer.
    const b = (await sys.app.inject({ method: 'POST', url: '/demo-middleware/sso/exchange', headers: { authorization: `Bearer ${accessToken}` } })).json();
    expect(decodeJwt(b.jwt).customerId).toBe(decodeJwt(a.jwt).customerId);
    // dave is an IdP viewer but no customer of record: his email alone opens nothing.
    expect((await auths({ customerEmail: 'dave@example.com' })).json()).toMatchObject({ code: 'unknown_customer' });
  });

  it('refuses no token, a forged one, and a customer token (only the IdP vouches here)', async () => {
    expect((await sys.app.inject({ method: 'POST', url: '/demo-middleware/sso/exchange' })).json()).toMatchObject({ code: 'NOT_AUTHENTICATED' });
    expect((await sys.app.inject({ method: 'POST', url: '/demo-middleware/sso/exchange', headers: { authorization: 'Bearer a.b.c' } })).json()).toMatchObject({ code: 'TOKEN_ERROR' });
    const { jwt } = (await auths({ customerEmail: 'alice@example.com' })).json();
    expect((await sys.app.inject({ method: 'POST', url: '/demo-middleware/sso/exchange', headers: { authorization: `Bearer ${jwt}` } })).json()).toMatchObject({ code: 'TOKEN_ERROR' });
  });
});

describe('claims never cross publishers', () => {
  // Two publishers: playgate-demo trusts the embedded IdP; other-pub's IdP is another issuer.
  const OTHER = 'other-publisher-token-0001';
  let two: TestSystem;
  const authsAt = (token: string, body: object) => two.app.inject({ method: 'POST', url: '/sso/auths', headers: { authorization: `Bearer ${token}` }, payload: body });
  beforeAll(async () => {
    two = await startTestSystem(
      testConfig((raw) => {
        raw.publisherSso.publishers.push({ id: 'other-pub', tokenSha256: createHash('sha256').update(OTHER).digest('hex'), autoCreateFromIdp: true, idpIssuer: 'https://idp.other-publisher.example' });
      }),
    );
  });
  afterAll(() => two.dispose());

  it("another publisher's middleware cannot turn alice's IdP token or email into a customer with her claims", async () => {
    const { accessToken } = await idpSignIn(two, 'alice');
    // The embedded IdP is not other-pub's IdP: it vouches for nobody there.
    const viaToken = await authsAt(OTHER, { idpToken: accessToken });
    expect(viaToken.statusCode).toBe(401);
    expect(viaToken.json()).toMatchObject({ code: 'TOKEN_ERROR', details: expect.stringMatching(/not from this publisher/) });
    // Her email is no key to anyone's claims at other-pub.
    expect((await authsAt(OTHER, { customerEmail: 'alice@example.com' })).json()).toMatchObject({ status: 404, code: 'unknown_customer' });
    // A customer of other-pub with the same email has other-pub's claims only.
    const created = await two.app.inject({ method: 'POST', url: '/admin/customers', headers: { authorization: ADMIN }, payload: { publisherId: 'other-pub', email: 'alice@example.com', claims: { roles: ['free'] } } });
    expect(created.statusCode).toBe(201);
    const theirs = decodeJwt((await authsAt(OTHER, { customerEmail: 'alice@example.com' })).json().jwt);
    expect(theirs).toMatchObject({ publisherId: 'other-pub', customerId: created.json().id, roles: ['free'] });
    // While at playgate-demo, her own publisher, she keeps hers: two customers, two records.
    const ours = decodeJwt((await authsAt('dev-publisher-token-change-me-0001', { idpToken: accessToken })).json().jwt);
    expect(ours).toMatchObject({ publisherId: 'playgate-demo', roles: ['premium', 'subscriber'] });
    expect(ours.customerId).not.toBe(theirs.customerId);
    const play = (jwt: string) => two.app.inject({ url: '/playback/v1/entry/premium-doc', headers: { authorization: `Bearer ${jwt}`, 'ap-device-identifier': DEVICE_HEADER } });
    const theirJwt = (await authsAt(OTHER, { customerEmail: 'alice@example.com' })).json().jwt;
    expect((await play(theirJwt)).json()).toMatchObject({ code: 'NO_ENTITLEMENT' });
  });

  it('a customer token is no idpToken, and a publisher without autoCreateFromIdp takes none', async () => {
    const customer = (await authsAt('dev-publisher-token-change-me-0001', { customerEmail: 'bob@example.com' })).json().jwt;
    expect((await authsAt('dev-publisher-token-change-me-0001', { idpToken: customer })).json()).toMatchObject({ code: 'TOKEN_ERROR' });
    expect((await authsAt('dev-publisher-token-change-me-0001', { idpToken: 'a.b.c' })).json()).toMatchObject({ code: 'TOKEN_ERROR' });
    expect((await authsAt(OTHER, { idpToken: 'x', customerEmail: 'a@b.c' })).json()).toMatchObject({ status: 400, code: 'invalid_request' });
  });
});
