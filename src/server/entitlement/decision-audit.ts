// The audit log of decisions: one row per decided resource, with its trace (JSON,
// never a token), retrievable by the request's trace id for the journey view.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { RuleResult } from './decision.ts';
import type { DecisionTraceRow } from '../../shared/api/decision-trace.ts';
import { auditWriter } from './audit-group-commit.ts';

export interface AuditEntry {
  trace: string;
  requestor: string;
  mvpd: string;
  resource: string;
  deviceHash: string;
  result: RuleResult;
  /** authorize | preauthorize (default: authorize). */
  kind?: string;
  /** A bounded platform name (monitoring/platform.ts), or none. */
  platform?: string | null;
}

/** Told of every decision once its audit row is committed (the metrics; synchronous, never throws into the caller). */
export type DecisionListener = (entries: readonly AuditEntry[]) => void;
const listeners = new WeakMap<Db, DecisionListener>();
/** One listener per database handle (each app has its own): the monitoring registers it. */
export function onDecisionsRecorded(db: Db, listener: DecisionListener | undefined): void {
  if (listener) listeners.set(db, listener);
  else listeners.delete(db);
}

/** Where decisions are also logged (Fastify's request logger fits). */
export interface DecisionLogger {
  info(obj: object, msg: string): void;
}

export async function recordDecisions(db: Db, entries: AuditEntry[], now = Date.now(), log?: DecisionLogger): Promise<void> {
  if (entries.length === 0) return;
  for (const e of entries) {
    log?.info({ trace: e.trace, resource: e.resource, mvpd: e.mvpd || undefined, decision: e.result.decision, rule: e.result.trace.rule, details: e.result.trace }, 'decision');
  }
  // Committed (with other requests' rows) before this returns: see audit-group-commit.ts.
  await auditWriter(db).write(
    entries.map((e) => ({
      id: randomUUID(),
      trace: e.trace,
      requestor: e.requestor,
      mvpd: e.mvpd,
      resource: e.resource,
      device_id: e.deviceHash,
      decision: e.result.decision,
      source: e.result.source,
      error_code: e.result.decision === 'Deny' ? e.result.code : null,
      latency_ms: e.result.trace.mvpd?.latencyMs ?? 0,
      created_at: now,
      rule: e.result.trace.rule,
      trace_json: JSON.stringify(e.result.trace),
      kind: e.kind ?? 'authorize',
      platform: e.platform ?? null,
    })),
  );
  const listener = listeners.get(db);
  if (listener) {
    try {
      listener(entries);
    } catch {
      // Metrics never fail a decision.
    }
  }
}

export interface TraceView extends DecisionTraceRow {
  trace: string;
}

export async function findDecisionTrace(db: Db, requestor: string, trace: string): Promise<TraceView[]> {
  const rows = await db.selectFrom('decisions_audit').selectAll().where('trace', '=', trace).where('requestor', '=', requestor).orderBy('created_at').execute();
  return rows.map((r) => ({
    trace: r.trace,
    at: Number(r.created_at),
    resource: r.resource,
    mvpd: r.mvpd,
    decision: r.decision,
    source: r.source,
    rule: r.rule,
    errorCode: r.error_code,
    latencyMs: r.latency_ms,
    details: r.trace_json ? JSON.parse(r.trace_json) : null,
  }));
}
