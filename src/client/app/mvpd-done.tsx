// The page the MVPD popup lands on (the session's redirectUrl): tells the opener, on
// our own origin only, that the sign-in finished, then closes itself.
import { MVPD_DONE_MESSAGE } from '../../shared/pass-paths.ts';

export function notifyOpenerAndClose(): void {
  if (window.opener && !window.opener.closed) {
    (window.opener as Window).postMessage({ type: MVPD_DONE_MESSAGE }, window.location.origin);
    window.close();
  }
}

export function MvpdDone() {
  return (
    <main className="panel">
      <h1>You're signed in with your TV provider</h1>
      <p>You can close this window and return to Playgate.</p>
    </main>
  );
}
