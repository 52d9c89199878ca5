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

/** created: this call made the row (201); existing: an identical active grant answers (200);
 * conflict: an active grant with the same identity but another notBefore exists (409). */
export type GrantResult = { outcome: 'created' | 'existing' | 'conflict'; grant: Grant };

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

  /**
   * Grants idempotently. Identity: at most one ACTIVE (not revoked) grant per issuer, subject,
   * entitlement, kind and notAfter — enforced by the unique index of migration 0008, so 50
   * identical calls at once make one row. The notBefore is then checked against the winner:
   * an explicit notBefore must equal its notBefore; an omitted one means "from now", which an
   * existing grant already open (notBefore <= now) satisfies. Otherwise the request asks for
   * something else than what exists: a conflict (the caller revokes first, or picks another end).
   */
  async grant(g: { issuer: string; subject: string; entitlement: string; kind: GrantKind; notBefore?: number | undefined; notAfter?: number | null | undefined }, now = Date.now()): Promise<GrantResult> {
    // A winner revoked between our insert and our read frees the slot: try again (bounded).
    for (let attempt = 0; attempt < 3; attempt++) {
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
      // No conflict target: the only other unique key is the random id, and SQLite and
      // PostgreSQL both accept a bare DO NOTHING against the partial expression index.
      const res = await this.db.insertInto('entitlement_grants').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0n) === 1) return { outcome: 'created', grant: fromRow(row) };
      const winner = await this.db
        .selectFrom('entitlement_grants')
        .selectAll()
        .where('issuer', '=', g.issuer)
        .where('subject', '=', g.subject)
        .where('entitlement', '=', g.entitlement)
        .where('kind', '=', g.kind)
        .where('revoked_at', 'is', null)
        .where((eb) => (row.not_after === null ? eb('not_after', 'is', null) : eb('not_after', '=', row.not_after)))
        .executeTakeFirst();
      if (!winner) continue;
      const existing = fromRow(winner);
      // "From now" is judged when answering: among identical calls racing, the winner may have
      // stamped a notBefore a few ms after this call's own `now`, yet it is open by now.
      const answeredAt = Math.max(now, Date.now());
      const same = g.notBefore === undefined ? existing.notBefore <= answeredAt : existing.notBefore === g.notBefore;
      return same ? { outcome: 'existing', grant: existing } : { outcome: 'conflict', grant: existing };
    }
    throw new Error('entitlement grant: the identical active grant kept changing under us');
  }

  async revoke(id: string, now = Date.now()): Promise<boolean> {
    const res = await this.db.updateTable('entitlement_grants').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Applies the config's demo grants once: an active identical grant is left alone. */
  async seed(grants: Array<{ issuer: string; subject: string; entitlement: string; kind: GrantKind }>, now = Date.now()): Promise<void> {
    for (const g of grants) {
      const [existing] = await this.activeGrants(g.issuer, g.subject, [g.entitlement], now);
      // A conflict (an identical grant that opens later) is also "left alone".
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
