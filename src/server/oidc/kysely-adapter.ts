// oidc-provider's storage adapter on our database, so the embedded providers keep
// sessions, grants and codes across restarts (the default adapter is memory only).
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Db } from '../db/database.ts';

export function kyselyAdapter(db: Db, realm: string) {
  return class KyselyAdapter implements Adapter {
    private readonly model: string;
    constructor(name: string) {
      this.model = `${realm}:${name}`;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const row = {
        payload: JSON.stringify(payload),
        uid: payload.uid ?? null,
        grant_id: payload.grantId ?? null,
        user_code: payload.userCode ?? null,
        expires_at: expiresIn ? Date.now() + expiresIn * 1000 : null,
        consumed_at: null,
      };
      await db
        .insertInto('oidc_models')
        .values({ model: this.model, id, ...row })
        .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
        .execute();
    }

    async find(id: string) {
      return this.read(await db.selectFrom('oidc_models').selectAll().where('model', '=', this.model).where('id', '=', id).executeTakeFirst());
    }

    async findByUid(uid: string) {
      return this.read(await db.selectFrom('oidc_models').selectAll().where('model', '=', this.model).where('uid', '=', uid).executeTakeFirst());
    }

    async findByUserCode(userCode: string) {
      return this.read(
        await db.selectFrom('oidc_models').selectAll().where('model', '=', this.model).where('user_code', '=', userCode).executeTakeFirst(),
      );
    }

    async consume(id: string): Promise<void> {
      await db
        .updateTable('oidc_models')
        .set({ consumed_at: Math.floor(Date.now() / 1000) })
        .where('model', '=', this.model)
        .where('id', '=', id)
        .execute();
    }

    async destroy(id: string): Promise<void> {
      await db.deleteFrom('oidc_models').where('model', '=', this.model).where('id', '=', id).execute();
    }

    // This model's rows only: oidc-provider calls it once per token model it revokes. An
    // Interaction also carries the session's grantId, and when a subscriber of another MVPD
    // signs in the provider ends the old session (revoking its grant) and then resumes that
    // very interaction — a realm-wide delete removed it ("interaction session not found").
    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom('oidc_models').where('model', '=', this.model).where('grant_id', '=', grantId).execute();
    }

    private read(row: { payload: string; expires_at: number | null; consumed_at: number | null } | undefined) {
      if (!row) return undefined;
      if (row.expires_at !== null && Number(row.expires_at) <= Date.now()) return undefined;
      const payload = JSON.parse(row.payload) as AdapterPayload;
      return row.consumed_at !== null ? { ...payload, consumed: Number(row.consumed_at) } : payload;
    }
  };
}
