// Types of the decision engine: what a rule sees, what it answers, and the trace that
// explains every decision (shown in the journey view, kept in the audit table). No
// tokens or secrets ever go into a trace.
import type { JWTPayload } from 'jose';
import type { ErrorCode } from '../../shared/error-codes.ts';
import type { MvpdConfig, ResourceConfig, TenantConfig } from '../config/schema.ts';
import type { MvpdAnswer } from '../mvpd-client/mvpd-gateway.ts';
import type { Obligation } from '../../shared/obligations.ts';

/** A viewer whose SSO token has been verified. */
export interface Viewer {
  issuer: string;
  subject: string;
  claims: JWTPayload;
}

export interface DecisionInput {
  entryId: string;
  resource: ResourceConfig | undefined;
  tenant: TenantConfig;
  viewer: Viewer | null;
  /** The MVPD and subscriber behind the viewer's authenticated profile, if any. */
  mvpd: { config: MvpdConfig; subscriber: string } | null;
  /** A degradation rule in force for that MVPD (degradation/), read from memory by the caller. */
  degradation?: { rule: 'AuthNAll' | 'AuthZAll' | 'AuthZNone'; details: string | null; notAfter: number | null } | undefined;
  now: number;
}

export interface DecisionTrace {
  rule: string;
  /** The claim and value that matched (claims rule). */
  claim?: string;
  value?: string;
  /** The internal grant that matched (store rule). */
  grant?: { id: string; kind: string; entitlement: string; notAfter: number | null };
  mvpd?: { id?: string; answer: MvpdAnswer['outcome']; reason?: string; latencyMs: number; breaker?: 'open' | 'probe'; queuedMs?: number; obligations?: string[] };
  /** The degradation rule that decided instead of the MVPD (the MVPD was not asked). */
  degradation?: { rule: string; mvpd: string; until: number | null };
  /** hit: answered from the decision cache (the MVPD was not asked again). */
  cache?: 'hit' | 'miss';
  note?: string;
}

/** `obligations`: what the MVPD asked the programmer to fulfil with its answer (XACML). */
export type RuleResult =
  | { decision: 'Permit'; source: string; trace: DecisionTrace; obligations?: Obligation[] }
  | { decision: 'Deny'; source: string; code: ErrorCode; details?: string; trace: DecisionTrace; obligations?: Obligation[] };

/** A rule decides, or passes (undefined) to the next rule. */
export interface Rule {
  name: string;
  evaluate(input: DecisionInput): Promise<RuleResult | undefined>;
}

/** What a direct resource requires: its own list, else the tenant's default. */
export function requiredEntitlements(input: DecisionInput): string[] | null {
  const access = input.resource?.access;
  if (access?.type !== 'direct') return null;
  if (access.entitlements && access.entitlements.length > 0) return access.entitlements;
  return input.tenant.entitlements?.defaultEntryEntitlement ?? [];
}
