// The decision engine, table-driven: every claim shape, the default entitlement, the
// fallback to the internal store (valid, expired, future, revoked, foreign grants), the
// MVPD (Permit, package, parental, down) and the order of the rules. Real store (SQLite
// or PostgreSQL), real MVPD simulator.
import { normalizeClaim } from '../../shared/claims/entitlement-claims.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JWTPayload } from 'jose';
import type { TenantConfig } from '../config/schema.ts';
import { startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { buildRules, decide } from './pipeline.ts';
import { EntitlementStore } from './entitlement-store.ts';
import type { DecisionInput, Rule } from './decision.ts';

let sys: TestSystem;
let rules: Rule[];
let store: EntitlementStore;
const ISS = 'http://localhost:8081';
const NOW = Date.now();
const DAY = 86_400_000;

beforeAll(async () => {
  sys = await startTestSystem();
  store = new EntitlementStore(sys.ctx.db);
  rules = buildRules({ store, mvpdGateway: sys.ctx.mvpdGateway });
  // Grants beside the seeded one (carol: ppv-fight-night purchase).
  await store.grant({ issuer: ISS, subject: 'dave', entitlement: 'ppv-fight-night', kind: 'purchase', notBefore: NOW - 10 * DAY, notAfter: NOW - DAY });
  await store.grant({ issuer: ISS, subject: 'erin', entitlement: 'ppv-fight-night', kind: 'purchase', notBefore: NOW + DAY });
  const { grant: revoked } = await store.grant({ issuer: ISS, subject: 'frank', entitlement: 'ppv-fight-night', kind: 'purchase' });
  await store.revoke(revoked.id);
  await store.grant({ issuer: 'https://other-idp.example', subject: 'gina', entitlement: 'ppv-fight-night', kind: 'purchase' });
  await store.grant({ issuer: ISS, subject: 'hank', entitlement: 'ppv-fight-night', kind: 'subscription', notAfter: NOW + 30 * DAY });
});
afterAll(() => sys.dispose());

const partial = (jwtClaims = ['roles', 'scope', 'permissions', 'entitlements'], defaultEntryEntitlement = ['*']): TenantConfig => ({
  id: 'PLAYGATE',
  entitlements: { defaultEntryEntitlement, jwtClaims: jwtClaims.map(normalizeClaim) },
});

interface Case {
  name: string;
  entry: string;
  claims?: JWTPayload | null;
  subject?: string;
  issuer?: string;
  tenant?: TenantConfig;
  mvpd?: { id: string; subscriber: string } | null;
  expect: { decision: 'Permit' | 'Deny'; rule?: string; claim?: string; value?: string; code?: string; grantKind?: string };
}

const cases: Case[] = [
  // Claims: every shape.
  { name: 'roles array with premium', entry: 'premium-doc', claims: { roles: ['premium', 'subscriber'] }, expect: { decision: 'Permit', rule: 'claims', claim: 'roles', value: 'premium' } },
  { name: 'roles as a single string', entry: 'premium-doc', claims: { roles: 'premium' }, expect: { decision: 'Permit', rule: 'claims', claim: 'roles', value: 'premium' } },
  { name: 'scope as a space-separated string', entry: 'premium-doc', claims: { scope: 'openid premium profile' }, expect: { decision: 'Permit', rule: 'claims', claim: 'scope', value: 'premium' } },
  { name: 'permissions array', entry: 'premium-doc', claims: { permissions: ['read', 'premium'] }, expect: { decision: 'Permit', rule: 'claims', claim: 'permissions' } },
  { name: 'entitlements array', entry: 'premium-doc', claims: { entitlements: ['premium'] }, expect: { decision: 'Permit', rule: 'claims', claim: 'entitlements' } },
  { name: 'mixed array with non-strings', entry: 'premium-doc', claims: { roles: [42, null, 'premium'] }, expect: { decision: 'Permit', rule: 'claims', claim: 'roles' } },
  { name: 'roles without premium', entry: 'premium-doc', claims: { roles: ['free'] }, expect: { decision: 'Deny', code: 'no_entitlement' } },
  { name: 'no entitlement claims at all', entry: 'premium-doc', claims: {}, expect: { decision: 'Deny', code: 'no_entitlement' } },
  { name: 'values are case-sensitive', entry: 'premium-doc', claims: { roles: ['Premium'] }, expect: { decision: 'Deny', code: 'no_entitlement' } },
  { name: 'a substring is not a match', entry: 'premium-doc', claims: { scope: 'premiums premium-lite' }, expect: { decision: 'Deny', code: 'no_entitlement' } },
  { name: 'an object claim is ignored', entry: 'premium-doc', claims: { roles: { premium: true } }, expect: { decision: 'Deny', code: 'no_entitlement' } },
  { name: 'a claim not in jwtClaims is ignored', entry: 'premium-doc', claims: { roles: ['premium'] }, tenant: partial(['scope']), expect: { decision: 'Deny', code: 'no_entitlement' } },
  { name: 'claims are checked in configured order', entry: 'premium-doc', claims: { roles: ['premium'], scope: 'premium' }, tenant: partial(['scope', 'roles']), expect: { decision: 'Permit', claim: 'scope' } },
  { name: 'a custom claim name from config', entry: 'premium-doc', claims: { tiers: ['premium'] }, tenant: partial(['tiers']), expect: { decision: 'Permit', claim: 'tiers' } },
  // The default entitlement.
  { name: 'trailer: ["*"] admits any signed-in viewer', entry: 'trailer', claims: {}, expect: { decision: 'Permit', rule: 'claims', claim: '*' } },
  { name: 'trailer: no signed-in viewer', entry: 'trailer', claims: null, expect: { decision: 'Deny', code: 'no_entitlement' } },
  { name: 'a stricter default entitlement is met by a claim', entry: 'trailer', claims: { roles: ['subscriber'] }, tenant: partial(undefined, ['subscriber']), expect: { decision: 'Permit', value: 'subscriber' } },
  { name: 'a stricter default entitlement unmet', entry: 'trailer', claims: { roles: ['free'] }, tenant: partial(undefined, ['subscriber']), expect: { decision: 'Deny', code: 'no_entitlement' } },
  // Fallback to the internal store.
  { name: 'carol’s seeded purchase', entry: 'fight-night', claims: {}, subject: 'carol', expect: { decision: 'Permit', rule: 'internal-store', grantKind: 'purchase' } },
  { name: 'a subscription grant', entry: 'fight-night', claims: {}, subject: 'hank', expect: { decision: 'Permit', rule: 'internal-store', grantKind: 'subscription' } },
  { name: 'claims win before the store', entry: 'fight-night', claims: { roles: ['ppv-fight-night'] }, subject: 'carol', expect: { decision: 'Permit', rule: 'claims' } },
  { name: 'no grant for bob', entry: 'fight-night', claims: { roles: ['free'] }, subject: 'bob', expect: { decision: 'Deny', code: 'no_entitlement' } },
  { name: 'an expired purchase', entry: 'fight-night', claims: {}, subject: 'dave', expect: { decision: 'Deny', code: 'no_entitlement' } },
  { name: 'a purchase not valid yet', entry: 'fight-night', claims: {}, subject: 'erin', expect: { decision: 'Deny', code: 'no_entitlement' } },
  { name: 'a revoked purchase', entry: 'fight-night', claims: {}, subject: 'frank', expect: { decision: 'Deny', code: 'no_entitlement' } },
  { name: 'a grant for the same subject at another issuer', entry: 'fight-night', claims: {}, subject: 'gina', expect: { decision: 'Deny', code: 'no_entitlement' } },
  { name: 'carol’s purchase does not open premium-doc', entry: 'premium-doc', claims: {}, subject: 'carol', expect: { decision: 'Deny', code: 'no_entitlement' } },
  // The MVPD for TV Everywhere resources.
  { name: 'news-24 in the basic package', entry: 'news-24', claims: {}, mvpd: { id: 'Skyline', subscriber: 'sky-basic' }, expect: { decision: 'Permit', rule: 'mvpd' } },
  { name: 'sports-one not in the basic package', entry: 'sports-one', claims: {}, mvpd: { id: 'Skyline', subscriber: 'sky-basic' }, expect: { decision: 'Deny', rule: 'mvpd', code: 'authorization_denied_by_mvpd' } },
  { name: 'late-movie over a parental limit', entry: 'late-movie', claims: {}, mvpd: { id: 'Skyline', subscriber: 'sky-kids' }, expect: { decision: 'Deny', rule: 'mvpd', code: 'authorization_denied_by_parental_controls' } },
  { name: 'sports-one in the sports package', entry: 'sports-one', claims: {}, mvpd: { id: 'Skyline', subscriber: 'sky-sports' }, expect: { decision: 'Permit', rule: 'mvpd' } },
  { name: 'premium claims do not open a TVE title without an MVPD', entry: 'news-24', claims: { roles: ['premium'] }, mvpd: null, expect: { decision: 'Deny', code: 'authenticated_profile_missing' } },
  { name: 'an unknown resource', entry: 'no-such-thing', claims: { roles: ['premium'] }, expect: { decision: 'Deny', code: 'no_entitlement' } },
];

describe('decision pipeline', () => {
  it('has at least 30 cases', () => expect(cases.length).toBeGreaterThanOrEqual(30));

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const mvpdConfig = c.mvpd ? sys.config.mvpds.find((m) => m.id === c.mvpd!.id)! : null;
    const input: DecisionInput = {
      entryId: c.entry,
      resource: sys.config.resources.find((r) => r.id === c.entry),
      tenant: c.tenant ?? partial(),
      viewer: c.claims === null ? null : { issuer: c.issuer ?? ISS, subject: c.subject ?? 'someone', claims: c.claims ?? {} },
      mvpd: mvpdConfig ? { config: mvpdConfig, subscriber: c.mvpd!.subscriber } : null,
      now: Date.now(),
    };
    const result = await decide(rules, input);
    expect(result.decision).toBe(c.expect.decision);
    if (c.expect.rule) expect(result.trace.rule).toBe(c.expect.rule);
    if (c.expect.claim) expect(result.trace.claim).toBe(c.expect.claim);
    if (c.expect.value) expect(result.trace.value).toBe(c.expect.value);
    if (c.expect.grantKind) expect(result.trace.grant?.kind).toBe(c.expect.grantKind);
    if (c.expect.code) expect(result.decision === 'Deny' && result.code).toBe(c.expect.code);
    // A trace never carries a token.
    expect(JSON.stringify(result.trace)).not.toMatch(/eyJ[A-Za-z0-9_-]+\./);
  });

  it('a down MVPD is a retry Deny with its latency in the trace', async () => {
    await sys.mvpd!.inject({
      method: 'PUT',
      url: '/admin/modes/Harbor',
      headers: { authorization: `Basic ${Buffer.from(`${sys.config.mvpdSimulator.clientId}:${sys.config.mvpdSimulator.clientSecret}`).toString('base64')}` },
      payload: { mode: 'down' },
    });
    const harbor = sys.config.mvpds.find((m) => m.id === 'Harbor')!;
    const result = await decide(rules, { entryId: 'news-24', resource: sys.config.resources.find((r) => r.id === 'news-24'), tenant: partial(), viewer: null, mvpd: { config: harbor, subscriber: 'harbor-basic' }, now: Date.now() });
    expect(result).toMatchObject({ decision: 'Deny', code: 'network_received_error', trace: { rule: 'mvpd', mvpd: { id: 'Harbor', answer: 'Error' } } });
    expect(result.trace.mvpd!.latencyMs).toBeGreaterThanOrEqual(0);
  });
});
