// The oidc-provider adapter on our database: revoking a grant's tokens leaves the other
// models that happen to carry the same grantId (an Interaction in progress) alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../db/database.ts';
import { kyselyAdapter } from './kysely-adapter.ts';

describe('kyselyAdapter', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'playgate-adapter-'));
    db = await openDatabase({ kind: 'sqlite', file: join(dir, 'oidc.sqlite') });
    await migrate(db);
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('revokeByGrantId removes only that model’s rows of the grant', async () => {
    const Adapter = kyselyAdapter(db, 'mvpd');
    const tokens = new Adapter('AccessToken');
    const codes = new Adapter('AuthorizationCode');
    const interactions = new Adapter('Interaction');
    await tokens.upsert('at-1', { grantId: 'g-1' }, 60);
    await tokens.upsert('at-2', { grantId: 'g-2' }, 60);
    await codes.upsert('code-1', { grantId: 'g-1' }, 60);
    await interactions.upsert('int-1', { grantId: 'g-1', uid: 'int-1' }, 60);

    await tokens.revokeByGrantId('g-1');

    expect(await tokens.find('at-1')).toBeUndefined();
    expect(await tokens.find('at-2')).toMatchObject({ grantId: 'g-2' });
    // The provider revokes each token model itself; another model's rows stay.
    expect(await codes.find('code-1')).toMatchObject({ grantId: 'g-1' });
    expect(await interactions.find('int-1')).toMatchObject({ grantId: 'g-1' });
  });

  it('keeps realms apart', async () => {
    const idp = new (kyselyAdapter(db, 'idp'))('AccessToken');
    const mvpd = new (kyselyAdapter(db, 'mvpd'))('AccessToken');
    await idp.upsert('same', { grantId: 'g-9', realm: 'idp' }, 60);
    await mvpd.upsert('same', { grantId: 'g-9', realm: 'mvpd' }, 60);
    await mvpd.revokeByGrantId('g-9');
    expect(await idp.find('same')).toMatchObject({ realm: 'idp' });
    expect(await mvpd.find('same')).toBeUndefined();
  });
});
