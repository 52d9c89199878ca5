// Token-bucket rate limits kept in the database, so every API instance shares them.
// One conditional UPDATE takes a token atomically (no read-modify-write race); a first
// request for a key inserts a full bucket minus one.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface BucketPolicy {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Bucket size: the burst allowed after a quiet period. */
  burst: number;
}

export class RateLimiter {
  constructor(private readonly db: Db) {}

  /** true when the request may proceed; false when the bucket is empty. */
  async take(key: string, policy: BucketPolicy, now = Date.now()): Promise<boolean> {
    if (await this.takeExisting(key, policy, now)) return true;
    const inserted = await this.db
      .insertInto('rate_limits')
      .values({ key, tokens: policy.burst - 1, updated_at: now })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
    // Another request created the bucket meanwhile (racing first requests): take from it.
    return this.takeExisting(key, policy, now);
  }

  private async takeExisting(key: string, policy: BucketPolicy, now: number): Promise<boolean> {
    // Explicit casts: PostgreSQL would otherwise type the parameters as BIGINT.
    const refilled = sql<number>`tokens + (cast(${now} as double precision) - updated_at) * cast(${policy.ratePerSecond / 1000} as double precision)`;
    const burst = sql<number>`cast(${policy.burst} as double precision)`;
    const capped = sql<number>`case when ${refilled} > ${burst} then ${burst} else ${refilled} end`;
    const taken = await this.db
      .updateTable('rate_limits')
      .set({ tokens: sql`${capped} - 1`, updated_at: now })
      .where('key', '=', key)
      .where(sql<boolean>`${capped} >= 1`)
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1;
  }
}
