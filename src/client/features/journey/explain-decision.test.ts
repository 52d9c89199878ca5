// A decision trace in words: which rule decided and why.
import { describe, expect, it } from 'vitest';
import { explainDecision, type TraceRow } from './explain-decision.ts';

const row = (over: Partial<TraceRow>): TraceRow => ({ at: 0, resource: 'news-24', mvpd: 'Skyline', decision: 'Permit', source: 'mvpd', rule: 'mvpd', errorCode: null, latencyMs: 4, details: {}, ...over });

describe('explainDecision', () => {
  it('names the MVPD answer and the cache', () => {
    expect(explainDecision(row({ details: { rule: 'mvpd', mvpd: { id: 'Skyline', answer: 'Permit', latencyMs: 4 }, cache: 'miss' } }))).toEqual({
      resource: 'news-24',
      decision: 'Permit',
      rule: 'mvpd',
      why: 'Skyline answered Permit in 4 ms',
    });
    expect(explainDecision(row({ details: { rule: 'mvpd', cache: 'hit' } })).why).toBe('from the decision cache');
  });

  it('names the claim or grant that matched, and the error code of a Deny', () => {
    expect(explainDecision(row({ rule: 'claims', details: { claim: 'roles', value: 'premium' } })).why).toBe('claim roles has “premium”');
    expect(explainDecision(row({ rule: 'internal-store', details: { grant: { kind: 'purchase', entitlement: 'ppv-fight-night' } } })).why).toBe('internal purchase of ppv-fight-night');
    expect(
      explainDecision(row({ decision: 'Deny', errorCode: 'authorization_denied_by_mvpd', details: { mvpd: { answer: 'Deny', reason: 'not_in_package', latencyMs: 3 } } })).why,
    ).toBe('Skyline answered Deny (not_in_package) in 3 ms; code authorization_denied_by_mvpd');
    expect(explainDecision(row({ details: null })).why).toBe('no details recorded');
  });
});
