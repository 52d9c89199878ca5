// Revoking a registered client: its access tokens stop working on /api/v2 at once on this
// instance (and on others within the registry's cache time), its credentials buy no new
// token, other clients carry on. Plus tokens that name another service provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientRegistry } from './client-registry.ts';
import { expectErrorBody, passHeaders, registerClient, startTestSystem, tokenFor, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.dispose());

const REVOKED = { status: 401, code: 'invalid_access_token_client_application', action: 'application-registration' };
const DEVICE = 'device-revoke-00001';

/** One request per kind of /api/v2 endpoint that takes a client token. */
const calls: Array<[string, (accessToken: string) => Promise<import('fastify').LightMyRequestResponse>]> = [
  ['configuration', (t) => sys.app.inject({ url: '/api/v2/PLAYGATE/configuration', headers: { authorization: `Bearer ${t}` } })],
  [
    'sessions',
    (t) =>
      sys.app.inject({
        method: 'POST',
        url: '/api/v2/PLAYGATE/sessions',
        headers: { ...passHeaders(t, DEVICE), 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'mvpd=Skyline&domainName=localhost',
      }),
  ],
  ['profiles', (t) => sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(t, DEVICE) })],
  ['profiles/{mvpd}', (t) => sys.app.inject({ url: '/api/v2/PLAYGATE/profiles/Skyline', headers: passHeaders(t, DEVICE) })],
  ['logout', (t) => sys.app.inject({ url: '/api/v2/PLAYGATE/logout/Skyline', headers: passHeaders(t, DEVICE) })],
];

describe('a revoked client', () => {
  let revoked: { client_id: string; client_secret: string };
  let other: { client_id: string; client_secret: string };
  let revokedToken: string;
  let otherToken: string;
  beforeAll(async () => {
    revoked = await registerClient(sys);
    other = await registerClient(sys);
    revokedToken = await tokenFor(sys, revoked);
    otherToken = await tokenFor(sys, other);
    // Both work, and the registry has cached "active" for both.
    for (const [, call] of calls) {
      expect((await call(revokedToken)).statusCode).toBe(200);
      expect((await call(otherToken)).statusCode).toBe(200);
    }
    expect(await sys.ctx.clients.revoke(revoked.client_id)).toBe(true);
  });

  it.each(calls)('%s: its access token now gets 401 invalid_access_token_client_application', async (_name, call) => {
    expectErrorBody(await call(revokedToken), REVOKED);
  });

  it.each(calls)('%s: another client is unaffected', async (_name, call) => {
    expect((await call(otherToken)).statusCode).toBe(200);
  });

  it('its credentials get no new token: 401 invalid_client_credentials', async () => {
    const res = await sys.app.inject({ method: 'POST', url: `/o/client/token?${new URLSearchParams({ grant_type: 'client_credentials', ...revoked })}` });
    expectErrorBody(res, { status: 401, code: 'invalid_client_credentials', action: 'application-registration' });
    // The form-body variant too.
    const form = await sys.app.inject({
      method: 'POST',
      url: '/o/client/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'client_credentials', ...revoked }).toString(),
    });
    expectErrorBody(form, { status: 401, code: 'invalid_client_credentials' });
  });

  it("another client's credentials still get a working token", async () => {
    const fresh = await tokenFor(sys, other);
    expect((await calls[0]![1](fresh)).statusCode).toBe(200);
  });

  it('revoking again changes nothing (false); revoking an unknown client is false', async () => {
    expect(await sys.ctx.clients.revoke(revoked.client_id)).toBe(false);
    expect(await sys.ctx.clients.revoke('no-such-client')).toBe(false);
    expectErrorBody(await calls[0]![1](revokedToken), REVOKED);
  });

  it('another instance (its own registry cache) sees the revocation once its cache time has passed', async () => {
    const client = await registerClient(sys);
    const elsewhere = new ClientRegistry(sys.ctx.db, 10_000);
    const t0 = Date.now();
    expect(await elsewhere.isActive(client.client_id, t0)).toBe(true);
    expect(await sys.ctx.clients.revoke(client.client_id)).toBe(true);
    // Within its cache time the other instance may still say active…
    expect(await elsewhere.isActive(client.client_id, t0 + 1_000)).toBe(true);
    // …but not after it.
    expect(await elsewhere.isActive(client.client_id, t0 + 10_001)).toBe(false);
    // This instance knows at once.
    expect(await sys.ctx.clients.isActive(client.client_id)).toBe(false);
  });
});

describe('client tokens that do not fit', () => {
  it('a token signed for another requestor: 401 invalid_access_token_service_provider', async () => {
    const { client_id } = await registerClient(sys);
    const signed = (await sys.ctx.tokens.sign('clientAccess', { client_id, requestor: 'OTHER' }, 60)).token;
    for (const [, call] of calls) expectErrorBody(await call(signed), { status: 401, code: 'invalid_access_token_service_provider', action: 'application-registration' });
  });

  it('a well-signed token for a client that was never registered: 401 invalid_access_token_client_application', async () => {
    const signed = (await sys.ctx.tokens.sign('clientAccess', { client_id: 'never-registered', requestor: 'PLAYGATE' }, 60)).token;
    expectErrorBody(await calls[0]![1](signed), REVOKED);
  });
});
