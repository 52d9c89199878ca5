import { describe, expect, it, vi } from 'vitest';
import { refreshOnce, type LockManagerLike } from './refresh-coordinator.ts';

/** A FIFO mutex with the Web Locks calling convention, shared by the "tabs" below. */
function fifoLocks(): LockManagerLike {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request(name, cb) {
      const prev = tails.get(name) ?? Promise.resolve();
      const run = prev.then(cb, cb);
      tails.set(name, run.catch(() => undefined));
      return run;
    },
  };
}

describe('refreshOnce', () => {
  it('lets only one of several tabs refresh; the others read its result', async () => {
    // Shared storage, as localStorage would be between tabs.
    let stored = { token: 'old', expiresAt: 0 };
    const refresh = vi.fn(async (cur: typeof stored) => {
      await new Promise((r) => setTimeout(r, 5));
      stored = { token: `${cur.token}+1`, expiresAt: Date.now() + 60_000 };
      return stored;
    });
    const plan = { lockName: 'sso', read: async () => ({ ...stored }), isFresh: (t: typeof stored) => t.expiresAt > Date.now() + 10_000, refresh };
    const locks = fifoLocks();
    const results = await Promise.all([refreshOnce(plan, locks), refreshOnce(plan, locks), refreshOnce(plan, locks)]);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(results.map((r) => r?.token)).toEqual(['old+1', 'old+1', 'old+1']);
  });

  it('does not refresh a fresh token, and returns null when signed out', async () => {
    const refresh = vi.fn();
    expect(await refreshOnce({ lockName: 'x', read: async () => ({ exp: Infinity }), isFresh: () => true, refresh }, fifoLocks())).toEqual({ exp: Infinity });
    expect(await refreshOnce({ lockName: 'x', read: async () => null, isFresh: () => true, refresh }, fifoLocks())).toBeNull();
    expect(refresh).not.toHaveBeenCalled();
  });

  it('releases the lock when a refresh fails, so the next tab can try', async () => {
    const locks = fifoLocks();
    const failing = { lockName: 'y', read: async () => ({}), isFresh: () => false, refresh: async () => Promise.reject(new Error('revoked')) };
    await expect(refreshOnce(failing, locks)).rejects.toThrow('revoked');
    await expect(refreshOnce({ ...failing, refresh: async () => ({ ok: true }) }, locks)).resolves.toEqual({ ok: true });
  });
});
