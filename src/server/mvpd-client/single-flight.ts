// Single flight: identical questions asked while one is in flight share its answer, so a
// burst of viewers on one channel after a cache expiry costs the MVPD one call, not one each.
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  /** `fn()`'s promise for `key`, or the one already in flight; `shared` says which. */
  run(key: string, fn: () => Promise<T>): { promise: Promise<T>; shared: boolean } {
    const existing = this.inFlight.get(key);
    if (existing) return { promise: existing, shared: true };
    const promise = fn().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return { promise, shared: false };
  }

  get size(): number {
    return this.inFlight.size;
  }
}
