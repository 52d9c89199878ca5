// Decisions per (profile, resource), reused until the MVPD's authorization TTL, in the
// database so every API instance shares them. Answers that say "retry" are not kept.
import { hotRows, type Db } from '../db/database.ts';
import type { DecisionCacheTable } from '../db/schema.ts';
import type { ErrorCode } from '../../shared/error-codes.ts';
import { ERROR_CODES } from '../../shared/error-codes.ts';
import type { RuleResult } from '../entitlement/decision.ts';

export class DecisionCache {
  constructor(private readonly db: Db) {}

  async get(profileId: string, resource: string, now = Date.now()): Promise<RuleResult | undefined> {
    // The hot read, in SQL once: a prepared statement (see hotRows), its columns named.
    const [row] = await hotRows<Pick<DecisionCacheTable, 'decision' | 'source' | 'error_code' | 'details'>>(this.db, 'select decision, source, error_code, details from decision_cache where profile_id = ? and resource = ? and expires_at > ?', [profileId, resource, now]);
    if (!row) return undefined;
    const trace = { rule: row.source, cache: 'hit' as const };
    return row.decision === 'Permit'
      ? { decision: 'Permit', source: row.source, trace }
      : { decision: 'Deny', source: row.source, code: row.error_code as ErrorCode, ...(row.details ? { details: row.details } : {}), trace };
  }

  async put(profileId: string, resource: string, result: RuleResult, ttlMs: number, now = Date.now()): Promise<void> {
    if (result.decision === 'Deny' && ERROR_CODES[result.code].action === 'retry') return;
    const values = {
      decision: result.decision,
      source: result.source,
      error_code: result.decision === 'Deny' ? result.code : null,
      details: result.decision === 'Deny' ? (result.details ?? null) : null,
      expires_at: now + ttlMs,
    };
    await this.db
      .insertInto('decision_cache')
      .values({ profile_id: profileId, resource, ...values })
      .onConflict((oc) => oc.columns(['profile_id', 'resource']).doUpdateSet(values))
      .execute();
  }

  /** Forget a profile's decisions (logout). */
  async dropProfile(profileIds: string[]): Promise<void> {
    if (profileIds.length > 0) await this.db.deleteFrom('decision_cache').where('profile_id', 'in', profileIds).execute();
  }
}
