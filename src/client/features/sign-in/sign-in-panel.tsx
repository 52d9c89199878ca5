// The signed-out screen: one primary "Sign in" (a redirect to the Playgate ID), and the other
// ways under a plainly worded disclosure: in a new window, or with the publisher's account.
import { useAuth } from './auth-context.tsx';

export function SignInPanel({ publisherSso, pendingTitle }: { publisherSso: boolean; pendingTitle?: string | undefined }) {
  const { state, signInRedirect, signInPopup } = useAuth();
  return (
    <section className="panel sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in to watch</h2>
      <p>
        {pendingTitle ? `Sign in to watch ${pendingTitle}: we'll bring you straight back to it. ` : 'Sign in to watch any title below. '}
        Your TV provider sign-in is then shared across your apps and devices.
      </p>
      {state.status === 'signed-out' && state.error ? (
        <p className="error" role="alert">
          {state.error}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void signInRedirect()}>
          Sign in
        </button>
      </div>
      <details className="more-sign-in">
        <summary>Other ways to sign in</summary>
        <ul className="options">
          <li>
            <button type="button" onClick={() => void signInPopup()}>
              Sign in in a new window
            </button>
            <span className="hint">This page stays open while you sign in.</span>
          </li>
          {publisherSso ? (
            <li>
              <button type="button" onClick={() => void signInRedirect('publisher')}>
                Sign in with your publisher account
              </button>
              <span className="hint">Use the account you have with the channel’s publisher.</span>
            </li>
          ) : null}
        </ul>
      </details>
    </section>
  );
}
