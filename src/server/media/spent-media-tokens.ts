// Single use of media tokens at the master playlist, shared by every instance: the first
// request records the token's jti with an INSERT that does nothing on conflict, so of
// any number of concurrent uses (on one instance or many, SQLite or PostgreSQL) exactly
// one inserts the row; the others see 0 rows inserted and are replays.
// Rows are kept until the token could no longer verify anyway (exp + clock tolerance),
// then purged opportunistically: at most once per interval per instance, never on every
// request. Only master playlists come here; child playlists and segments stay DB-free.
import type { Db } from '../db/database.ts';

export interface SpentMediaTokensOptions {
  /** Minimum time between two purges on this instance (ms; default one minute). */
  purgeIntervalMs?: number;
  onPurgeError?: (err: unknown) => void;
}

export class SpentMediaTokens {
  private nextPurgeAt = 0;
  private readonly purgeIntervalMs: number;

  constructor(
    private readonly db: Db,
    private readonly opts: SpentMediaTokensOptions = {},
  ) {
    this.purgeIntervalMs = opts.purgeIntervalMs ?? 60_000;
  }

  /**
   * Records `jti` as spent until `keepUntil` (epoch ms). True the first time, false for a
   * replay. Atomic: the database decides, not this process.
   */
  async spend(jti: string, keepUntil: number, now = Date.now()): Promise<boolean> {
    const result = await this.db
      .insertInto('spent_media_tokens')
      .values({ jti, expires_at: keepUntil })
      .onConflict((oc) => oc.column('jti').doNothing())
      .executeTakeFirst();
    const first = Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    if (now >= this.nextPurgeAt) {
      this.nextPurgeAt = now + this.purgeIntervalMs;
      try {
        await this.purge(now);
      } catch (err) {
        // A failed purge only delays cleaning up; the single-use check above stands.
        this.opts.onPurgeError?.(err);
      }
    }
    return first;
  }

  /** Deletes the rows of tokens that can no longer verify; returns how many. */
  async purge(now = Date.now()): Promise<number> {
    const result = await this.db.deleteFrom('spent_media_tokens').where('expires_at', '<', now).executeTakeFirst();
    return Number(result.numDeletedRows ?? 0n);
  }
}
