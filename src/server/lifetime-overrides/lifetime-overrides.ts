// Shorter lifetimes for a viewer's (or a device's) next authentication, set by QA through
// the admin API (src/server/qa/) and taken, once, when that authentication saves its
// profile (pass/authenticate-service.ts). Three lifetimes: the profile's, its media tokens'
// and its decisions' (how long an MVPD answer is cached, a Permit's notAfter); the last two
// are kept on the profile, so every decision for it uses them. In the database: the admin
// call and the viewer's sign-in may land on different instances.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';

/** An override nobody signed in for is dropped after this long (a forgotten QA setting must not linger). */
export const OVERRIDE_VALID_MS = 30 * 60 * 1000;

export type OverrideTarget = { sso: { iss: string; sub: string } } | { deviceId: string };

/** What QA shortens; unset: the configured lifetime. */
export interface Lifetimes {
  profileSeconds?: number | undefined;
  mediaTokenSeconds?: number | undefined;
  decisionSeconds?: number | undefined;
}

export interface LifetimeOverride extends Lifetimes {
  id: string;
  scope: string;
  createdAt: number;
  expiresAt: number;
}

export const scopeOf = (t: OverrideTarget) => ('sso' in t ? `sso:${t.sso.iss} ${t.sso.sub}` : `device:${t.deviceId}`);

export class LifetimeOverrides {
  constructor(private readonly db: Db) {}

  /** Replaces any pending override of the same target: the latest QA setting wins. */
  async set(requestor: string, target: OverrideTarget, lifetimes: Lifetimes, now = Date.now()): Promise<LifetimeOverride> {
    const scope = scopeOf(target);
    await this.clear(requestor, [target]);
    const row = {
      id: randomUUID(),
      requestor,
      scope,
      profile_seconds: lifetimes.profileSeconds ?? 0,
      media_token_seconds: lifetimes.mediaTokenSeconds ?? null,
      decision_seconds: lifetimes.decisionSeconds ?? null,
      created_at: now,
      expires_at: now + OVERRIDE_VALID_MS,
      consumed_at: null,
    };
    await this.db.insertInto('lifetime_overrides').values(row).execute();
    return fromRow(row);
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
    return rows.map(fromRow);
  }

  /**
   * The lifetimes for the authentication now finishing, or undefined when no override is
   * pending. The device's own override wins over the viewer's. Taken once: two sign-ins
   * racing for one override cannot both have it.
   */
  async take(requestor: string, deviceId: string, sso: { iss: string; sub: string } | null, now = Date.now()): Promise<Lifetimes | undefined> {
    const targets: OverrideTarget[] = [{ deviceId }, ...(sso ? [{ sso }] : [])];
    const candidates = await this.pending(requestor, targets, now);
    candidates.sort((a, b) => Number(b.scope.startsWith('device:')) - Number(a.scope.startsWith('device:')));
    for (const c of candidates) {
      const res = await this.db.updateTable('lifetime_overrides').set({ consumed_at: now }).where('id', '=', c.id).where('consumed_at', 'is', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) return { profileSeconds: c.profileSeconds, mediaTokenSeconds: c.mediaTokenSeconds, decisionSeconds: c.decisionSeconds };
    }
    return undefined;
  }

  async clear(requestor: string, targets: OverrideTarget[]): Promise<number> {
    if (targets.length === 0) return 0;
    const res = await this.db.deleteFrom('lifetime_overrides').where('requestor', '=', requestor).where('scope', 'in', targets.map(scopeOf)).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}

function fromRow(r: { id: string; scope: string; profile_seconds: number; media_token_seconds: number | null; decision_seconds: number | null; created_at: number; expires_at: number }): LifetimeOverride {
  const seconds = (v: number | null) => (v === null || Number(v) === 0 ? undefined : Number(v));
  const o: LifetimeOverride = { id: r.id, scope: r.scope, createdAt: Number(r.created_at), expiresAt: Number(r.expires_at) };
  const profile = seconds(r.profile_seconds);
  const media = seconds(r.media_token_seconds);
  const decision = seconds(r.decision_seconds);
  if (profile !== undefined) o.profileSeconds = profile;
  if (media !== undefined) o.mediaTokenSeconds = media;
  if (decision !== undefined) o.decisionSeconds = decision;
  return o;
}
