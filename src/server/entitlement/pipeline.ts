// The decision pipeline. The rules, in order — the first that answers decides:
//   1. claims          the viewer's SSO token claims (partial external entitlements)
//   2. internal-store  purchases and subscriptions recorded for the viewer
//   3. degradation     a degradation rule on the viewer's MVPD decides instead of it
//   4. mvpd            the viewer's TV provider, for TV Everywhere resources
// Nothing answered: Deny `no_entitlement` (or the MVPD profile is what is missing).
import type { MvpdGateway } from '../mvpd-client/mvpd-gateway.ts';
import type { DecisionInput, Rule, RuleResult } from './decision.ts';
import type { GrantLookup } from './entitlement-store.ts';
import { claimsRule } from './rules/claims-rule.ts';
import { internalStoreRule } from './rules/internal-store-rule.ts';
import { mvpdRule } from './rules/mvpd-rule.ts';
import { degradationRule } from './rules/degradation-rule.ts';

export function buildRules(deps: { store: GrantLookup; mvpdGateway: MvpdGateway }): Rule[] {
  return [claimsRule(), internalStoreRule(deps.store), degradationRule(), mvpdRule(deps.mvpdGateway)];
}

export async function decide(rules: Rule[], input: DecisionInput): Promise<RuleResult> {
  for (const rule of rules) {
    const result = await rule.evaluate(input);
    if (result) return result;
  }
  if (!input.resource) return { decision: 'Deny', source: 'none', code: 'no_entitlement', details: `unknown resource "${input.entryId.slice(0, 64)}"`, trace: { rule: 'none', note: 'unknown resource' } };
  if (input.resource.access.type === 'tve') {
    return { decision: 'Deny', source: 'none', code: 'authenticated_profile_missing', trace: { rule: 'none', note: 'a TV Everywhere title needs a TV provider sign-in' } };
  }
  return {
    decision: 'Deny',
    source: 'none',
    code: 'no_entitlement',
    details: input.viewer ? 'no claim or purchase grants this title' : 'sign in to watch this title',
    trace: { rule: 'none', note: input.viewer ? 'no claim matched and no internal grant' : 'no signed-in viewer' },
  };
}
