// Refresh tokens: 256 random bits, only their SHA-256 stored, single use, grouped in
// families. Using a spent token is taken as theft: the whole family — the newest token
// included — is revoked.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';

export type RotateResult =
  | { ok: true; customerId: string; publisherId: string; familyId: string; customerIp: string | null }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused'; /** reused: the family now revoked. */ familyId?: string };

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

export class RefreshTokenStore {
  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
  ) {}

  async issue(customerId: string, publisherId: string, opts: { familyId?: string; customerIp?: string | null } = {}, now = Date.now()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db
      .insertInto('refresh_tokens')
      .values({
        hash: hash(token),
        family_id: opts.familyId ?? randomUUID(),
        customer_id: customerId,
        publisher_id: publisherId,
        created_at: now,
        expires_at: now + this.ttlMs,
        used_at: null,
        revoked_at: null,
        customer_ip: opts.customerIp ?? null,
      })
      .execute();
    return token;
  }

  /** Spends `token` (once, atomically); the caller then issues the family's next token. */
  async spend(token: string, now = Date.now()): Promise<RotateResult> {
    if (token.length > 200) return { ok: false, reason: 'unknown' };
    const row = await this.db.selectFrom('refresh_tokens').selectAll().where('hash', '=', hash(token)).executeTakeFirst();
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
    if (row.used_at !== null) {
      await this.revokeFamily(row.family_id, now);
      return { ok: false, reason: 'reused', familyId: row.family_id };
    }
    if (Number(row.expires_at) <= now) return { ok: false, reason: 'expired' };
    const spent = await this.db.updateTable('refresh_tokens').set({ used_at: now }).where('hash', '=', row.hash).where('used_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) {
      // Another request spent it a moment ago: that is a reuse too.
      await this.revokeFamily(row.family_id, now);
      return { ok: false, reason: 'reused', familyId: row.family_id };
    }
    return { ok: true, customerId: row.customer_id, publisherId: row.publisher_id, familyId: row.family_id, customerIp: row.customer_ip };
  }

  /** Whether any token of the family has been revoked (a reuse happened). */
  async familyRevoked(familyId: string): Promise<boolean> {
    const row = await this.db.selectFrom('refresh_tokens').select('hash').where('family_id', '=', familyId).where('revoked_at', 'is not', null).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async revokeFamily(familyId: string, now = Date.now()): Promise<void> {
    await this.db.updateTable('refresh_tokens').set({ revoked_at: now }).where('family_id', '=', familyId).where('revoked_at', 'is', null).execute();
  }
}
