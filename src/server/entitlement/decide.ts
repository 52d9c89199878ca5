// The decision pipeline: rules in order, the first that answers decides.
// Later rules (claims, internal store) slot in above the MVPD here.
import type { DecisionInput, Rule, RuleResult } from './decision.ts';

export async function decide(rules: Rule[], input: DecisionInput): Promise<RuleResult> {
  for (const rule of rules) {
    const result = await rule.evaluate(input);
    if (result) return result;
  }
  return {
    decision: 'Deny',
    source: 'none',
    code: 'authorization_denied_by_mvpd',
    details: `no rule grants "${input.resourceId}"`,
    trace: { rule: 'none', note: 'no rule applied to this resource' },
  };
}
