// Types of the decision engine: what a rule sees, what it answers, and the trace
// that explains every decision (shown in the journey view, kept in the audit table).
import type { ErrorCode } from '../../shared/error-codes.ts';
import type { MvpdConfig, ResourceConfig } from '../config/schema.ts';
import type { MvpdAnswer } from '../pass/mvpd-gateway.ts';

export interface DecisionInput {
  resourceId: string;
  resource: ResourceConfig | undefined;
  mvpd: MvpdConfig;
  /** The MVPD subscriber behind the viewer's authenticated profile. */
  subscriber: string;
}

export interface DecisionTrace {
  rule: string;
  /** hit: answered from the decision cache (the MVPD was not asked again). */
  cache?: 'hit' | 'miss';
  mvpd?: { answer: MvpdAnswer['outcome']; reason?: string; latencyMs: number };
  note?: string;
}

export type RuleResult =
  | { decision: 'Permit'; source: string; trace: DecisionTrace }
  | { decision: 'Deny'; source: string; code: ErrorCode; details?: string; trace: DecisionTrace };

/** A rule decides, or passes (undefined) to the next rule. */
export interface Rule {
  name: string;
  evaluate(input: DecisionInput): Promise<RuleResult | undefined>;
}
