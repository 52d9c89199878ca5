// Deletes rows that can no longer matter, on every instance every minute (deleting a row
// twice is harmless, so no coordination): expired authentication sessions (kept an hour
// past expiry so a late poll still hears "expired", not "unknown"), spent media tokens past
// their expiry, expired cached decisions, idle rate buckets (full again by then) and
// refresh tokens past their expiry, journey events and playback links older than a day,
// QA lifetime overrides that lapsed unused, stream sessions an hour past their expiry, and
// TempPass passes once their reset period (`tempPass[].resetAfterDays`) has run out after they ended,
// and used partner SSO responses past their expiry.
// On SQLite the same tick keeps the planner's statistics fresh (refreshSqliteStatistics).
import { refreshSqliteStatistics, type Db } from '../db/database.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** A used pass is remembered this long after it ended unless its TempPass says otherwise (and when the config no longer names it). */
export const DEFAULT_TEMP_PASS_RESET_DAYS = 365;

export type TempPassRetention = ReadonlyArray<{ id: string; resetAfterDays?: number | undefined }>;

export async function pruneExpiredRows(db: Db, now = Date.now(), tempPasses: TempPassRetention = []): Promise<Record<string, number>> {
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
    temp_passes: await pruneTempPasses(db, now, tempPasses),
    spent_partner_responses: count(await db.deleteFrom('spent_partner_responses').where('expires_at', '<', now).executeTakeFirst()),
  };
}

/** Each TempPass keeps its used passes for its own reset period; passes of a TempPass no longer configured, for the default. */
async function pruneTempPasses(db: Db, now: number, tempPasses: TempPassRetention): Promise<number> {
  let deleted = 0;
  for (const t of tempPasses) {
    const r = await db.deleteFrom('temp_passes').where('mvpd', '=', t.id).where('expires_at', '<', now - (t.resetAfterDays ?? DEFAULT_TEMP_PASS_RESET_DAYS) * DAY).executeTakeFirst();
    deleted += Number(r.numDeletedRows);
  }
  let others = db.deleteFrom('temp_passes').where('expires_at', '<', now - DEFAULT_TEMP_PASS_RESET_DAYS * DAY);
  if (tempPasses.length > 0) others = others.where('mvpd', 'not in', tempPasses.map((t) => t.id));
  return deleted + Number((await others.executeTakeFirst()).numDeletedRows);
}

/** Runs pruneExpiredRows every `intervalMs` (default 60 s) until the returned stop(). */
export function schedulePruning(db: Db, log: (msg: string, detail?: object) => void, intervalMs = 60_000, tempPasses: TempPassRetention = []): () => void {
  const timer = setInterval(() => {
    pruneExpiredRows(db, Date.now(), tempPasses)
      .then(() => refreshSqliteStatistics(db))
      .catch((err: unknown) => log('pruning expired rows failed; will retry', { err: String(err) }));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
