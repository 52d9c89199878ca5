import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readKeySet } from '../tokens/key-store.ts';
import { playgateKeyFile, runKeysCli } from './keys-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'playgate-keys-cli-'));
const file = playgateKeyFile(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (...args: string[]) => {
  const lines: string[] = [];
  const code = await runKeysCli(args, file, (l) => lines.push(l));
  return { code, lines };
};

it('operates on ${dataDir}/keys/playgate.jwks.json', () => {
  expect(file).toBe(join(dir, 'keys', 'playgate.jwks.json'));
});

it('rotate, list, prune --keep N', async () => {
  expect((await run('rotate')).code).toBe(0);
  const second = await run('rotate');
  expect(second.code).toBe(0);
  const keys = readKeySet(file);
  expect(keys).toHaveLength(2);
  expect(second.lines[0]).toContain(keys[1]!.kid);

  const list = await run('list');
  expect(list.code).toBe(0);
  expect(list.lines).toHaveLength(3);
  expect(list.lines[0]).toContain(keys[0]!.kid);
  expect(list.lines[0]).toContain('verify only');
  expect(list.lines[1]).toContain(keys[1]!.kid);
  expect(list.lines[1]).toContain('SIGNING');

  await run('rotate');
  const pruned = await run('prune', '--keep', '2');
  expect(pruned.code).toBe(0);
  expect(pruned.lines[0]).toBe(`removed ${keys[0]!.kid}`);
  expect(readKeySet(file).map((k) => k.kid)).toEqual([keys[1]!.kid, readKeySet(file)[1]!.kid]);
  expect((await run('prune', '--keep=1')).code).toBe(0);
  expect(readKeySet(file)).toHaveLength(1);
  expect((await run('prune', '--keep', '1')).lines).toEqual(['nothing to remove']);
});

it.each([[], ['frobnicate'], ['prune'], ['prune', '--keep', '0'], ['prune', '--keep', 'x'], ['prune', '--keep', '-1'], ['rotate', 'extra']])('usage for %j (exit 2)', async (...args) => {
  const { code, lines } = await run(...(args as string[]));
  expect(code).toBe(2);
  expect(lines[0]).toMatch(/^usage/);
});
