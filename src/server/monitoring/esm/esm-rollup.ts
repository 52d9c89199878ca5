// The ESM roll-up job: sums what each source recorded since its watermark into the minute
// and hour roll-ups, in one transaction per run, on whichever instance runs it (the first
// statement locks the watermark rows, so two instances never sum the same rows). Rows
// younger than ROLLUP_LAG_MS are left to the queries, which read them raw: an audit row's
// created_at is when its decision started, and it commits after the MVPD answered.
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { LATENCY_COLUMNS } from './latency-buckets.ts';
import { accountsSelect, DAY_MS, ESM_SOURCES, sourceSelect, type EsmSource } from './esm-sources.ts';

/** Longer than any MVPD timeout plus a commit (default mvpd timeouts are seconds). */
export const ROLLUP_LAG_MS = 60_000;
/** At most this much time per source per run, so a first run over a long history stays a bounded transaction. */
const MAX_SPAN_MS = 6 * 3600_000;
/**
 * At most about this many audit rows per run. Why: on SQLite a run is synchronous on the event
 * loop, at ~5–12 µs per audit row, and a 15 s interval of a busy instance (3,000 decisions/s)
 * was one 45,000-row run: 570–690 ms during which no request was answered, every 15 s. Runs of
 * ≤ 1,000 rows, with the event loop served between them, keep each pause to a few ms.
 */
export const MAX_AUDIT_ROWS_PER_RUN = 1000;
/** Minute roll-ups are kept this long (the hour roll-ups forever). */
export const MINUTE_RETENTION_MS = 8 * 24 * 3600_000;

export const BUCKETS = { minute: 60_000, hour: 3600_000 } as const;
const SUMMED = ['n', 'media_tokens', 'latency_sum', ...LATENCY_COLUMNS];
const KEY = ['bucket', 'event', 'requestor', 'mvpd', 'resource', 'platform', 'result', 'reason'];

/** Where each source is summed up to (exclusive); a source never rolled up starts at 0. */
export async function watermarks(db: Db): Promise<Record<EsmSource, number>> {
  const rows = await db.selectFrom('esm_watermarks').select(['source', 'upto']).execute();
  const out = Object.fromEntries(ESM_SOURCES.map((s) => [s, 0])) as Record<EsmSource, number>;
  for (const r of rows) if ((ESM_SOURCES as readonly string[]).includes(r.source)) out[r.source as EsmSource] = Number(r.upto);
  return out;
}

/** One run: returns whether a source still lags (call again). */
export async function rollUp(db: Db, now = Date.now(), maxAuditRows = MAX_AUDIT_ROWS_PER_RUN): Promise<{ behind: boolean }> {
  const target = now - ROLLUP_LAG_MS;
  await db.insertInto('esm_watermarks').values(ESM_SOURCES.map((source) => ({ source, upto: 0 }))).onConflict((oc) => oc.column('source').doNothing()).execute();
  let behind = false;
  await db.transaction().execute(async (trx) => {
    // The lock: a write first (SQLite takes its write lock, PostgreSQL locks the rows).
    await trx.updateTable('esm_watermarks').set({ upto: sql`upto` }).execute();
    const marks = await watermarks(trx as unknown as Db);
    for (const source of ESM_SOURCES) {
      const from = marks[source];
      if (from >= target) continue;
      // A first run starts at the oldest row, not at 1970.
      const start = from === 0 ? await oldest(trx as unknown as Db, source, target) : from;
      let to = Math.min(target, start + MAX_SPAN_MS);
      if (source === 'audit') to = await auditRowsEnd(trx as unknown as Db, start, to, maxAuditRows);
      if (to < target) behind = true;
      if (start < to) {
        for (const [table, bucket] of [['esm_rollup_minute', BUCKETS.minute], ['esm_rollup_hour', BUCKETS.hour]] as const) {
          await sql`insert into ${sql.table(table)} (${sql.raw(KEY.join(', '))}, ${sql.raw(SUMMED.join(', '))})
            select * from (${sourceSelect(source, bucket, start, to)}) s where true
            on conflict (${sql.raw(KEY.join(', '))}) do update set ${sql.raw(SUMMED.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', '))}`.execute(trx);
        }
        if (source === 'audit') {
          await sql`insert into esm_accounts (bucket, requestor, mvpd, account) select * from (${accountsSelect(start, to)}) a where true
            on conflict (bucket, requestor, mvpd, account) do nothing`.execute(trx);
          await sql`insert into esm_accounts_day (bucket, requestor, mvpd, account) select * from (${accountsSelect(start, to, DAY_MS)}) a where true
            on conflict (bucket, requestor, mvpd, account) do nothing`.execute(trx);
          await countWholeBuckets(trx as unknown as Db, start, to);
        }
      }
      await trx.updateTable('esm_watermarks').set({ upto: to }).where('source', '=', source).execute();
    }
    await trx.deleteFrom('esm_rollup_minute').where('bucket', '<', now - MINUTE_RETENTION_MS).execute();
  });
  return { behind };
}

/**
 * Where a run over the audit rows in [start, to) ends so that it sums at most `max` of them: the
 * created_at of the first row past `max` (an index range read), or `to`. Rows sharing that
 * created_at all go to the next run, so a run never splits one millisecond. A millisecond that
 * alone holds more than `max` rows is taken whole (the run must move forward).
 */
async function auditRowsEnd(db: Db, start: number, to: number, max: number): Promise<number> {
  const row = await db.selectFrom('decisions_audit').select('created_at').where('created_at', '>=', start).where('created_at', '<', to).orderBy('created_at').offset(max).limit(1).executeTakeFirst();
  if (!row) return to;
  const end = Number(row.created_at);
  return end > start ? end : start + 1;
}

/** The account counting combinations kept per whole bucket: [requestor, mvpd], '*' for across. */
export const COUNT_COMBOS = [
  ['requestor', 'mvpd'],
  ["'*'", 'mvpd'],
  ['requestor', "'*'"],
  ["'*'", "'*'"],
] as const;

/**
 * The distinct accounts of every hour and UTC day that ends within (from, to], the run
 * that just summed [from, to): each bucket is counted once, when the watermark passes its
 * end (a later row is not counted anyway). A rerun over the same bucket overwrites.
 */
export async function countWholeBuckets(db: Db, from: number, to: number): Promise<void> {
  for (const [grain, table, ms] of [['hour', 'esm_accounts', BUCKETS.hour], ['day', 'esm_accounts_day', DAY_MS]] as const) {
    const lo = from - (from % ms);
    const hi = to - (to % ms);
    if (lo >= hi) continue;
    for (const [r, m] of COUNT_COMBOS) {
      const groups = ['bucket', r, m].filter((c) => !c.startsWith("'")).join(', ');
      await sql`insert into esm_accounts_counts (grain, bucket, requestor, mvpd, n)
        select ${sql.lit(grain)}, bucket, ${sql.raw(r)}, ${sql.raw(m)}, count(distinct account) from ${sql.table(table)}
        where bucket >= ${lo} and bucket < ${hi} group by ${sql.raw(groups)}
        on conflict (grain, bucket, requestor, mvpd) do update set n = excluded.n`.execute(db);
    }
  }
}

async function oldest(db: Db, source: EsmSource, fallback: number): Promise<number> {
  const q =
    source === 'audit'
      ? db.selectFrom('decisions_audit').select((e) => e.fn.min('created_at').as('t'))
      : source === 'profiles'
        ? db.selectFrom('profiles').select((e) => e.fn.min('created_at').as('t'))
        : source === 'sessions'
          ? db.selectFrom('auth_sessions').select((e) => e.fn.min('not_before').as('t'))
          : db.selectFrom('auth_sessions').select((e) => e.fn.min('not_after').as('t'));
  const row = await q.executeTakeFirst();
  const t = row?.t == null ? fallback : Number(row.t);
  // Aligned to the hour so the first bucket is whole.
  return Math.min(fallback, t - (t % BUCKETS.hour));
}

/** Runs rollUp every `intervalMs` (default 15 s) until the returned stop() (which waits for a run under way). */
export function scheduleRollUp(db: Db, log: (msg: string, detail?: object) => void, intervalMs = 15_000): () => Promise<void> {
  let current: Promise<void> | null = null;
  let stopped = false;
  const run = async () => {
    try {
      for (let i = 0; i < 1000 && !stopped; i++) {
        if (!(await rollUp(db)).behind) break;
        // Requests first: on SQLite each run held the event loop (see MAX_AUDIT_ROWS_PER_RUN).
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      if (!stopped) log('ESM roll-up failed; will retry', { err: String(err) });
    }
  };
  const timer = setInterval(() => {
    if (current || stopped) return;
    current = run().finally(() => (current = null));
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await current;
  };
}
