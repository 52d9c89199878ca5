// Shorter lifetimes for a viewer's (or a device's) next authentication, set by QA through
// the admin API (src/server/qa/) and taken, once, when that authentication saves its
// profile (pass/authenticate-service.ts). In the database: the admin call and the
// viewer's sign-in may land on different instances.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';

/** An override nobody signed in for is dropped after this long (a forgotten QA setting must not linger). */
export const OVERRIDE_VALID_MS = 30 * 60 * 1000;

export type OverrideTarget = { sso: { iss: string; sub: string } } | { deviceId: string };

export interface LifetimeOverride {
  id: string;
  scope: string;
  profileSeconds: number;
  createdAt: number;
  expiresAt: number;
}

export const scopeOf = (t: OverrideTarget) => ('sso' in t ? `sso:${t.sso.iss} ${t.sso.sub}` : `device:${t.deviceId}`);

export class LifetimeOverrides {
  constructor(private readonly db: Db) {}

  /** Replaces any pending override of the same target: the latest QA setting wins. */
  async set(requestor: string, target: OverrideTarget, profileSeconds: number, now = Date.now()): Promise<LifetimeOverride> {
    const scope = scopeOf(target);
    await this.clear(requestor, [target]);
    const row = { id: randomUUID(), requestor, scope, profile_seconds: profileSeconds, created_at: now, expires_at: now + OVERRIDE_VALID_MS, consumed_at: null };
    await this.db.insertInto('lifetime_overrides').values(row).execute();
    return { id: row.id, scope, profileSeconds, createdAt: now, expiresAt: row.expires_at };
  }

  async pending(requestor: string, targets: OverrideTarget[], now = Date.now()): Promise<LifetimeOverride[]> {
    if (targets.length === 0) return [];
    const rows = await this.db
      .selectFrom('lifetime_overrides')
      .selectAll()
      .where('requestor', '=', requestor)
      .where('scope', 'in', targets.map(scopeOf))
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, scope: r.scope, profileSeconds: Number(r.profile_seconds), createdAt: Number(r.created_at), expiresAt: Number(r.expires_at) }));
  }

  /**
   * The profile lifetime for the authentication now finishing, in seconds, or undefined when
   * no override is pending. The device's own override wins over the viewer's. Taken once:
   * two sign-ins racing for one override cannot both have it.
   */
  async take(requestor: string, deviceId: string, sso: { iss: string; sub: string } | null, now = Date.now()): Promise<number | undefined> {
    const targets: OverrideTarget[] = [{ deviceId }, ...(sso ? [{ sso }] : [])];
    const candidates = await this.pending(requestor, targets, now);
    candidates.sort((a, b) => Number(b.scope.startsWith('device:')) - Number(a.scope.startsWith('device:')));
    for (const c of candidates) {
      const res = await this.db.updateTable('lifetime_overrides').set({ consumed_at: now }).where('id', '=', c.id).where('consumed_at', 'is', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) return c.profileSeconds;
    }
    return undefined;
  }

  async clear(requestor: string, targets: OverrideTarget[]): Promise<number> {
    if (targets.length === 0) return 0;
    const res = await this.db.deleteFrom('lifetime_overrides').where('requestor', '=', requestor).where('scope', 'in', targets.map(scopeOf)).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
