// The demo checkout through the whole system: an order records a real grant in the internal
// store and the title plays at once; Account's list and refund (revoke) are the viewer's own;
// and one person is one viewer across sign-in modes (publisher SSO keeps the IdP identity).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { CustomerStore } from '../sso/customer-store.ts';
import { clientToken, idpSignIn, mvpdLogin, passHeaders, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';

const DEVICE_HEADER = `fingerprint ${btoa('device-checkout-01')}`;
const PUBLISHER = 'Bearer dev-publisher-token-change-me-0001';

let sys: TestSystem;
let bob: string;
let alice: string;
beforeAll(async () => {
  sys = await startTestSystem();
  bob = (await idpSignIn(sys, 'bob')).accessToken;
  alice = (await idpSignIn(sys, 'alice')).accessToken;
});
afterAll(() => sys.dispose());

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const play = (entry: string, token: string) => sys.app.inject({ url: `/playback/v1/entry/${entry}`, headers: { ...bearer(token), 'ap-device-identifier': DEVICE_HEADER } });
const order = (entryId: string, token?: string) => sys.app.inject({ method: 'POST', url: '/playgate/v1/checkout/orders', headers: token ? bearer(token) : {}, payload: { entryId } });
const grants = (token: string) => sys.app.inject({ url: '/playgate/v1/checkout/grants', headers: bearer(token) });
const refund = (id: string, token: string) => sys.app.inject({ method: 'DELETE', url: `/playgate/v1/checkout/grants/${id}`, headers: bearer(token) });
// As the demo middleware signs a viewer in "through the publisher": with the viewer's IdP token.
const customerToken = async (idpToken: string) => {
  const res = await sys.app.inject({ method: 'POST', url: '/sso/auths', headers: { authorization: PUBLISHER }, payload: { idpToken } });
  expect(res.statusCode).toBe(200);
  return res.json().jwt as string;
};

describe('demo checkout', () => {
  it('buying Fight Night records a purchase grant and it plays at once; a refund revokes it', async () => {
    expect((await play('fight-night', bob)).json()).toMatchObject({ code: 'NO_ENTITLEMENT' });
    const bought = await order('fight-night', bob);
    expect(bought.statusCode).toBe(201);
    expect(bought.json()).toMatchObject({ demo: true, grant: { kind: 'purchase', entitlement: 'ppv-fight-night', name: 'Fight Night', titles: ['Fight Night'] } });
    expect((await play('fight-night', bob)).json()).toMatchObject({ decision: { rule: 'internal-store' } });
    // The same grant, through the store's admin API: it is a real one.
    const admin = await sys.app.inject({ url: '/admin/entitlements?subject=bob', headers: { authorization: 'Bearer playgate-admin-dev-token' } });
    expect(admin.json().grants).toEqual([expect.objectContaining({ id: bought.json().grant.id, revokedAt: null })]);
    // Ordering again is the same grant (200), not a second one.
    expect((await order('fight-night', bob)).statusCode).toBe(200);

    const mine = (await grants(bob)).json().grants;
    expect(mine).toHaveLength(1);
    // Another viewer cannot refund it, and does not see it.
    expect((await grants(alice)).json().grants.map((g: { id: string }) => g.id)).not.toContain(mine[0].id);
    expect((await refund(mine[0].id, alice)).json()).toMatchObject({ code: 'not_found', status: 404 });
    expect((await refund(mine[0].id, bob)).json()).toEqual({ refunded: true });
    expect((await play('fight-night', bob)).json()).toMatchObject({ code: 'NO_ENTITLEMENT' });
    expect((await grants(bob)).json().grants).toEqual([]);
    expect((await refund(mine[0].id, bob)).statusCode).toBe(404);
  });

  it('a plan upgrade grants premium, which opens Premium Doc', async () => {
    const up = await order('premium-doc', bob);
    expect(up.json()).toMatchObject({ demo: true, grant: { kind: 'subscription', entitlement: 'premium', name: 'Premium', titles: ['Premium Doc'] } });
    expect((await play('premium-doc', bob)).json()).toMatchObject({ decision: { rule: 'internal-store' } });
    await refund(up.json().grant.id, bob);
    expect((await play('premium-doc', bob)).json()).toMatchObject({ code: 'NO_ENTITLEMENT' });
  });

  it('refuses without a viewer, a title with nothing to buy, an unknown title', async () => {
    expect((await order('fight-night')).json()).toMatchObject({ code: 'NOT_AUTHENTICATED', status: 401 });
    expect((await order('fight-night', `${bob.slice(0, -4)}AAAA`)).json()).toMatchObject({ code: 'TOKEN_ERROR', status: 401 });
    expect((await order('trailer', bob)).json()).toMatchObject({ code: 'invalid_request', status: 400 });
    expect((await order('news-24', bob)).json()).toMatchObject({ code: 'invalid_request', status: 400 });
    expect((await order('no-such', bob)).json()).toMatchObject({ code: 'NO_ENTITY_EXIST', status: 404 });
    expect((await order('x'.repeat(65), bob)).statusCode).toBe(400);
  });
});

describe('one person, one viewer across sign-in modes (context/viewer-identity.ts)', () => {
  it('carol’s purchase plays signed in through the publisher, and a purchase made there is hers with the IdP', async () => {
    const carolIdp = (await idpSignIn(sys, 'carol')).accessToken;
    const carolCustomer = await customerToken(carolIdp);
    expect(decodeJwt(carolCustomer)).toMatchObject({ viewer_iss: sys.config.idp.issuer, viewer_sub: 'carol' });
    expect((await play('fight-night', carolCustomer)).json()).toMatchObject({ decision: { rule: 'internal-store' } });
    expect((await play('fight-night', carolIdp)).json()).toMatchObject({ decision: { rule: 'internal-store' } });
    // A plan bought in publisher mode is listed and honoured in IdP mode.
    const up = await order('premium-doc', carolCustomer);
    expect((await play('premium-doc', carolIdp)).statusCode).toBe(200);
    expect((await grants(carolIdp)).json().grants.map((g: { id: string }) => g.id)).toContain(up.json().grant.id);
    await refund(up.json().grant.id, carolIdp);
    expect((await play('premium-doc', carolCustomer)).json()).toMatchObject({ code: 'NO_ENTITLEMENT' });
  });

  it('alice’s Skyline profile, made with her IdP sign-in, is found with her publisher token on another device', async () => {
    const client = await clientToken(sys);
    await mvpdLogin(sys, passHeaders(client, 'identity-dev-01', alice), 'Skyline', 'sky-basic');
    const customer = await customerToken(alice);
    const other = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(client, 'identity-dev-02', customer) });
    expect(Object.keys(other.json().profiles)).toEqual(['Skyline']);
    expect(other.json().profiles.Skyline).toMatchObject({ type: 'serviceTokenSSO' });
    expect((await play('news-24', customer)).json()).toMatchObject({ decision: { rule: 'mvpd' } });
  });

  it('a customer not created from an IdP account is a viewer of its own', async () => {
    const added = await new CustomerStore(sys.ctx.db).findOrCreate({ publisherId: 'playgate-demo', externalId: 'crm-carol-7', claims: {} });
    const res = await sys.app.inject({ method: 'POST', url: '/sso/auths', headers: { authorization: PUBLISHER }, payload: { externalCustomerId: added.externalId } });
    const token = res.json().jwt as string;
    expect(decodeJwt(token).viewer_sub).toBeUndefined();
    expect((await play('fight-night', token)).json()).toMatchObject({ code: 'NO_ENTITLEMENT' });
  });
});

describe('demoCheckout off', () => {
  it('has no checkout routes', async () => {
    const off = await startTestSystem(testConfig((raw) => (raw.demoCheckout = false)));
    try {
      expect((await off.app.inject({ method: 'POST', url: '/playgate/v1/checkout/orders', payload: { entryId: 'fight-night' } })).statusCode).toBe(404);
      expect((await off.app.inject({ url: '/app-config.json' })).json()).toMatchObject({ demoCheckout: null });
    } finally {
      await off.dispose();
    }
  });
});
