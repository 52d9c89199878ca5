// Watches an MVPD sign-in popup until it settles, whatever the viewer does:
// - succeeded: the profile appeared (postMessage from our own origin, or polling);
// - closed: the viewer closed the popup without finishing;
// - timed-out: the authentication code expired (its notAfter).
// Polling runs every `pollMs` (default: 3000) and backs off on HTTP 429. However a check is
// set off (the poll, the popup's message, the popup closing), two never start less than
// `pollMs` apart and never overlap: Adobe asks for profiles/code polls every 3–5 s, and the
// message and the popup closing used to send two within milliseconds (a conformance warning).
import { MVPD_DONE_MESSAGE } from '../../../shared/pass-paths.ts';

export type PopupOutcome = 'succeeded' | 'closed' | 'timed-out';

export interface PopupWatchOptions {
  popup: { closed: boolean; close(): void };
  /** Resolves true once the profile exists; may throw an error with `status`. */
  checkProfile: () => Promise<boolean>;
  /** Epoch ms at which the code expires. */
  notAfter: number;
  /** Only messages from this origin are trusted (default: window.location.origin). */
  origin: string;
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  pollMs?: number;
  maxPollMs?: number;
  now?: () => number;
}

export function watchPopup(o: PopupWatchOptions): { done: Promise<PopupOutcome>; cancel(): void } {
  const events = o.events ?? window;
  const now = o.now ?? Date.now;
  let pollMs = o.pollMs ?? 3000;
  const maxPollMs = o.maxPollMs ?? 15_000;
  let settled = false;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let closedTimer: ReturnType<typeof setInterval> | undefined;
  let resolveDone!: (outcome: PopupOutcome) => void;
  const done = new Promise<PopupOutcome>((r) => (resolveDone = r));

  const finish = (outcome: PopupOutcome) => {
    if (settled) return;
    settled = true;
    clearTimeout(pollTimer);
    clearTimeout(soonTimer);
    clearInterval(closedTimer);
    events.removeEventListener('message', onMessage);
    if (!o.popup.closed) o.popup.close();
    resolveDone(outcome);
  };

  const minGapMs = pollMs;
  let lastStart = -Infinity;
  let inFlight: Promise<boolean> | undefined;
  let soonTimer: ReturnType<typeof setTimeout> | undefined;
  /** A check now, or when the last one is `minGapMs` old; the one under way if there is one. */
  const checkSoon = (): Promise<boolean> => {
    if (settled) return Promise.resolve(true);
    if (inFlight) return inFlight;
    const wait = lastStart + minGapMs - now();
    if (wait > 0) {
      return new Promise((resolve) => {
        clearTimeout(soonTimer);
        soonTimer = setTimeout(() => void checkSoon().then(resolve), wait);
      });
    }
    lastStart = now();
    inFlight = check().finally(() => (inFlight = undefined));
    return inFlight;
  };

  const check = async (): Promise<boolean> => {
    try {
      if (await o.checkProfile()) {
        finish('succeeded');
        return true;
      }
    } catch (err) {
      if ((err as { body?: { status?: number } }).body?.status === 429) pollMs = Math.min(pollMs * 2, maxPollMs);
    }
    return false;
  };

  const poll = async () => {
    if (settled) return;
    if (now() >= o.notAfter) return finish('timed-out');
    await checkSoon();
    if (!settled) pollTimer = setTimeout(() => void poll(), pollMs);
  };

  function onMessage(event: Event) {
    const { origin, data } = event as MessageEvent;
    if (origin !== o.origin || (data as { type?: unknown })?.type !== MVPD_DONE_MESSAGE) return;
    void checkSoon();
  }

  events.addEventListener('message', onMessage);
  pollTimer = setTimeout(() => void poll(), pollMs);
  // A closed popup may still have finished: look once more before calling it closed.
  closedTimer = setInterval(() => {
    if (!o.popup.closed || settled) return;
    clearInterval(closedTimer);
    void checkSoon().then((found) => found || finish('closed'));
  }, 500);

  return { done, cancel: () => finish('closed') };
}
