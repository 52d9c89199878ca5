// Key rotation without downtime: rotateKeySet appends a key; a TokenService rebuilt from
// the rotated set signs with the new kid and still verifies tokens signed before; the
// whole system publishes both keys and plays a media token issued before the rotation.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeProtectedHeader } from 'jose';
import { loadOrCreateKeySet, pruneKeySet, readKeySet, rotateKeySet } from './key-store.ts';
import { TokenService } from './token-service.ts';
import { startTestSystem, testConfig } from '../test-support/test-system.ts';
import { deviceHash } from '../pass/decision-service.ts';

const ISSUER = 'http://localhost:8080';
const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'playgate-rotate-'));
  dirs.push(dir);
  return join(dir, 'keys', 'playgate.jwks.json');
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('rotateKeySet', () => {
  it('appends a new ES256 key (0600, private file) and keeps the old ones', async () => {
    const file = tempFile();
    const [old] = await loadOrCreateKeySet(file, ['ES256']);
    const rotated = await rotateKeySet(file, 1_700_000_000_000);
    expect(rotated).toHaveLength(2);
    expect(rotated[0]).toEqual(old);
    expect(rotated[1]).toMatchObject({ alg: 'ES256', use: 'sig', kty: 'EC', crv: 'P-256', createdAt: 1_700_000_000_000 });
    expect(rotated[1]!.kid).not.toBe(old!.kid);
    expect(rotated[1]!.d).toEqual(expect.any(String));
    expect(readKeySet(file)).toEqual(rotated);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // loadOrCreateKeySet leaves a rotated set alone.
    expect(await loadOrCreateKeySet(file, ['ES256'])).toEqual(rotated);
  });

  it('creates the set when there is none', async () => {
    const file = tempFile();
    expect(await rotateKeySet(file)).toHaveLength(1);
  });

  it('a token signed before rotation still verifies after a TokenService is rebuilt from the rotated set; new tokens carry the new kid', async () => {
    const file = tempFile();
    const before = await TokenService.create(ISSUER, await loadOrCreateKeySet(file, ['ES256']));
    const oldToken = (await before.sign('media', { resource: 'news-24' }, 300)).token;
    const oldKid = decodeProtectedHeader(oldToken).kid;

    const keys = await rotateKeySet(file);
    const after = await TokenService.create(ISSUER, keys);
    const newKid = keys.at(-1)!.kid;
    expect(after.signingKid).toBe(newKid);
    expect(await after.verify('media', oldToken)).toMatchObject({ resource: 'news-24' });

    const newToken = (await after.sign('media', { resource: 'news-24' }, 300)).token;
    expect(decodeProtectedHeader(newToken).kid).toBe(newKid);
    expect(newKid).not.toBe(oldKid);
    // A server not yet restarted (old set) does not know the new kid: why servers restart after `rotate`.
    await expect(before.verify('media', newToken)).rejects.toMatchObject({ reason: 'signature' });

    expect(after.publicJwks.keys.map((k) => k.kid)).toEqual([oldKid, newKid]);
    for (const k of after.publicJwks.keys) {
      expect(k).not.toHaveProperty('d');
      expect(k).not.toHaveProperty('createdAt');
    }
  });

  it('pruneKeySet keeps the newest N: tokens of a pruned key stop verifying once rebuilt', async () => {
    const file = tempFile();
    const first = await TokenService.create(ISSUER, await loadOrCreateKeySet(file, ['ES256']));
    const oldToken = (await first.sign('media', { resource: 'news-24' }, 300)).token;
    await rotateKeySet(file);
    const keys = await rotateKeySet(file);
    expect(pruneKeySet(file, 3)).toEqual([]);
    expect(pruneKeySet(file, 2)).toEqual([keys[0]!.kid]);
    const rebuilt = await TokenService.create(ISSUER, readKeySet(file));
    expect(rebuilt.signingKid).toBe(keys[2]!.kid);
    await expect(rebuilt.verify('media', oldToken)).rejects.toMatchObject({ reason: 'signature' });
    expect(() => pruneKeySet(file, 0)).toThrow();
  });
});

describe('rotation in the running system', () => {
  it('after a rotation and restart, /.well-known/jwks.json lists both keys and a media token issued before still plays', async () => {
    const config = testConfig();
    const file = join(config.dataDir, 'keys', 'playgate.jwks.json');
    const before = await TokenService.create(config.app.publicUrl, await loadOrCreateKeySet(file, ['ES256']));
    const held = (await before.sign('media', { resource: 'news-24', sub: 'viewer', requestor: 'PLAYGATE', did: deviceHash('device-rotate-001') }, 300)).token;
    const keys = await rotateKeySet(file);

    const sys = await startTestSystem(config);
    try {
      const jwks = (await sys.app.inject({ url: '/.well-known/jwks.json' })).json();
      expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(keys.map((k) => k.kid));
      expect(JSON.stringify(jwks)).not.toContain('"d"');
      expect(sys.ctx.tokens.signingKid).toBe(keys[1]!.kid);
      expect(decodeProtectedHeader(sys.softwareStatement).kid).toBe(keys[1]!.kid);

      const master = await sys.app.inject({ url: `/media/news-24/master.m3u8?token=${held}&device=device-rotate-001` });
      expect(master.statusCode).toBe(200);
      expect(JSON.parse(readFileSync(file, 'utf8')).keys).toHaveLength(2);
    } finally {
      await sys.dispose();
    }
  });
});
