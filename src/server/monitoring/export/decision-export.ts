// The decision log for offline analysis: every audit row of a time range with its trace,
// one JSON object per line, read in keyset pages (created_at, id) so a long range streams
// in bounded memory. Device ids are never in clear (the audit keeps only their hash), and
// anything in a trace that looks like a JWT is replaced, should a rule ever put one there.
import { Readable } from 'node:stream';
import type { Db } from '../../db/database.ts';

const PAGE = 1000;
/** Three base64url segments, the first starting like a JSON header: a compact JWS/JWT. */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

export interface ExportRange {
  since: number;
  until: number;
  limit: number;
}

export interface ExportedDecision {
  at: number;
  time: string;
  trace: string;
  requestor: string;
  mvpd: string;
  resource: string;
  kind: string;
  platform: string | null;
  decision: string;
  source: string;
  rule: string | null;
  errorCode: string | null;
  latencyMs: number;
  /** The device's stable hash (the same the media token carries), never the id. */
  deviceHash: string;
  details: unknown;
}

export function exportDecisions(db: Db, range: ExportRange): Readable {
  let after: { at: number; id: string } | null = null;
  let sent = 0;
  let done = false;
  return new Readable({
    async read() {
      if (done) return;
      try {
        const take = Math.min(PAGE, range.limit - sent);
        if (take <= 0) {
          done = true;
          this.push(null);
          return;
        }
        let q = db.selectFrom('decisions_audit').selectAll().where('created_at', '>=', range.since).where('created_at', '<', range.until);
        if (after) {
          const a = after;
          q = q.where((eb) => eb.or([eb('created_at', '>', a.at), eb.and([eb('created_at', '=', a.at), eb('id', '>', a.id)])]));
        }
        const rows = await q.orderBy('created_at').orderBy('id').limit(take).execute();
        if (rows.length === 0) {
          done = true;
          this.push(null);
          return;
        }
        const last = rows[rows.length - 1]!;
        after = { at: Number(last.created_at), id: last.id };
        sent += rows.length;
        const lines = rows.map((r) => {
          const line: ExportedDecision = {
            at: Number(r.created_at),
            time: new Date(Number(r.created_at)).toISOString(),
            trace: r.trace,
            requestor: r.requestor,
            mvpd: r.mvpd,
            resource: r.resource,
            kind: r.kind ?? 'authorize',
            platform: r.platform ?? null,
            decision: r.decision,
            source: r.source,
            rule: r.rule,
            errorCode: r.error_code,
            latencyMs: r.latency_ms,
            deviceHash: r.device_id,
            details: r.trace_json ? JSON.parse(r.trace_json.replace(JWT_LIKE, '[token removed]')) : null,
          };
          return JSON.stringify(line);
        });
        if (rows.length < take) done = true;
        this.push(`${lines.join('\n')}\n`);
        if (done) this.push(null);
      } catch (err) {
        this.destroy(err as Error);
      }
    },
  });
}
