// The client-access-token verifier answers what every Pass call would decide about the token:
// valid, or the reason it is not (expired, another signer, not a client token, revoked
// registration); bad input is a 4xx in the error format.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair } from 'jose';
import { clientToken, expectErrorBody, mediaTokenFor, mvpdLogin, passHeaders, registerClient, startTestSystem, tokenFor, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.dispose());

const verify = (token: unknown) => sys.app.inject({ method: 'POST', url: '/playgate/v1/client-tokens/verify', payload: { token } });

describe('POST /playgate/v1/client-tokens/verify', () => {
  it('a fresh client access token: VALID_TOKEN with its registration and requestor', async () => {
    const reg = await registerClient(sys);
    const token = await tokenFor(sys, reg);
    const res = await verify(token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({ status: 'VALID_TOKEN', clientId: reg.client_id, requestor: 'PLAYGATE', exp: expect.any(Number) });
    // The same token is refused on the API exactly when the verifier says it is not valid.
    expect((await sys.app.inject({ url: '/api/v2/PLAYGATE/configuration', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
  });

  it('a revoked registration: CLIENT_REVOKED (and the API refuses it too)', async () => {
    const reg = await registerClient(sys);
    const token = await tokenFor(sys, reg);
    expect(await sys.ctx.clients.revoke(reg.client_id)).toBe(true);
    expect((await verify(token)).json()).toMatchObject({ status: 'CLIENT_REVOKED', clientId: reg.client_id });
    expect((await sys.app.inject({ url: '/api/v2/PLAYGATE/configuration', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it('expired, signed by someone else, another kind of Playgate token, or not a JWT: the reason', async () => {
    const expired = (await sys.ctx.tokens.sign('clientAccess', { client_id: 'x', requestor: 'PLAYGATE' }, 60, Date.now() - 3_600_000)).token;
    expect((await verify(expired)).json()).toEqual({ status: 'TOKEN_EXPIRED' });

    const { privateKey } = await generateKeyPair('ES256');
    const kid = sys.ctx.tokens.signingKid;
    const forged = await new SignJWT({ client_id: 'x', requestor: 'PLAYGATE' })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .setIssuer(sys.config.app.publicUrl)
      .setAudience('urn:playgate:pass')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await verify(forged)).json()).toEqual({ status: 'INVALID_SIGNATURE' });

    const headers = passHeaders(await clientToken(sys), 'client-verify-dev-01');
    await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
    const media = await mediaTokenFor(sys, headers, 'Skyline', 'news-24');
    expect((await verify(media)).json()).toEqual({ status: 'INVALID_TOKEN_FORMAT' });
    expect((await verify('not.a.jwt')).json()).toEqual({ status: 'INVALID_TOKEN_FORMAT' });

    const otherRequestor = (await sys.ctx.tokens.sign('clientAccess', { client_id: 'x', requestor: 'NOBODY' }, 60)).token;
    expect((await verify(otherRequestor)).json()).toMatchObject({ status: 'UNKNOWN_REQUESTOR', requestor: 'NOBODY' });
  });

  it('bad input is a 400 in the error format', async () => {
    expectErrorBody(await verify({ not: 'a string' }), { status: 400, code: 'invalid_request' });
    expectErrorBody(await verify('x'.repeat(20_000)), { status: 400, code: 'invalid_request' });
    expectErrorBody(await sys.app.inject({ method: 'POST', url: '/playgate/v1/client-tokens/verify', payload: {} }), { status: 400, code: 'invalid_request' });
  });
});
