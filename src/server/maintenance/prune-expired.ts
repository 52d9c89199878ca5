// Deletes rows that can no longer matter, on every instance every minute (deleting a row
// twice is harmless, so no coordination): expired authentication sessions (kept an hour
// past expiry so a late poll still hears "expired", not "unknown"), spent media tokens past
// their expiry, expired cached decisions, idle rate buckets (full again by then) and
// refresh tokens past their expiry, journey events and playback links older than a day,
// QA lifetime overrides that lapsed unused, stream sessions an hour past their expiry.
// On SQLite the same tick keeps the planner's statistics fresh (refreshSqliteStatistics).
import { refreshSqliteStatistics, type Db } from '../db/database.ts';

const HOUR = 60 * 60 * 1000;

export async function pruneExpiredRows(db: Db, now = Date.now()): Promise<Record<string, number>> {
  const count = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
  return {
    auth_sessions: count(await db.deleteFrom('auth_sessions').where('not_after', '<', now - HOUR).executeTakeFirst()),
    spent_media_tokens: count(await db.deleteFrom('spent_media_tokens').where('expires_at', '<', now).executeTakeFirst()),
    decision_cache: count(await db.deleteFrom('decision_cache').where('expires_at', '<', now).executeTakeFirst()),
    rate_limits: count(await db.deleteFrom('rate_limits').where('updated_at', '<', now - HOUR).executeTakeFirst()),
    refresh_tokens: count(await db.deleteFrom('refresh_tokens').where('expires_at', '<', now).executeTakeFirst()),
    journey_events: count(await db.deleteFrom('journey_events').where('at', '<', now - 24 * HOUR).executeTakeFirst()),
    journey_playback: count(await db.deleteFrom('journey_playback').where('at', '<', now - 24 * HOUR).executeTakeFirst()),
    lifetime_overrides: count(await db.deleteFrom('lifetime_overrides').where('expires_at', '<', now).executeTakeFirst()),
    // An hour past expiry: a late heartbeat of an evicted stream still hears who took over.
    cm_sessions: count(await db.deleteFrom('cm_sessions').where('expires_at', '<', now - HOUR).executeTakeFirst()),
  };
}

/** Runs pruneExpiredRows every `intervalMs` (default 60 s) until the returned stop(). */
export function schedulePruning(db: Db, log: (msg: string, detail?: object) => void, intervalMs = 60_000): () => void {
  const timer = setInterval(() => {
    pruneExpiredRows(db)
      .then(() => refreshSqliteStatistics(db))
      .catch((err: unknown) => log('pruning expired rows failed; will retry', { err: String(err) }));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
