// The MVPD's time budget, counted only while our event loop was free to hear its answer.
// A timer that fires late says the loop was busy (saturated by other requests): that
// lateness is not the MVPD's, so the deadline moves out by as much (at most one more
// budget). And before aborting, the loop gets one turn to process I/O that has already
// arrived (setImmediate runs after the poll phase), so an answer that came in time is not
// thrown away because its callback was queued behind others.

/** Timer lateness below this is ordinary jitter (default: 10 ms). */
export const LATE_TIMER_SLACK_MS = 10;

export interface Deadline {
  signal: AbortSignal;
  /** Time the deadline was moved out because our loop was late, in ms. */
  readonly lagMs: number;
  clear(): void;
}

export function loopAwareDeadline(budgetMs: number): Deadline {
  const controller = new AbortController();
  let lagMs = 0;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  const arm = (ms: number) => {
    const due = performance.now() + ms;
    timer = setTimeout(() => {
      const late = performance.now() - due;
      if (late > LATE_TIMER_SLACK_MS && lagMs < budgetMs) {
        const extension = Math.min(late, budgetMs - lagMs);
        lagMs += extension;
        return arm(extension);
      }
      immediate = setImmediate(() => controller.abort(new DOMException('MVPD answer deadline passed', 'TimeoutError')));
    }, ms);
  };
  arm(budgetMs);
  return {
    signal: controller.signal,
    get lagMs() {
      return Math.round(lagMs);
    },
    clear() {
      clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
    },
  };
}
