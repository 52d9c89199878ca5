// Whether a registered client may still call the API (not revoked). Read from the
// database and remembered for a short while per instance: a revocation takes effect on
// every instance within `cacheMs` (default: 10 s), and the hot path stays a cache hit.
import type { Db } from '../db/database.ts';

export class ClientRegistry {
  private readonly cache = new Map<string, { active: boolean; until: number }>();
  constructor(
    private readonly db: Db,
    private readonly cacheMs = 10_000,
  ) {}

  async isActive(clientId: string, now = Date.now()): Promise<boolean> {
    const hit = this.cache.get(clientId);
    if (hit && hit.until > now) return hit.active;
    const row = await this.db.selectFrom('clients').select('revoked_at').where('client_id', '=', clientId).executeTakeFirst();
    const active = row !== undefined && row.revoked_at === null;
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(clientId, { active, until: now + this.cacheMs });
    return active;
  }

  async revoke(clientId: string, now = Date.now()): Promise<boolean> {
    const result = await this.db.updateTable('clients').set({ revoked_at: now }).where('client_id', '=', clientId).where('revoked_at', 'is', null).executeTakeFirst();
    this.cache.delete(clientId);
    return Number(result.numUpdatedRows) === 1;
  }
}
