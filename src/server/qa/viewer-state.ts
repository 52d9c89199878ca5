// What QA resets and expires for a viewer (by SSO identity) and/or devices: profiles, the
// decisions cached for them, pending authentication sessions, lifetime overrides and the
// viewer's internal entitlement grants (restored to the config's demo grants).
import type { PassContext } from '../context/pass-context.ts';
import { PassError } from '../http/pass-error.ts';
import { EntitlementStore } from '../entitlement/entitlement-store.ts';
import { LifetimeOverrides, type Lifetimes, type OverrideTarget } from '../lifetime-overrides/lifetime-overrides.ts';
import type { ResetViewerResult } from '../../shared/api/qa.ts';

export interface Who {
  subject?: string | undefined;
  issuer?: string | undefined;
  deviceIds?: string[] | undefined;
}

export class ViewerState {
  constructor(private readonly ctx: PassContext) {}

  private sso(who: Who) {
    return who.subject ? { iss: who.issuer ?? this.ctx.config.idp.issuer, sub: who.subject } : null;
  }

  /** The ids of the profiles (live or not) of this viewer and these devices. */
  private async profileIds(who: Who, mvpd?: string): Promise<string[]> {
    const sso = this.sso(who);
    const devices = who.deviceIds ?? [];
    if (!sso && devices.length === 0) throw new PassError('invalid_request', 'name a viewer (subject) or devices (deviceIds)');
    let q = this.ctx.db.selectFrom('profiles').select('id').where('requestor', '=', this.ctx.config.requestor.id);
    if (mvpd) q = q.where('mvpd', '=', mvpd);
    q = q.where((eb) =>
      eb.or([
        ...(sso ? [eb.and([eb('sso_issuer', '=', sso.iss), eb('sso_subject', '=', sso.sub)])] : []),
        ...(devices.length ? [eb('device_id', 'in', devices)] : []),
      ]),
    );
    return (await q.execute()).map((r) => r.id);
  }

  private async dropDecisions(profileIds: string[]): Promise<number> {
    if (profileIds.length === 0) return 0;
    const res = await this.ctx.db.deleteFrom('decision_cache').where('profile_id', 'in', profileIds).executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async reset(who: Who & { grants?: boolean | undefined }): Promise<ResetViewerResult> {
    const { db, config } = this.ctx;
    const requestor = config.requestor.id;
    const sso = this.sso(who);
    const devices = who.deviceIds ?? [];
    const ids = await this.profileIds(who);
    const decisions = await this.dropDecisions(ids);
    const profiles = ids.length ? Number((await db.deleteFrom('profiles').where('id', 'in', ids).executeTakeFirst()).numDeletedRows) : 0;
    // A code handed out before the reset must not bring a profile back.
    const sessions = Number(
      (
        await db
          .deleteFrom('auth_sessions')
          .where('requestor', '=', requestor)
          .where((eb) =>
            eb.or([
              ...(sso ? [eb.and([eb('sso_issuer', '=', sso.iss), eb('sso_subject', '=', sso.sub)])] : []),
              ...(devices.length ? [eb('device_id', 'in', devices)] : []),
            ]),
          )
          .executeTakeFirst()
      ).numDeletedRows,
    );
    const targets: OverrideTarget[] = [...(sso ? [{ sso }] : []), ...devices.map((deviceId) => ({ deviceId }))];
    const lifetimeOverrides = await new LifetimeOverrides(db).clear(requestor, targets);
    let grantsRevoked = 0;
    let grantsRestored = 0;
    if (sso && who.grants !== false) {
      const store = new EntitlementStore(db);
      for (const g of await store.list({ issuer: sso.iss, subject: sso.sub })) if (g.revokedAt === null && (await store.revoke(g.id))) grantsRevoked++;
      const demo = (config.internalEntitlements ?? []).map((g) => ({ ...g, issuer: g.issuer ?? config.idp.issuer })).filter((g) => g.issuer === sso.iss && g.subject === sso.sub);
      await store.seed(demo);
      grantsRestored = demo.length;
    }
    return { profiles, decisions, sessions, lifetimeOverrides, grantsRevoked, grantsRestored };
  }

  /** Profiles end now: the next read does not find them, the next decision says "expired". */
  async expireProfiles(who: Who & { mvpd?: string | undefined }, now = Date.now()): Promise<number> {
    const ids = await this.profileIds(who, who.mvpd);
    if (ids.length === 0) return 0;
    await this.dropDecisions(ids);
    const res = await this.ctx.db.updateTable('profiles').set({ not_after: now - 1 }).where('id', 'in', ids).where('not_after', '>', now - 1).executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  /** Cached decisions go: the next authorize asks the rules (and the MVPD) again. Nobody named: all of them. */
  async expireDecisions(who: Who): Promise<number> {
    if (!who.subject && !(who.deviceIds?.length)) return Number((await this.ctx.db.deleteFrom('decision_cache').executeTakeFirst()).numDeletedRows);
    return this.dropDecisions(await this.profileIds(who));
  }

  async setLifetime(target: { subject?: string | undefined; issuer?: string | undefined; deviceId?: string | undefined }, lifetimes: Lifetimes) {
    const sso = this.sso(target);
    if (!sso === !target.deviceId) throw new PassError('invalid_request', 'name exactly one of a viewer (subject) or a device (deviceId)');
    if (lifetimes.profileSeconds === undefined && lifetimes.mediaTokenSeconds === undefined && lifetimes.decisionSeconds === undefined) {
      throw new PassError('invalid_request', 'name at least one lifetime: profileSeconds, mediaTokenSeconds or decisionSeconds');
    }
    return new LifetimeOverrides(this.ctx.db).set(this.ctx.config.requestor.id, sso ? { sso } : { deviceId: target.deviceId! }, lifetimes);
  }

  async lifetimes(target: { subject?: string | undefined; issuer?: string | undefined; deviceId?: string | undefined }) {
    const sso = this.sso(target);
    const targets: OverrideTarget[] = [...(sso ? [{ sso }] : []), ...(target.deviceId ? [{ deviceId: target.deviceId }] : [])];
    return new LifetimeOverrides(this.ctx.db).pending(this.ctx.config.requestor.id, targets);
  }
}
