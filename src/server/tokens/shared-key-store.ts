// Playgate's signing keys in the database, shared by every instance (table signing_keys),
// private halves sealed under the KEK. A key's state follows from time alone, so no process
// has to flip it and every instance agrees:
//   published  now < activates_at           in the JWKS, verifies, does not sign yet
//   active     the newest activated key     signs (and verifies)
//   retired    a newer key has activated    verifies until successor.activates_at + max token lifetime
//   expired    past that                    left out of the JWKS, deleted by prune
import { existsSync } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type { Db } from '../db/database.ts';
import type { SigningKeysTable } from '../db/schema.ts';
import { seal, unseal, type Kek } from './kek.ts';
import { publicJwks, readKeySet, type PrivateJwk } from './key-store.ts';

export type KeyState = 'published' | 'active' | 'retired' | 'expired';

export interface KeyRow {
  kid: string;
  alg: 'ES256';
  createdAt: number;
  activatesAt: number;
  state: KeyState;
  /** retired keys: when they stop verifying (epoch ms). */
  verifiesUntil: number | null;
  sealed: string;
  publicJwk: PrivateJwk;
}

/** Newest first by activation (kid breaks ties, so every instance picks the same signer). */
const byActivation = (a: SigningKeysTable, b: SigningKeysTable) => b.activates_at - a.activates_at || (a.kid < b.kid ? 1 : -1);

/** Every stored key with its state at `now`; `maxLifetimeMs` is the longest lifetime of a token Playgate signs. */
export async function listKeys(db: Db, now: number, maxLifetimeMs: number): Promise<KeyRow[]> {
  const rows = (await db.selectFrom('signing_keys').selectAll().execute()).sort(byActivation);
  let successorActivation: number | null = null;
  let activeSeen = false;
  const out: KeyRow[] = [];
  for (const r of rows) {
    let state: KeyState;
    let verifiesUntil: number | null = null;
    if (r.activates_at > now) state = 'published';
    else if (!activeSeen) {
      state = 'active';
      activeSeen = true;
    } else {
      verifiesUntil = successorActivation! + maxLifetimeMs;
      state = verifiesUntil > now ? 'retired' : 'expired';
    }
    if (r.activates_at <= now) successorActivation = r.activates_at;
    out.push({ kid: r.kid, alg: 'ES256', createdAt: r.created_at, activatesAt: r.activates_at, state, verifiesUntil, sealed: r.private_jwk_sealed, publicJwk: JSON.parse(r.public_jwk) as PrivateJwk });
  }
  return out;
}

export function unsealPrivateJwk(kek: Kek, row: KeyRow): PrivateJwk {
  return JSON.parse(unseal(kek, row.sealed, row.kid)) as PrivateJwk;
}

async function newKey(): Promise<PrivateJwk> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
}

async function insertKey(db: Db, kek: Kek, jwk: PrivateJwk, createdAt: number, activatesAt: number): Promise<void> {
  const pub = publicJwks([jwk]).keys[0]!;
  await db
    .insertInto('signing_keys')
    .values({ kid: jwk.kid, alg: 'ES256', public_jwk: JSON.stringify(pub), private_jwk_sealed: seal(kek, JSON.stringify(jwk), jwk.kid), created_at: createdAt, activates_at: activatesAt })
    .onConflict((oc) => oc.column('kid').doNothing())
    .execute();
}

/**
 * First start: when the table is empty, imports the ES256 keys of a legacy
 * `playgate.jwks.json` (the newest signs, the others stay as retired keys) or creates one
 * active key. Two instances starting together may each add one; both verify everywhere and
 * the tie-break makes them agree on the signer.
 */
export async function ensureSigningKeys(db: Db, kek: Kek, legacyFile: string, now = Date.now()): Promise<{ imported: number; created: boolean }> {
  const any = await db.selectFrom('signing_keys').select('kid').limit(1).executeTakeFirst();
  if (any) return { imported: 0, created: false };
  const legacy = existsSync(legacyFile) ? readKeySet(legacyFile).filter((k) => k.alg === 'ES256') : [];
  if (legacy.length > 0) {
    // Older keys activated "in the past" in file order; the last one is the active signer.
    let i = 0;
    for (const k of legacy) await insertKey(db, kek, k, k.createdAt ?? now, Math.min(now, (k.createdAt ?? 0) + i++));
    return { imported: legacy.length, created: false };
  }
  await insertKey(db, kek, await newKey(), now, now);
  return { imported: 0, created: true };
}

/** Rotation, step 1: publishes a new key that starts signing at `activatesAt` (epoch ms). */
export async function publishKey(db: Db, kek: Kek, activatesAt: number, now = Date.now()): Promise<string> {
  const jwk = await newKey();
  // The newest key must win: never activate at or before a key already in the set.
  const latest = await db.selectFrom('signing_keys').select((eb) => eb.fn.max('activates_at').as('at')).executeTakeFirst();
  await insertKey(db, kek, jwk, now, Math.max(activatesAt, Number(latest?.at ?? 0) + 1));
  return jwk.kid;
}

/** Deletes expired keys (tokens they signed have all expired). Returns the kids removed. */
export async function pruneExpiredKeys(db: Db, now: number, maxLifetimeMs: number): Promise<string[]> {
  const expired = (await listKeys(db, now, maxLifetimeMs)).filter((k) => k.state === 'expired').map((k) => k.kid);
  if (expired.length > 0) await db.deleteFrom('signing_keys').where('kid', 'in', expired).execute();
  return expired;
}
