// The signed-out screen: sign in with the publisher's SSO, by redirect or in a popup.
import { useAuth } from './auth-context.tsx';

export function SignInPanel({ publisherSso }: { publisherSso: boolean }) {
  const { state, signInRedirect, signInPopup } = useAuth();
  return (
    <section className="panel sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in to watch</h2>
      <p>Use your Playgate ID. Your TV provider sign-in is then shared across your apps and devices.</p>
      {state.status === 'signed-out' && state.error ? (
        <p className="error" role="alert">
          {state.error}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void signInRedirect()}>
          Sign in
        </button>
        <button type="button" onClick={() => void signInPopup()}>
          Sign in with a popup
        </button>
        {publisherSso ? (
          <button type="button" onClick={() => void signInRedirect('publisher')}>
            Sign in through the publisher
          </button>
        ) : null}
      </div>
      {publisherSso ? <p className="hint">“Through the publisher”: your publisher’s service trades your sign-in for a Playgate token (Cleeng-style SSO).</p> : null}
    </section>
  );
}
