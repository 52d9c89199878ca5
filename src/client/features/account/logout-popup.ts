// Watches the MVPD's logout popup until the provider's logout page has finished (its
// return page tells us by postMessage, on our own origin, then closes itself) or the
// viewer closed the window first. Only then does the Account say the logout happened.
import { MVPD_SIGNED_OUT_MESSAGE } from '../../../shared/pass-paths.ts';

export type LogoutOutcome = 'signed-out' | 'closed';

export function watchLogoutPopup(popup: { closed: boolean }, origin = window.location.origin, events: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): Promise<LogoutOutcome> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const finish = (outcome: LogoutOutcome) => {
      clearInterval(timer);
      events.removeEventListener('message', onMessage);
      resolve(outcome);
    };
    function onMessage(event: Event) {
      const { origin: from, data } = event as MessageEvent;
      if (from === origin && (data as { type?: unknown })?.type === MVPD_SIGNED_OUT_MESSAGE) finish('signed-out');
    }
    events.addEventListener('message', onMessage);
    // The message comes just before the return page closes itself: give it a moment.
    timer = setInterval(() => popup.closed && setTimeout(() => finish('closed'), 300), 500);
  });
}
