// The internal entitlement store: purchases and subscriptions per viewer (issuer +
// subject) with validity windows. Granted and revoked through the admin API or CLI;
// the demo seed gives carol `ppv-fight-night`.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { EntitlementGrantsTable } from '../db/schema.ts';

export type GrantKind = 'purchase' | 'subscription';

export interface Grant {
  id: string;
  issuer: string;
  subject: string;
  entitlement: string;
  kind: GrantKind;
  notBefore: number;
  notAfter: number | null;
  createdAt: number;
  revokedAt: number | null;
}

/** What the decision rule needs: an indexed point read. */
export interface GrantLookup {
  activeGrants(issuer: string, subject: string, entitlements: string[], now: number): Promise<Grant[]>;
}

export class EntitlementStore implements GrantLookup {
  constructor(private readonly db: Db) {}

  async activeGrants(issuer: string, subject: string, entitlements: string[], now: number): Promise<Grant[]> {
    if (entitlements.length === 0) return [];
    const rows = await this.db
      .selectFrom('entitlement_grants')
      .selectAll()
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .where('entitlement', 'in', entitlements)
      .where('revoked_at', 'is', null)
      .where('not_before', '<=', now)
      .where((eb) => eb.or([eb('not_after', 'is', null), eb('not_after', '>', now)]))
      .execute();
    return rows.map(fromRow);
  }

  async list(filter: { issuer?: string | undefined; subject?: string | undefined } = {}): Promise<Grant[]> {
    let q = this.db.selectFrom('entitlement_grants').selectAll().orderBy('created_at');
    if (filter.issuer) q = q.where('issuer', '=', filter.issuer);
    if (filter.subject) q = q.where('subject', '=', filter.subject);
    return (await q.execute()).map(fromRow);
  }

  async grant(g: { issuer: string; subject: string; entitlement: string; kind: GrantKind; notBefore?: number | undefined; notAfter?: number | null | undefined }, now = Date.now()): Promise<Grant> {
    const row = {
      id: randomUUID(),
      issuer: g.issuer,
      subject: g.subject,
      entitlement: g.entitlement,
      kind: g.kind,
      not_before: g.notBefore ?? now,
      not_after: g.notAfter ?? null,
      created_at: now,
      revoked_at: null,
    };
    await this.db.insertInto('entitlement_grants').values(row).execute();
    return fromRow(row);
  }

  async revoke(id: string, now = Date.now()): Promise<boolean> {
    const res = await this.db.updateTable('entitlement_grants').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Applies the config's demo grants once: an active identical grant is left alone. */
  async seed(grants: Array<{ issuer: string; subject: string; entitlement: string; kind: GrantKind }>, now = Date.now()): Promise<void> {
    for (const g of grants) {
      const [existing] = await this.activeGrants(g.issuer, g.subject, [g.entitlement], now);
      if (!existing) await this.grant(g, now);
    }
  }
}

function fromRow(r: EntitlementGrantsTable): Grant {
  return {
    id: r.id,
    issuer: r.issuer,
    subject: r.subject,
    entitlement: r.entitlement,
    kind: r.kind as GrantKind,
    notBefore: Number(r.not_before),
    notAfter: r.not_after === null ? null : Number(r.not_after),
    createdAt: Number(r.created_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  };
}
