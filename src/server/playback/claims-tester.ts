// The claim-mapping tester for integrators: given a JWT (or bare claims) and an entry,
// says which rule and which claim would decide, and why. A JWT from a trusted issuer is
// verified; any other is only decoded for inspection and reported as unverified.
import { decodeJwt, type JWTPayload } from 'jose';
import type { ClaimsTestResponse } from '../../shared/api/playback.ts';
import { PassError } from '../http/pass-error.ts';
import type { PassContext } from '../context/pass-context.ts';
import { claimsRule } from '../entitlement/rules/claims-rule.ts';
import { internalStoreRule } from '../entitlement/rules/internal-store-rule.ts';
import { decide } from '../entitlement/pipeline.ts';
import { requiredEntitlements } from '../entitlement/decision.ts';
import type { GrantLookup } from '../entitlement/entitlement-store.ts';
import { tenantFor } from '../entitlement/tenants.ts';
import type { SsoVerifier } from '../tokens/sso-verifier.ts';

export interface ClaimsTestInput {
  entryId: string;
  jwt?: string | undefined;
  claims?: Record<string, unknown> | undefined;
  tenant?: string | undefined;
}

export async function testClaims(deps: { config: PassContext['config']; sso: SsoVerifier; store: GrantLookup }, input: ClaimsTestInput): Promise<ClaimsTestResponse> {
  const tenant = tenantFor(deps.config, input.tenant);
  if (!tenant) throw new PassError('NO_ENTITY_EXIST', `unknown tenant "${String(input.tenant).slice(0, 64)}"`);
  const resource = deps.config.resources.find((r) => r.id === input.entryId);
  if (!resource) throw new PassError('NO_ENTITY_EXIST', `no entry "${input.entryId.slice(0, 64)}"`);
  if (!input.jwt === !input.claims) throw new PassError('invalid_request', 'send exactly one of "jwt" or "claims"');

  const notes: string[] = [];
  let claims: JWTPayload;
  let tokenVerified = false;
  let tokenProblem: string | undefined;
  if (input.jwt) {
    try {
      claims = await deps.sso.verify(input.jwt);
      tokenVerified = true;
    } catch (err) {
      tokenProblem = (err as Error).message;
      try {
        claims = decodeJwt(input.jwt); // inspection only: this result authorises nothing
      } catch {
        throw new PassError('invalid_request', 'the jwt is not a decodable JWT');
      }
      notes.push('The token did not verify against any trusted issuer: a real request with it would get TOKEN_ERROR.');
    }
  } else {
    claims = input.claims as JWTPayload;
    notes.push('Bare claims: not verified.');
  }
  if (tenant.auth) notes.push(`Tenant ${tenant.id} uses full external entitlements: the "${tenant.auth.jwks.claims.entry}" claim must name the entry.`);

  const required = requiredEntitlements({ entryId: resource.id, resource, tenant, viewer: null, mvpd: null, now: Date.now() }) ?? [];
  const viewer = { issuer: String(claims.iss ?? ''), subject: String(claims.sub ?? ''), claims };
  const result = await decide([claimsRule(), internalStoreRule(deps.store)], { entryId: resource.id, resource, tenant, viewer, mvpd: null, now: Date.now() });
  if (resource.access.type === 'tve') {
    notes.push('A TV Everywhere entry: the viewer’s MVPD decides at play time, through their authenticated (or SSO) profile.');
    return { entryId: resource.id, decision: 'Depends', rule: 'mvpd', required, tokenVerified, ...(tokenProblem ? { tokenProblem } : {}), notes };
  }
  if (result.decision === 'Deny') notes.push(`No configured claim (${tenant.entitlements?.jwtClaims.map((c) => c.path).join(', ') ?? 'none'}) carries ${required.join(' or ')}, and the internal store has no grant for ${viewer.issuer} / ${viewer.subject}.`);
  return {
    entryId: resource.id,
    decision: result.decision,
    rule: result.trace.rule,
    ...(result.trace.claim ? { claim: result.trace.claim } : {}),
    ...(result.trace.value ? { value: result.trace.value } : result.trace.grant ? { value: result.trace.grant.entitlement } : {}),
    required,
    tokenVerified,
    ...(tokenProblem ? { tokenProblem } : {}),
    notes,
  };
}
