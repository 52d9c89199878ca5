// Rule 2 — internal store: purchases and subscriptions recorded for the viewer (issuer +
// subject), valid now, that grant one of the direct resource's required entitlements.
// The fallback when no claim matched; no grant: pass.
import { requiredEntitlements, type Rule } from '../decision.ts';
import type { GrantLookup } from '../entitlement-store.ts';
import { WILDCARD } from './claims-rule.ts';

export function internalStoreRule(store: GrantLookup): Rule {
  return {
    name: 'internal-store',
    async evaluate(input) {
      const required = requiredEntitlements(input)?.filter((e) => e !== WILDCARD);
      if (!required || required.length === 0 || !input.viewer) return undefined;
      const [grant] = await store.activeGrants(input.viewer.issuer, input.viewer.subject, required, input.now);
      if (!grant) return undefined;
      return {
        decision: 'Permit',
        source: 'internal-store',
        trace: { rule: 'internal-store', grant: { id: grant.id, kind: grant.kind, entitlement: grant.entitlement, notAfter: grant.notAfter } },
      };
    },
  };
}
