// The key-encryption key (KEK) that seals Playgate's private signing keys in the database
// (AES-256-GCM, node:crypto), and where it comes from: PLAYGATE_KEK (32 bytes as base64,
// base64url or 64 hex digits), PLAYGATE_KEK_FILE (the same, in a file), or — in dev only —
// a KEK derived from a constant shipped in this source, so dev instances share it.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface Kek {
  key: Buffer;
  /** Where it came from; `dev` is the shipped demo KEK and is refused in production. */
  source: 'PLAYGATE_KEK' | 'PLAYGATE_KEK_FILE' | 'dev';
}

/** Public by construction: anyone with the source can derive it. Dev and tests only. */
const DEV_KEK = createHash('sha256').update('playgate-dev-kek-not-for-production').digest();

export class KekError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KekError';
  }
}

/** Reads the KEK from the environment (PLAYGATE_KEK wins over PLAYGATE_KEK_FILE); the dev KEK otherwise. */
export function resolveKek(env: NodeJS.ProcessEnv): Kek {
  if (env.PLAYGATE_KEK) return { key: parseKek(env.PLAYGATE_KEK, 'PLAYGATE_KEK'), source: 'PLAYGATE_KEK' };
  if (env.PLAYGATE_KEK_FILE) {
    let text: string;
    try {
      text = readFileSync(env.PLAYGATE_KEK_FILE, 'utf8');
    } catch (err) {
      throw new KekError(`PLAYGATE_KEK_FILE: cannot read ${env.PLAYGATE_KEK_FILE} (${(err as Error).message})`);
    }
    return { key: parseKek(text.trim(), 'PLAYGATE_KEK_FILE'), source: 'PLAYGATE_KEK_FILE' };
  }
  return { key: DEV_KEK, source: 'dev' };
}

function parseKek(text: string, name: string): Buffer {
  const value = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length !== 32) throw new KekError(`${name}: must be 32 random bytes as base64 or 64 hex digits (got ${bytes.length} bytes); e.g. \`openssl rand -base64 32\``);
  if (bytes.equals(DEV_KEK)) throw new KekError(`${name}: is the shipped dev KEK; generate one with \`openssl rand -base64 32\``);
  return bytes;
}

/** `v1.<iv>.<tag>.<ciphertext>` (base64url); `aad` binds the ciphertext to its row (the kid). */
export function seal(kek: Kek, plaintext: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek.key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ct].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function unseal(kek: Kek, sealed: string, aad: string): string {
  const [v, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new KekError(`key ${aad}: not a sealed key`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new KekError(`key ${aad}: cannot be decrypted with this KEK (${kek.source}); every instance needs the KEK the keys were sealed with`);
  }
}
