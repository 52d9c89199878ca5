import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/database.ts';
import { RateLimiter } from './rate-limiter.ts';

let db: Db;
const dir = mkdtempSync(join(tmpdir(), 'rl-'));
beforeAll(async () => {
  db = await openDatabase(
    process.env.DATABASE_URL ? { kind: 'postgres', url: process.env.DATABASE_URL, schema: `rl_${Date.now()}` } : { kind: 'sqlite', file: join(dir, 'rl.sqlite') },
  );
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('RateLimiter', () => {
  const policy = { ratePerSecond: 1, burst: 10 };

  it('allows a burst of 10, then refuses until tokens refill at 1/s', async () => {
    const limiter = new RateLimiter(db);
    const t0 = 1_000_000;
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await limiter.take('device-a', policy, t0));
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(results.slice(10)).toEqual([false, false]);
    expect(await limiter.take('device-a', policy, t0 + 500)).toBe(false);
    expect(await limiter.take('device-a', policy, t0 + 1000)).toBe(true);
    expect(await limiter.take('device-a', policy, t0 + 1000)).toBe(false);
  });

  it('keeps keys apart and never refills past the burst', async () => {
    const limiter = new RateLimiter(db);
    const t0 = 5_000_000;
    expect(await limiter.take('device-b', policy, t0)).toBe(true);
    // An hour later the bucket holds 10, not 3600.
    let allowed = 0;
    for (let i = 0; i < 15; i++) if (await limiter.take('device-b', policy, t0 + 3_600_000)) allowed++;
    expect(allowed).toBe(10);
    expect(await limiter.take('device-c', policy, t0)).toBe(true);
  });

  it('does not over-grant under concurrent takes', async () => {
    const limiter = new RateLimiter(db);
    const t0 = 9_000_000;
    const results = await Promise.all(Array.from({ length: 25 }, () => limiter.take('device-d', policy, t0)));
    expect(results.filter(Boolean).length).toBeLessThanOrEqual(10);
  });

  it('racing first requests for a new key all take from the one bucket (none refused while tokens remain)', async () => {
    const limiter = new RateLimiter(db);
    const results = await Promise.all(Array.from({ length: 5 }, () => limiter.take('racing-new-key', policy, 5_000_000)));
    expect(results).toEqual([true, true, true, true, true]);
  });
});
