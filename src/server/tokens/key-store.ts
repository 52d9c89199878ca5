// Signing keys persisted as a private JWKS file (mode 0600) under the data directory,
// created on first start. A restart keeps the keys, so tokens in flight stay valid.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

export type KeyAlg = 'ES256' | 'RS256';

export interface PrivateJwk extends JWK {
  kid: string;
  alg: KeyAlg;
  use: 'sig';
}

/** Returns the key set in `file`, adding a key for any algorithm it lacks. */
export async function loadOrCreateKeySet(file: string, algs: KeyAlg[]): Promise<PrivateJwk[]> {
  const keys: PrivateJwk[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { keys: PrivateJwk[] }).keys : [];
  let changed = false;
  for (const alg of algs) {
    if (keys.some((k) => k.alg === alg)) continue;
    const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
    const jwk = await exportJWK(privateKey);
    keys.push({ ...jwk, kid: await calculateJwkThumbprint(jwk), alg, use: 'sig' });
    changed = true;
  }
  if (changed) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ keys }, null, 2), { mode: 0o600 });
  }
  return keys;
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
