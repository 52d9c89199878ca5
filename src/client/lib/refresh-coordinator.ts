// Refreshes a token one tab at a time. Refresh tokens rotate, and reusing a spent one
// revokes the whole grant (IdP) or family (publisher SSO): so every refresh runs under a
// Web Lock shared by all tabs of the origin, and re-reads the shared store first — if
// another tab refreshed meanwhile, its result is used instead of refreshing again.

export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface RefreshPlan<T> {
  /** The lock shared by every tab (default names per token kind). */
  lockName: string;
  /** Reads the current token set from shared storage (not from memory). */
  read(): Promise<T | null>;
  /** Whether it is still good for a while (no refresh needed). */
  isFresh(current: T): boolean;
  /** Refreshes, stores the result in shared storage, and returns it. */
  refresh(current: T): Promise<T>;
}

/** Per-tab mutex for browsers without Web Locks (no cross-tab protection there). */
const localChains = new Map<string, Promise<unknown>>();
const localLocks: LockManagerLike = {
  request(name, callback) {
    const previous = localChains.get(name) ?? Promise.resolve();
    const run = previous.then(callback, callback);
    localChains.set(name, run.catch(() => undefined));
    return run;
  },
};

export function browserLocks(): LockManagerLike {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? { request: <T,>(name: string, cb: () => Promise<T>) => locks.request(name, cb) as Promise<T> } : localLocks;
}

export async function refreshOnce<T>(plan: RefreshPlan<T>, locks: LockManagerLike = browserLocks()): Promise<T | null> {
  return locks.request(plan.lockName, async () => {
    const current = await plan.read();
    if (!current) return null;
    if (plan.isFresh(current)) return current;
    return plan.refresh(current);
  });
}
