// The grant identity rule (EntitlementStore.grant): identical active grants are one grant;
// the same identity with another start is a conflict; a revoked grant frees its identity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { EntitlementStore } from './entitlement-store.ts';

const ISS = 'https://idp.example';
const DAY = 86_400_000;
const NOW = Date.now();
const ADMIN = 'Bearer playgate-admin-dev-token';

let sys: TestSystem;
let store: EntitlementStore;
beforeAll(async () => {
  sys = await startTestSystem();
  store = new EntitlementStore(sys.ctx.db);
});
afterAll(() => sys.dispose());

describe('EntitlementStore.grant identity', () => {
  it('an identical explicit window answers the existing grant', async () => {
    const g = { issuer: ISS, subject: 's1', entitlement: 'e', kind: 'purchase' as const, notBefore: NOW - DAY, notAfter: NOW + DAY };
    const a = await store.grant(g, NOW);
    const b = await store.grant(g, NOW + 5);
    expect([a.outcome, b.outcome]).toEqual(['created', 'existing']);
    expect(b.grant.id).toBe(a.grant.id);
  });

  it('an omitted notBefore ("from now") is met by an open grant, not by one that opens later', async () => {
    const a = await store.grant({ issuer: ISS, subject: 's2', entitlement: 'e', kind: 'subscription' }, NOW);
    const b = await store.grant({ issuer: ISS, subject: 's2', entitlement: 'e', kind: 'subscription' }, NOW + 1000);
    expect(b).toEqual({ outcome: 'existing', grant: a.grant });
    const later = await store.grant({ issuer: ISS, subject: 's3', entitlement: 'e', kind: 'purchase', notBefore: NOW + DAY }, NOW);
    const c = await store.grant({ issuer: ISS, subject: 's3', entitlement: 'e', kind: 'purchase' }, NOW);
    expect(c).toEqual({ outcome: 'conflict', grant: later.grant });
  });

  it('another kind or another end is another grant; a revoked grant frees its identity', async () => {
    const base = { issuer: ISS, subject: 's4', entitlement: 'e', kind: 'purchase' as const };
    const a = await store.grant(base, NOW);
    expect((await store.grant({ ...base, kind: 'subscription' }, NOW)).outcome).toBe('created');
    expect((await store.grant({ ...base, notAfter: NOW + DAY }, NOW)).outcome).toBe('created');
    await store.revoke(a.grant.id, NOW);
    const again = await store.grant(base, NOW);
    expect(again.outcome).toBe('created');
    expect(again.grant.id).not.toBe(a.grant.id);
  });

  it('the admin API answers 201, then 200 with the same grant, and 409 for another start', async () => {
    const payload = { subject: 's5', entitlement: 'e', kind: 'purchase', notBefore: NOW + DAY, notAfter: NOW + 2 * DAY };
    const post = (p: object) => sys.app.inject({ method: 'POST', url: '/admin/entitlements', headers: { authorization: ADMIN }, payload: p });
    const first = await post(payload);
    const second = await post(payload);
    const other = await post({ ...payload, notBefore: NOW + DAY + 1 });
    expect([first.statusCode, second.statusCode, other.statusCode]).toEqual([201, 200, 409]);
    expect(second.json()).toEqual(first.json());
    expect(other.json().code).toBe('already_exists');
    expect(other.json().details).toContain(first.json().id);
  });
});
