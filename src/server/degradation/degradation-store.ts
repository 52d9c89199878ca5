// The degradation rules in the database: one per requestor and MVPD, set, listed and
// removed by the admin API. Decisions never read this directly: they read the in-memory
// snapshot (degradation-rules.ts), which reloads the whole table every few seconds.
import type { Db } from '../db/database.ts';
import type { DegradationRulesTable } from '../db/schema.ts';
import type { DegradationRuleName } from '../../shared/degradation-rules.ts';

/** Adobe's rule names: auto-authenticate (and authorize), authorize all, authorize none. */
export { DEGRADATION_RULES, type DegradationRuleName } from '../../shared/degradation-rules.ts';

export interface DegradationRule {
  requestor: string;
  mvpd: string;
  rule: DegradationRuleName;
  details: string | null;
  notBefore: number;
  /** null: until removed. */
  notAfter: number | null;
  createdAt: number;
}

export class DegradationStore {
  constructor(private readonly db: Db) {}

  async list(): Promise<DegradationRule[]> {
    const rows = await this.db.selectFrom('degradation_rules').selectAll().orderBy('mvpd').execute();
    return rows.map(toRule);
  }

  /** Sets (or replaces) the rule for one MVPD. */
  async put(rule: Omit<DegradationRule, 'createdAt'>, now = Date.now()): Promise<DegradationRule> {
    const values = { rule: rule.rule, details: rule.details, not_before: rule.notBefore, not_after: rule.notAfter, created_at: now };
    await this.db
      .insertInto('degradation_rules')
      .values({ requestor: rule.requestor, mvpd: rule.mvpd, ...values })
      .onConflict((oc) => oc.columns(['requestor', 'mvpd']).doUpdateSet(values))
      .execute();
    return { ...rule, createdAt: now };
  }

  async remove(requestor: string, mvpd: string): Promise<boolean> {
    const res = await this.db.deleteFrom('degradation_rules').where('requestor', '=', requestor).where('mvpd', '=', mvpd).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}

function toRule(row: DegradationRulesTable): DegradationRule {
  return {
    requestor: row.requestor,
    mvpd: row.mvpd,
    rule: row.rule as DegradationRuleName,
    details: row.details,
    notBefore: Number(row.not_before),
    notAfter: row.not_after === null ? null : Number(row.not_after),
    createdAt: Number(row.created_at),
  };
}
