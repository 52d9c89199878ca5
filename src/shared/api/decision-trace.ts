// GET /playgate/v1/traces/{trace}: one decided resource, with the rule that decided and
// its trace details (never a token). Shared by the server's audit and the journey view.
export interface DecisionTraceRow {
  at: number;
  resource: string;
  mvpd: string;
  decision: string;
  source: string;
  rule: string | null;
  errorCode: string | null;
  latencyMs: number;
  details: unknown;
}
