// Watches an MVPD sign-in popup until it settles, whatever the viewer does:
// - succeeded: the profile appeared (postMessage from our own origin, or polling);
// - closed: the viewer closed the popup without finishing;
// - timed-out: the authentication code expired (its notAfter).
// Polling runs every `pollMs` (default: 3000) and backs off on HTTP 429.
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
    clearInterval(closedTimer);
    events.removeEventListener('message', onMessage);
    if (!o.popup.closed) o.popup.close();
    resolveDone(outcome);
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
    await check();
    if (!settled) pollTimer = setTimeout(() => void poll(), pollMs);
  };

  function onMessage(event: Event) {
    const { origin, data } = event as MessageEvent;
    if (origin !== o.origin || (data as { type?: unknown })?.type !== MVPD_DONE_MESSAGE) return;
    void check();
  }

  events.addEventListener('message', onMessage);
  pollTimer = setTimeout(() => void poll(), pollMs);
  // A closed popup may still have finished: look once more before calling it closed.
  closedTimer = setInterval(() => {
    if (!o.popup.closed || settled) return;
    clearInterval(closedTimer);
    void check().then((found) => found || finish('closed'));
  }, 500);

  return { done, cancel: () => finish('closed') };
}
