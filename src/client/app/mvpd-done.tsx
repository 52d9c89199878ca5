// The pages the MVPD popups land on: after a sign-in (the session's redirectUrl) and after
// the provider's logout page. Each tells the opener, on our own origin only, then closes.
import { MVPD_DONE_MESSAGE, MVPD_SIGNED_OUT_MESSAGE } from '../../shared/pass-paths.ts';

export function notifyOpenerAndClose(type: typeof MVPD_DONE_MESSAGE | typeof MVPD_SIGNED_OUT_MESSAGE = MVPD_DONE_MESSAGE): void {
  if (window.opener && !window.opener.closed) {
    (window.opener as Window).postMessage({ type }, window.location.origin);
    window.close();
  }
}

export function MvpdSignedOut() {
  return (
    <main className="panel">
      <h1>You're signed out of your TV provider</h1>
      <p>You can close this window and return to Playgate.</p>
    </main>
  );
}

export function MvpdDone() {
  return (
    <main className="panel">
      <h1>You're signed in with your TV provider</h1>
      <p>You can close this window and return to Playgate.</p>
    </main>
  );
}
