// Whether a customer JWT's refresh-token family is still alive. Every customer JWT names
// its family (`fid`); a JWT whose family was revoked (a refresh token reused) stops working
// at once instead of living out its 15 minutes. The revocation is in the database, so every
// instance sees it; each remembers an alive family for at most `cacheMs` (default: 2 s) so
// the hot path stays a cache hit, and a revoked one for good (revocation is final).
import type { JWTPayload } from 'jose';
import type { Db } from '../db/database.ts';

export class CustomerSessions {
  private readonly alive = new Map<string, number>();
  private readonly revoked = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly cacheMs = 2000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Null when `claims` (a verified customer JWT) may be used; else why not. */
  async refusal(claims: JWTPayload): Promise<string | null> {
    const familyId = claims.fid;
    if (typeof familyId !== 'string' || familyId === '') return 'the customer token names no refresh-token family';
    if (this.revoked.has(familyId)) return 'the customer token’s refresh-token family was revoked';
    const now = this.clock();
    const until = this.alive.get(familyId);
    if (until !== undefined && until > now) return null;
    const row = await this.db.selectFrom('refresh_tokens').select('hash').where('family_id', '=', familyId).where('revoked_at', 'is not', null).limit(1).executeTakeFirst();
    if (row) {
      this.forget(familyId);
      return 'the customer token’s refresh-token family was revoked';
    }
    if (this.alive.size > 50_000) this.alive.clear();
    this.alive.set(familyId, now + this.cacheMs);
    return null;
  }

  /** Called by this instance when it revokes a family: no wait for the cache here. */
  forget(familyId: string): void {
    this.alive.delete(familyId);
    if (this.revoked.size > 50_000) this.revoked.clear();
    this.revoked.add(familyId);
  }
}
