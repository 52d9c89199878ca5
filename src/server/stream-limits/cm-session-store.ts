// Stream sessions in the database (shared by every instance): start under a per-subject
// lock (count, evict, insert in one transaction, so two racing starts cannot both take
// the last slot), heartbeat, end, and the running streams of an account.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { CmSessionsTable } from '../db/schema.ts';
import type { RemoteTermination, RuleViolation } from '../../shared/api/concurrency.ts';
import { evaluate, evaluateRunning, streamView, type CmPolicy, type LiveStream } from './cm-policy.ts';

export interface CmApplication {
  id: string;
  name: string;
  policy: CmPolicy;
}

/** Adobe: "once set, cannot be changed" by a heartbeat. */
const IMMUTABLE = new Set(['package', 'channel', 'platform', 'assetId', 'idp', 'mvpd', 'hba_status', 'hba', 'mobileDevice']);
/** Sessions gone for this long are deleted when their account starts a new one. */
const KEEP_GONE_MS = 3600_000;

export type StartResult = { kind: 'created'; sessionId: string; terminationCode: string; expiresAt: number } | { kind: 'conflict'; advice: RuleViolation[] };
export type HeartbeatResult =
  | { kind: 'ok'; expiresAt: number }
  | { kind: 'gone' }
  | { kind: 'terminated'; advice: RemoteTermination }
  /** Over the policy as it is now: the session is ended, its next heartbeat gets a bare 410. */
  | { kind: 'conflict'; advice: RuleViolation[] };

export class CmSessionStore {
  constructor(
    private readonly db: Db,
    private readonly timeoutMs: number,
    /** Application id → its name, as shown to other devices. */
    private readonly appNames: ReadonlyMap<string, string>,
    /** Application id → its policy now (Adobe's "relevant activity": streams of the applications that have the policy). */
    private readonly appPolicies: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** The streams a policy counts: those started by an application that has it now (or had it, when the config no longer names the application). */
  private relevant(rows: CmSessionsTable[], policy: string): CmSessionsTable[] {
    return rows.filter((r) => (this.appPolicies.get(r.application_id) ?? r.policy) === policy);
  }

  async start(app: CmApplication, q: { idp: string; subject: string; metadata: Record<string, string>; terminate: ReadonlySet<string> }, now = Date.now()): Promise<StartResult> {
    return this.db.transaction().execute(async (trx) => {
      // The lock row: on PostgreSQL the upsert holds its row lock until commit, so a racing
      // start for the same account waits and then counts this one; SQLite writes serialise anyway.
      await trx
        .insertInto('cm_subject_locks')
        .values({ key: JSON.stringify([q.idp, q.subject]), touched_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ touched_at: now }))
        .execute();
      await trx.deleteFrom('cm_sessions').where('idp', '=', q.idp).where('subject', '=', q.subject).where('expires_at', '<', now - KEEP_GONE_MS).execute();
      // Oldest first: the 409 lists the streams in the order they started (heartbeats do not reorder them).
      const rows = await liveRows(trx, q.idp, q.subject, now).orderBy('started_at').orderBy('session_id').execute();
      const live = this.relevant(rows, app.policy.name).map((row) => toLive(row, this.appNames));
      const advice = evaluate(app.policy, q, live, q.terminate);
      if (advice.length > 0) return { kind: 'conflict', advice };

      const evicted = live.filter((s) => q.terminate.has(s.terminationCode));
      const metadata = { ...q.metadata, ...(evicted.length > 0 ? { superseded: evicted.map((s) => s.terminationCode).join(',') } : {}) };
      const { metadata: _m, terminationCode: _t, ...terminator } = streamView({ applicationName: app.name, metadata, startedAt: now });
      if (evicted.length > 0) {
        await trx
          .updateTable('cm_sessions')
          .set({ terminated_at: now, terminator: JSON.stringify(terminator) })
          .where('session_id', 'in', evicted.map((s) => s.sessionId))
          .execute();
      }
      const sessionId = randomUUID();
      const terminationCode = randomBytes(4).toString('hex');
      const expiresAt = now + this.timeoutMs;
      await trx
        .insertInto('cm_sessions')
        .values({
          session_id: sessionId,
          application_id: app.id,
          policy: app.policy.name,
          idp: q.idp,
          subject: q.subject,
          termination_code: terminationCode,
          metadata: JSON.stringify(metadata),
          started_at: now,
          expires_at: expiresAt,
          terminated_at: null,
          terminator: null,
        })
        .execute();
      return { kind: 'created', sessionId, terminationCode, expiresAt };
    });
  }

  async heartbeat(app: CmApplication, q: { idp: string; subject: string; sessionId: string; metadata: Record<string, string> }, now = Date.now()): Promise<HeartbeatResult> {
    const row = await this.own(app, q);
    if (!row || row.expires_at <= now) return { kind: 'gone' };
    if (row.terminated_at !== null) {
      if (!row.terminator) return { kind: 'gone' };
      return { kind: 'terminated', advice: { type: 'remote-termination', message: 'This session was terminated by a remote user', terminator: JSON.parse(row.terminator) } };
    }
    const current = JSON.parse(row.metadata) as Record<string, string>;
    const merged = { ...current };
    for (const [k, v] of Object.entries(q.metadata)) if (!(IMMUTABLE.has(k) && k in current)) merged[k] = v;
    // Adobe: "for active streams the decision is returned on the heartbeat response". The policy
    // may have changed since the start (a lowered limit, another policy for the application).
    const rows = await liveRows(this.db, q.idp, q.subject, now).orderBy('started_at').orderBy('session_id').execute();
    const advice = evaluateRunning(app.policy, { idp: q.idp, subject: q.subject, sessionId: row.session_id, metadata: merged }, this.relevant(rows, app.policy.name).map((r) => toLive(r, this.appNames)));
    if (advice.length > 0) {
      // Ended, not evicted: no other stream took it over, so its next heartbeat gets a bare 410.
      await this.db.updateTable('cm_sessions').set({ terminated_at: now, terminator: null }).where('session_id', '=', row.session_id).where('terminated_at', 'is', null).execute();
      return { kind: 'conflict', advice };
    }
    const expiresAt = now + this.timeoutMs;
    // Conditional on still live: a heartbeat racing an eviction never revives the session.
    const res = await this.db
      .updateTable('cm_sessions')
      .set({ expires_at: expiresAt, metadata: JSON.stringify(merged) })
      .where('session_id', '=', row.session_id)
      .where('terminated_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return this.heartbeat(app, q, now);
    return { kind: 'ok', expiresAt };
  }

  /** true: ended now; false: it was already gone (expired, evicted, ended or unknown). */
  async end(app: CmApplication, q: { idp: string; subject: string; sessionId: string }, now = Date.now()): Promise<boolean> {
    const res = await this.db
      .updateTable('cm_sessions')
      .set({ terminated_at: now, terminator: null })
      .where('session_id', '=', q.sessionId)
      .where('application_id', '=', app.id)
      .where('idp', '=', q.idp)
      .where('subject', '=', q.subject)
      .where('terminated_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Every live stream of the account, across applications, oldest first. */
  async running(idp: string, subject: string, now = Date.now()): Promise<CmSessionsTable[]> {
    return (await liveRows(this.db, idp, subject, now).orderBy('started_at').execute()).map(normalise);
  }

  private async own(app: CmApplication, q: { idp: string; subject: string; sessionId: string }) {
    return this.db
      .selectFrom('cm_sessions')
      .selectAll()
      .where('session_id', '=', q.sessionId)
      .where('application_id', '=', app.id)
      .where('idp', '=', q.idp)
      .where('subject', '=', q.subject)
      .executeTakeFirst()
      .then((row) => (row ? normalise(row) : undefined));
  }
}

function liveRows(db: Db | Parameters<Parameters<ReturnType<Db['transaction']>['execute']>[0]>[0], idp: string, subject: string, now: number) {
  return db.selectFrom('cm_sessions').selectAll().where('idp', '=', idp).where('subject', '=', subject).where('expires_at', '>', now).where('terminated_at', 'is', null);
}

/** PostgreSQL answers bigint columns as strings. */
function normalise(row: CmSessionsTable): CmSessionsTable {
  return { ...row, started_at: Number(row.started_at), expires_at: Number(row.expires_at), terminated_at: row.terminated_at === null ? null : Number(row.terminated_at) };
}

function toLive(row: CmSessionsTable, names: ReadonlyMap<string, string>): LiveStream {
  const r = normalise(row);
  return { sessionId: r.session_id, applicationName: names.get(r.application_id) ?? r.application_id, terminationCode: r.termination_code, metadata: JSON.parse(r.metadata), startedAt: r.started_at };
}
