// Rule 1 — claims (partial external entitlements, StreamAMG): a direct resource's
// required entitlements (or the tenant's defaultEntryEntitlement) are matched against
// the values of every configured jwtClaim of the viewer's verified SSO token, read by the
// shared claim parser (path, format, value mapping: src/shared/claims).
// "*" means any signed-in viewer. No match: pass to the internal store.
import { entitlementValues } from '../../../shared/claims/entitlement-claims.ts';
import { requiredEntitlements, type Rule } from '../decision.ts';

export const WILDCARD = '*';

export function claimsRule(): Rule {
  return {
    name: 'claims',
    async evaluate(input) {
      const required = requiredEntitlements(input);
      const config = input.tenant.entitlements;
      if (!required || !config || !input.viewer) return undefined;
      if (required.includes(WILDCARD)) {
        return { decision: 'Permit', source: 'claims', trace: { rule: 'claims', claim: WILDCARD, value: WILDCARD, note: 'default entitlement: any signed-in viewer' } };
      }
      for (const claim of config.jwtClaims) {
        const value = entitlementValues(claim, input.viewer.claims).find((v) => required.includes(v));
        if (value !== undefined) return { decision: 'Permit', source: 'claims', trace: { rule: 'claims', claim: claim.path, value } };
      }
      return undefined;
    },
  };
}
