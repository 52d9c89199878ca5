// A decision trace row (GET /playgate/v1/traces/{trace}) in words: which rule decided
// and why — the claim that matched, the internal grant, the MVPD's answer, the cache.
import type { DecisionView } from './journey-model.ts';
import type { DecisionTraceRow } from '../../../shared/api/decision-trace.ts';

export type TraceRow = DecisionTraceRow;

interface TraceDetails {
  claim?: string;
  value?: string;
  grant?: { kind?: string; entitlement?: string };
  mvpd?: { id?: string; answer?: string; reason?: string; latencyMs?: number };
  cache?: string;
  note?: string;
}

export function explainDecision(row: TraceRow): DecisionView {
  const d = (row.details && typeof row.details === 'object' ? row.details : {}) as TraceDetails;
  const why: string[] = [];
  if (d.claim) why.push(`claim ${d.claim} has “${d.value ?? ''}”`);
  if (d.grant) why.push(`internal ${d.grant.kind ?? 'grant'} of ${d.grant.entitlement ?? '?'}`);
  if (d.mvpd) why.push(`${d.mvpd.id ?? row.mvpd} answered ${d.mvpd.answer ?? '?'}${d.mvpd.reason ? ` (${d.mvpd.reason})` : ''} in ${d.mvpd.latencyMs ?? row.latencyMs} ms`);
  if (d.cache === 'hit') why.push('from the decision cache');
  if (d.note) why.push(d.note);
  if (row.errorCode) why.push(`code ${row.errorCode}`);
  return { resource: row.resource, decision: row.decision, rule: row.rule, why: why.join('; ') || 'no details recorded' };
}
