// TempPass passes in the database (every instance shares them): read, start at the first
// authorization (an insert that loses a race reads the winner's), record a resource
// (promotional limit), and the reset API's deletes.
import type { Db } from '../db/database.ts';
import type { TempPassesTable } from '../db/schema.ts';

export interface TempPass {
  key: string;
  startedAt: number;
  expiresAt: number;
  resources: string[];
}

export class TempPassStore {
  constructor(private readonly db: Db) {}

  async find(requestor: string, mvpd: string, key: string): Promise<TempPass | undefined> {
    const row = await this.db.selectFrom('temp_passes').selectAll().where('requestor', '=', requestor).where('mvpd', '=', mvpd).where('pass_key', '=', key).executeTakeFirst();
    return row ? toPass(row) : undefined;
  }

  /** The pass, started now if there was none. */
  async startOrGet(q: { requestor: string; mvpd: string; key: string; deviceHash: string; durationMs: number }, now = Date.now()): Promise<TempPass> {
    await this.db
      .insertInto('temp_passes')
      .values({ requestor: q.requestor, mvpd: q.mvpd, pass_key: q.key, device_hash: q.deviceHash, started_at: now, expires_at: now + q.durationMs, resources: '[]' })
      .onConflict((oc) => oc.columns(['requestor', 'mvpd', 'pass_key']).doNothing())
      .execute();
    return (await this.find(q.requestor, q.mvpd, q.key))!;
  }

  /** Adds `resource` unless the pass already holds `max` others; false when it is full. */
  async addResource(requestor: string, mvpd: string, key: string, resource: string, max: number): Promise<boolean> {
    // Optimistic: written only if the list is still the one read, retried on a race.
    for (let attempt = 0; attempt < 5; attempt++) {
      const pass = await this.find(requestor, mvpd, key);
      if (!pass) return false;
      if (pass.resources.includes(resource)) return true;
      if (pass.resources.length >= max) return false;
      const res = await this.db
        .updateTable('temp_passes')
        .set({ resources: JSON.stringify([...pass.resources, resource]) })
        .where('requestor', '=', requestor)
        .where('mvpd', '=', mvpd)
        .where('pass_key', '=', key)
        .where('resources', '=', JSON.stringify(pass.resources))
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) return true;
    }
    return false;
  }

  /** Reset by device (its hash) or, with null, every pass of that TempPass. */
  async resetDevice(requestor: string, mvpd: string, deviceHash: string | null): Promise<number> {
    let q = this.db.deleteFrom('temp_passes').where('requestor', '=', requestor).where('mvpd', '=', mvpd);
    if (deviceHash) q = q.where('device_hash', '=', deviceHash);
    return Number((await q.executeTakeFirst()).numDeletedRows);
  }

  /** Reset by key (identity hash) or, with null, every pass of that TempPass. */
  async resetKey(requestor: string, mvpd: string, key: string | null): Promise<number> {
    let q = this.db.deleteFrom('temp_passes').where('requestor', '=', requestor).where('mvpd', '=', mvpd);
    if (key) q = q.where('pass_key', '=', key);
    return Number((await q.executeTakeFirst()).numDeletedRows);
  }
}

function toPass(row: TempPassesTable): TempPass {
  return { key: row.pass_key, startedAt: Number(row.started_at), expiresAt: Number(row.expires_at), resources: JSON.parse(row.resources) as string[] };
}
