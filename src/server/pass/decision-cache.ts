// Decisions per (profile, resource), reused until the MVPD's authorization TTL, in the
// database so every API instance shares them. Answers that say "retry" are not kept.
import { hotRows, type Db } from '../db/database.ts';
import type { DecisionCacheTable } from '../db/schema.ts';
import type { ErrorCode } from '../../shared/error-codes.ts';
import { ERROR_CODES } from '../../shared/error-codes.ts';
import type { RuleResult } from '../entitlement/decision.ts';
import type { Obligation } from '../../shared/obligations.ts';

export class DecisionCache {
  constructor(private readonly db: Db) {}

  /** A cached decision, with when it stops being reused (`expiresAt`, epoch ms). */
  async get(profileId: string, resource: string, now = Date.now()): Promise<(RuleResult & { expiresAt: number }) | undefined> {
    // The hot read, in SQL once: a prepared statement (see hotRows), its columns named.
    const [row] = await hotRows<Omit<DecisionCacheTable, 'profile_id' | 'resource'>>(
      this.db,
      'select decision, source, error_code, details, obligations, expires_at from decision_cache where profile_id = ? and resource = ? and expires_at > ?',
      [profileId, resource, now],
    );
    if (!row) return undefined;
    const trace = { rule: row.source, cache: 'hit' as const };
    // Written by put() below from obligations the gateway already read narrowly.
    const obligations = row.obligations ? { obligations: JSON.parse(row.obligations) as Obligation[] } : {};
    const result: RuleResult =
      row.decision === 'Permit'
        ? { decision: 'Permit', source: row.source, trace, ...obligations }
        : { decision: 'Deny', source: row.source, code: row.error_code as ErrorCode, ...(row.details ? { details: row.details } : {}), trace, ...obligations };
    return Object.assign(result, { expiresAt: Number(row.expires_at) });
  }

  async put(profileId: string, resource: string, result: RuleResult, ttlMs: number, now = Date.now()): Promise<void> {
    if (result.decision === 'Deny' && ERROR_CODES[result.code].action === 'retry') return;
    const values = {
      decision: result.decision,
      source: result.source,
      error_code: result.decision === 'Deny' ? result.code : null,
      details: result.decision === 'Deny' ? (result.details ?? null) : null,
      expires_at: now + ttlMs,
      obligations: result.obligations?.length ? JSON.stringify(result.obligations) : null,
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
