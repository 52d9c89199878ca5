// A circuit breaker for one MVPD. Rules:
// - closed: every question goes to the MVPD; `failureThreshold` consecutive failures
//   (timeouts or errors blamed on the MVPD) open it;
// - open: questions are not sent (callers answer a `retry` Deny at once) for `coolDownMs`;
// - half-open: after the cool-down exactly one probe goes through; while it is in flight
//   the others still fail fast. The probe's success closes the breaker, its failure opens
//   it for another cool-down.
// A Permit or a Deny is a success: the MVPD answered.

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker (default: 5). */
  failureThreshold?: number;
  /** How long it stays open before one probe is let through (default: 10,000 ms). */
  coolDownMs?: number;
  /** Epoch ms; frozen in tests. */
  clock?: () => number;
}

export const BREAKER_DEFAULTS = { failureThreshold: 5, coolDownMs: 10_000 } as const;

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private current: BreakerState = 'closed';
  private probing = false;
  private readonly failureThreshold: number;
  private readonly coolDownMs: number;
  private readonly clock: () => number;

  constructor(opts: BreakerOptions = {}) {
    this.failureThreshold = opts.failureThreshold ?? BREAKER_DEFAULTS.failureThreshold;
    this.coolDownMs = opts.coolDownMs ?? BREAKER_DEFAULTS.coolDownMs;
    this.clock = opts.clock ?? Date.now;
  }

  get state(): BreakerState {
    if (this.current === 'open' && this.clock() - this.openedAt >= this.coolDownMs) return 'half-open';
    return this.current;
  }

  /** May a question go out now? `probe`: yes, as the half-open probe (report its outcome). */
  admit(): 'closed' | 'probe' | 'open' {
    const state = this.state;
    if (state === 'closed') return 'closed';
    if (state === 'half-open' && !this.probing) {
      this.current = 'half-open';
      this.probing = true;
      return 'probe';
    }
    return 'open';
  }

  /** Milliseconds until a probe may go through (0 when not open). */
  retryInMs(): number {
    return this.current === 'closed' ? 0 : Math.max(0, this.openedAt + this.coolDownMs - this.clock());
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    this.current = 'closed';
  }

  failure(): void {
    this.failures++;
    if (this.current === 'half-open' || this.failures >= this.failureThreshold) {
      this.current = 'open';
      this.openedAt = this.clock();
      this.probing = false;
    }
  }

  /** An outcome that says nothing about the MVPD (e.g. our own event loop was late): a probe may go again. */
  neutral(): void {
    this.probing = false;
  }
}
