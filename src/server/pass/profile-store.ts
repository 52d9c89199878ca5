// Authenticated profiles: read by device (+ MVPD), by SSO identity, or by the code
// that created them. Expired profiles are never returned. Every read is an indexed lookup.
import { randomUUID, createHash } from 'node:crypto';
import { hotRows, type Db } from '../db/database.ts';
import type { ProfilesTable } from '../db/schema.ts';

/** `regular`: this device signed in; `serviceTokenSSO`: shared through the SSO identity; `<partner>SSO` (e.g. `appleSSO`): a partner framework signed this device in. */
export type ProfileType = 'regular' | 'serviceTokenSSO' | `${string}SSO`;

export interface StoredProfile {
  id: string;
  requestor: string;
  mvpd: string;
  deviceId: string;
  ssoIssuer: string | null;
  ssoSubject: string | null;
  issuer: string;
  upstreamUserId: string;
  attributes: Record<string, string>;
  authCode: string;
  notBefore: number;
  notAfter: number;
  /** QA's shorter lifetimes for this profile's media tokens and decisions (lifetime-overrides/). */
  mediaTokenSeconds?: number;
  decisionSeconds?: number;
}

export interface ProfileLookup {
  requestor: string;
  deviceId: string;
  sso: { iss: string; sub: string } | null;
  mvpd?: string;
}

/**
 * The columns a profile is built from, named rather than `*`: on PostgreSQL the hot reads are
 * named prepared statements, and a column another instance's migration adds would change a
 * `select *` statement's result type under it ("cached plan must not change result type").
 */
// fromRow takes only these (ProfileRow): a column it reads but this list misses fails typecheck.
const PROFILE_COLUMN_NAMES = ['id', 'requestor', 'mvpd', 'device_id', 'sso_issuer', 'sso_subject', 'issuer', 'upstream_user_id', 'attributes', 'auth_code', 'not_before', 'not_after', 'media_token_seconds', 'decision_seconds'] as const satisfies ReadonlyArray<keyof ProfilesTable>;
const PROFILE_COLUMNS = PROFILE_COLUMN_NAMES.join(', ');
type ProfileRow = Pick<ProfilesTable, (typeof PROFILE_COLUMN_NAMES)[number]>;

/** The two hot reads' SQL (parameters: requestor, device or SSO issuer+subject, now[, mvpd]); exported for the plan tests. */
export const PROFILE_READS = {
  own: (byMvpd: boolean) => `select ${PROFILE_COLUMNS} from profiles where requestor = ? and device_id = ? and not_after > ?${byMvpd ? ' and mvpd = ?' : ''} order by not_after desc`,
  shared: (byMvpd: boolean) => `select ${PROFILE_COLUMNS} from profiles where requestor = ? and sso_issuer = ? and sso_subject = ? and not_after > ?${byMvpd ? ' and mvpd = ?' : ''} order by not_after desc`,
};

export class ProfileStore {
  constructor(private readonly db: Db) {}

  async save(p: Omit<StoredProfile, 'id'>, now = Date.now()): Promise<StoredProfile> {
    const profile = { ...p, id: randomUUID() };
    await this.db.insertInto('profiles').values(toRow(profile, now)).execute();
    return profile;
  }

  /**
   * The viewer's live profiles, one per MVPD, each with its type: this device's own
   * (`regular`) first; another device's found through the SSO identity (`serviceTokenSSO`).
   */
  async findLive(q: ProfileLookup, now = Date.now()): Promise<Array<{ profile: StoredProfile; type: ProfileType }>> {
    const result = new Map<string, { profile: StoredProfile; type: ProfileType }>();
    for (const row of await this.ownRows(q, now)) {
      if (!result.has(row.mvpd)) result.set(row.mvpd, { profile: fromRow(row), type: ownType(row) });
    }
    if (q.sso && (!q.mvpd || result.size === 0)) {
      for (const row of await this.sharedRows(q as ProfileLookup & { sso: { iss: string; sub: string } }, now)) {
        if (!result.has(row.mvpd)) result.set(row.mvpd, { profile: fromRow(row), type: 'serviceTokenSSO' });
      }
    }
    return [...result.values()];
  }

  // The two hot reads, in SQL once: a prepared statement on SQLite (see hotRows).
  private ownRows(q: ProfileLookup, now: number): ProfileRow[] | Promise<ProfileRow[]> {
    return hotRows<ProfileRow>(this.db, PROFILE_READS.own(!!q.mvpd), [q.requestor, q.deviceId, now, ...(q.mvpd ? [q.mvpd] : [])]);
  }

  private sharedRows(q: ProfileLookup & { sso: { iss: string; sub: string } }, now: number): ProfileRow[] | Promise<ProfileRow[]> {
    return hotRows<ProfileRow>(this.db, PROFILE_READS.shared(!!q.mvpd), [q.requestor, q.sso.iss, q.sso.sub, now, ...(q.mvpd ? [q.mvpd] : [])]);
  }

  /** Whether the viewer had a profile for this MVPD that has since expired. */
  async hasExpired(q: ProfileLookup & { mvpd: string }, now = Date.now()): Promise<boolean> {
    let query = this.db
      .selectFrom('profiles')
      .select('id')
      .where('requestor', '=', q.requestor)
      .where('mvpd', '=', q.mvpd)
      .where('not_after', '<=', now);
    query = q.sso
      ? query.where((eb) => eb.or([eb('device_id', '=', q.deviceId), eb.and([eb('sso_issuer', '=', q.sso!.iss), eb('sso_subject', '=', q.sso!.sub)])]))
      : query.where('device_id', '=', q.deviceId);
    return (await query.limit(1).executeTakeFirst()) !== undefined;
  }

  /** Deletes the device's profile for an MVPD and, given an SSO identity, the shared ones; returns their ids. */
  async deleteFor(q: ProfileLookup & { mvpd: string }): Promise<string[]> {
    let query = this.db.deleteFrom('profiles').where('requestor', '=', q.requestor).where('mvpd', '=', q.mvpd);
    query = q.sso
      ? query.where((eb) => eb.or([eb('device_id', '=', q.deviceId), eb.and([eb('sso_issuer', '=', q.sso!.iss), eb('sso_subject', '=', q.sso!.sub)])]))
      : query.where('device_id', '=', q.deviceId);
    return (await query.returning('id').execute()).map((r) => r.id);
  }

  async findById(id: string): Promise<StoredProfile | undefined> {
    const row = await this.db.selectFrom('profiles').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }
}

/**
 * A profile's issuer is its MVPD, except for one a partner framework created (partner-sso):
 * its issuer is the partner ("Apple") and its type Adobe's `appleSSO`.
 */
function ownType(row: Pick<ProfilesTable, 'issuer' | 'mvpd'>): ProfileType {
  return row.issuer === row.mvpd ? 'regular' : `${row.issuer.charAt(0).toLowerCase()}${row.issuer.slice(1)}SSO`;
}

/** Adobe's userID: stable per requestor and MVPD account, not the MVPD's raw id. */
export function pseudonymousUserId(requestor: string, mvpd: string, upstream: string): string {
  return createHash('sha256').update(`${requestor}\u0000${mvpd}\u0000${upstream}`).digest('hex').slice(0, 32);
}

function toRow(p: StoredProfile, now: number): ProfilesTable {
  return {
    id: p.id,
    requestor: p.requestor,
    mvpd: p.mvpd,
    device_id: p.deviceId,
    sso_issuer: p.ssoIssuer,
    sso_subject: p.ssoSubject,
    issuer: p.issuer,
    upstream_user_id: p.upstreamUserId,
    attributes: JSON.stringify(p.attributes),
    auth_code: p.authCode,
    not_before: p.notBefore,
    not_after: p.notAfter,
    created_at: now,
    // Only written when QA set them: a normal sign-in's row is unchanged.
    ...(p.mediaTokenSeconds ? { media_token_seconds: p.mediaTokenSeconds } : {}),
    ...(p.decisionSeconds ? { decision_seconds: p.decisionSeconds } : {}),
  };
}

function fromRow(r: ProfileRow): StoredProfile {
  return {
    id: r.id,
    requestor: r.requestor,
    mvpd: r.mvpd,
    deviceId: r.device_id,
    ssoIssuer: r.sso_issuer,
    ssoSubject: r.sso_subject,
    issuer: r.issuer,
    upstreamUserId: r.upstream_user_id,
    attributes: JSON.parse(r.attributes) as Record<string, string>,
    authCode: r.auth_code,
    notBefore: Number(r.not_before),
    notAfter: Number(r.not_after),
    ...(r.media_token_seconds ? { mediaTokenSeconds: Number(r.media_token_seconds) } : {}),
    ...(r.decision_seconds ? { decisionSeconds: Number(r.decision_seconds) } : {}),
  };
}
