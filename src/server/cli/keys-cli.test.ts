import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/database.ts';
import { testConfig } from '../test-support/test-system.ts';
import { ensureSigningKeys, listKeys } from '../tokens/shared-key-store.ts';
import { maxTokenLifetimeMs } from '../tokens/token-lifetimes.ts';
import { runKeysCli } from './keys-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'playgate-keys-cli-'));
const config = testConfig((raw) => (raw.signingKeys = { activationDelaySeconds: 20 }));
let db: Db;
const T0 = 1_800_000_000_000;
beforeAll(async () => {
  db = await openDatabase({ kind: 'sqlite', file: join(dir, 'playgate.sqlite') });
  await ensureSigningKeys(db, config.kek, join(dir, 'none.json'), T0);
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
  rmSync(config.dataDir, { recursive: true, force: true });
});

const run = async (now: number, ...args: string[]) => {
  const lines: string[] = [];
  const code = await runKeysCli(args, db, config, (l) => lines.push(l), now);
  return { code, lines };
};

it('rotate publishes now and activates after the delay; list shows each state; prune removes expired keys only', async () => {
  const [first] = await listKeys(db, T0, maxTokenLifetimeMs(config));
  const rotated = await run(T0 + 1000, 'rotate');
  expect(rotated.code).toBe(0);
  expect(rotated.lines[0]).toContain(new Date(T0 + 21_000).toISOString());
  const published = await run(T0 + 2000, 'list');
  expect(published.lines.find((l) => l.startsWith(first!.kid))).toContain('ACTIVE');
  expect(published.lines.some((l) => l.includes('PUBLISHED'))).toBe(true);
  const activated = await run(T0 + 21_000, 'list');
  expect(activated.lines.find((l) => l.startsWith(first!.kid))).toContain('RETIRED');
  expect(activated.lines.filter((l) => l.includes('ACTIVE'))).toHaveLength(1);
  expect((await run(T0 + 22_000, 'prune')).lines).toEqual([expect.stringMatching(/^nothing to remove/)]);
  const late = T0 + 21_000 + maxTokenLifetimeMs(config) + 1;
  expect((await run(late, 'prune')).lines[0]).toBe(`removed ${first!.kid}`);
  expect((await run(late, 'list')).lines.at(-1)).toBe('1 key(s) in the database');
  expect((await run(late, 'rotate', '--activate-in', '0')).code).toBe(0);
  expect((await listKeys(db, late, maxTokenLifetimeMs(config))).filter((k) => k.state === 'active')).toHaveLength(1);
});

it.each([[], ['frobnicate'], ['prune', 'x'], ['rotate', '--activate-in', 'x'], ['rotate', '--activate-in', '999999'], ['rotate', 'extra'], ['list', 'x']])('usage for %j (exit 2)', async (...args) => {
  const { code, lines } = await run(T0, ...(args as string[]));
  expect(code).toBe(2);
  expect(lines[0]).toMatch(/^usage/);
});
