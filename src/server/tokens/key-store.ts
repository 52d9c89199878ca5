// Key sets as a private JWKS file (mode 0600) under the data directory, created on first
// start: the embedded IdP's and MVPD simulator's keys (single-instance dev stand-ins), and
// the legacy playgate.jwks.json that shared-key-store.ts imports into the database once.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

export type KeyAlg = 'ES256' | 'RS256';

export interface PrivateJwk extends JWK {
  kid: string;
  alg: KeyAlg;
  use: 'sig';
  /** When the key was added (epoch ms); set by rotateKeySet, absent on older keys. */
  createdAt?: number;
}

/** Returns the key set in `file`, adding a key for any algorithm it lacks. */
export async function loadOrCreateKeySet(file: string, algs: KeyAlg[]): Promise<PrivateJwk[]> {
  const keys = readKeySet(file);
  let changed = false;
  for (const alg of algs) {
    if (keys.some((k) => k.alg === alg)) continue;
    keys.push(await newKey(alg));
    changed = true;
  }
  if (changed) writeKeySet(file, keys);
  return keys;
}

async function newKey(alg: KeyAlg): Promise<PrivateJwk> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg, use: 'sig' };
}

/** The key set in `file` as stored (no key is created); [] when the file does not exist. */
export function readKeySet(file: string): PrivateJwk[] {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { keys: PrivateJwk[] }).keys : [];
}

/** Replaces the file in one step (write a sibling, then rename): a reader never sees half a key set. */
function writeKeySet(file: string, keys: PrivateJwk[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ keys }, null, 2), { mode: 0o600 });
  renameSync(tmp, file);
}

/** The public half of a key set, for a JWKS endpoint. */
export function publicJwks(keys: PrivateJwk[]): { keys: JWK[] } {
  return {
    keys: keys.map(({ kty, crv, x, y, n, e, kid, alg, use }) => ({ kty, crv, x, y, n, e, kid, alg, use })).map(dropUndefined),
  };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Random secret bytes for cookie keys and similar, persisted like keys. */
export function loadOrCreateSecrets(file: string, count: number): string[] {
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { secrets: string[] }).secrets;
  const secrets = Array.from({ length: count }, () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url'));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ secrets }), { mode: 0o600 });
  return secrets;
}
