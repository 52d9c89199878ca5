// MediaFiles serves only regular files under the media root (a planted symlink, to a file
// or as the resource folder, serves nothing), and its in-memory map stays bounded.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaFiles } from './media-files.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'playgate-media-'));
  mkdirSync(join(dir, 'media', 'show'), { recursive: true });
  writeFileSync(join(dir, 'media', 'show', 'seg_000.ts'), 'real segment');
  writeFileSync(join(dir, 'secret.txt'), 'outside the root');
  symlinkSync(resolve('package.json'), join(dir, 'media', 'show', 'evil.m3u8'));
  symlinkSync(join(dir, 'secret.txt'), join(dir, 'media', 'show', 'seg_001.ts'));
  mkdirSync(join(dir, 'media', 'show', 'dir.ts'));
  mkdirSync(join(dir, 'elsewhere'));
  writeFileSync(join(dir, 'elsewhere', 'seg_000.ts'), 'from outside');
  symlinkSync(join(dir, 'elsewhere'), join(dir, 'media', 'linked'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('MediaFiles', () => {
  const files = () => new MediaFiles(join(dir, 'media'), new Set(['show', 'linked']));

  it('serves a regular file', async () => {
    expect((await files().read('show', 'seg_000.ts'))?.toString()).toBe('real segment');
  });

  it('readNow answers only what a read already loaded, and never what read refuses', async () => {
    const f = files();
    expect(f.readNow('show', 'seg_000.ts')).toBeUndefined();
    await f.read('show', 'seg_000.ts');
    expect(f.readNow('show', 'seg_000.ts')?.toString()).toBe('real segment');
    for (const [resource, file] of [['show', 'evil.m3u8'], ['show', 'seg_001.ts'], ['linked', 'seg_000.ts'], ['show', '../secret.txt'], ['other', 'seg_000.ts']] as const) {
      expect(await f.read(resource, file)).toBeNull();
      expect(f.readNow(resource, file)).toBeUndefined();
    }
  });

  it.each([
    ['a symlink to package.json', 'show', 'evil.m3u8'],
    ['a symlink to a file outside the root', 'show', 'seg_001.ts'],
    ['a directory', 'show', 'dir.ts'],
    ['a resource folder that is a symlink out of the root', 'linked', 'seg_000.ts'],
    ['a missing file', 'show', 'seg_999.ts'],
  ])('serves nothing for %s', async (_what, resource, file) => {
    expect(await files().read(resource, file)).toBeNull();
  });

  it('keeps no entry for names that do not exist, and at most maxEntries for those that do', async () => {
    const bounded = new MediaFiles(join(dir, 'media'), new Set(['show']), 2);
    for (let i = 0; i < 500; i++) await bounded.read('show', `missing_${i}.ts`);
    await new Promise((r) => setImmediate(r));
    expect(bounded.cachedCount).toBe(0);
    writeFileSync(join(dir, 'media', 'show', 'a.ts'), 'a');
    writeFileSync(join(dir, 'media', 'show', 'b.ts'), 'b');
    for (const f of ['seg_000.ts', 'a.ts', 'b.ts']) await bounded.read('show', f);
    expect(bounded.cachedCount).toBe(2);
    expect((await bounded.read('show', 'seg_000.ts'))?.toString()).toBe('real segment');
  });
});
