// Rule 3a — degradation: for TV Everywhere resources of an MVPD under a degradation rule,
// the rule decides and the MVPD is not asked. AuthNAll and AuthZAll: Permit (source
// "degradation"); AuthZNone: Deny `authorization_denied_by_degradation_rule`. Direct
// resources (claims, internal store) are never affected: they never involve the MVPD.
import type { Rule, RuleResult } from '../decision.ts';

export function degradationRule(): Rule {
  return {
    name: 'degradation',
    async evaluate({ resource, mvpd, degradation }): Promise<RuleResult | undefined> {
      if (resource?.access.type !== 'tve' || !mvpd || !degradation) return undefined;
      const trace = { rule: 'degradation', degradation: { rule: degradation.rule, mvpd: mvpd.config.id, until: degradation.notAfter } };
      if (degradation.rule === 'AuthZNone') {
        return {
          decision: 'Deny',
          source: 'degradation',
          code: 'authorization_denied_by_degradation_rule',
          details: degradation.details ?? 'The integration has an AuthZNone rule applied for the requested resources',
          trace,
        };
      }
      return { decision: 'Permit', source: 'degradation', trace };
    },
  };
}
