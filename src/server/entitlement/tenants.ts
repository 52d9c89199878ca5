// Picks the Playback/entitlement tenant: by id, else the requestor's, else the first.
// Without any configured tenant: partial mode over the IdP's entitlement claims, with
// ["*"] as the default entitlement.
import type { Config, TenantConfig } from '../config/schema.ts';

export function tenantFor(config: Config, id?: string): TenantConfig | undefined {
  const tenants = config.tenants;
  if (!tenants || tenants.length === 0) {
    const fallback = { id: config.requestor.id, entitlements: { defaultEntryEntitlement: ['*'], jwtClaims: config.idp.entitlementClaims } };
    return id === undefined || id === fallback.id ? fallback : undefined;
  }
  if (id !== undefined) return tenants.find((t) => t.id === id);
  return tenants.find((t) => t.id === config.requestor.id) ?? tenants[0];
}
