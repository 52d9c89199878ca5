// The test console (dev and demo deployments): QA and presenters set MVPD modes, reset the
// signed-in viewer and this device, expire profiles or cached decisions now, give the next
// TV provider sign-in a short profile, switch viewer, and turn degraded access (AuthNAll,
// AuthZAll, AuthZNone) on or off per provider — each through the admin API (/admin/qa,
// /admin/degradation), with the admin token the user types in. Its own chunk, loaded when opened.
import { useMemo, useState, type FormEvent } from 'react';
import { decodeJwt } from 'jose';
import { QA_MODES, type MvpdMode, type QaMode } from '../../../shared/api/qa.ts';
import { QaApiError, QaClient } from '../../../shared/qa/qa-client.ts';
import { useServices } from '../../app/pass-client-context.tsx';
import { useAuth } from '../sign-in/auth-context.tsx';
import { forgetAdminToken, readAdminToken, saveAdminToken } from '../../lib/admin-token.ts';
import { useMvpdModes } from './mvpd-modes-query.ts';
import { useSetMvpdMode } from './set-mvpd-mode-mutation.ts';
import { useViewerAction, type Target, type ViewerAction } from './viewer-action-mutation.ts';
import { LifetimesForm } from './lifetimes-form.tsx';
import { DegradationControls } from './degradation-controls.tsx';
import './test-console.css';

function describe(err: unknown): string {
  if (err instanceof QaApiError) return err.body.code === 'unauthorized' ? 'The admin token is wrong.' : `${err.body.message}${err.body.details ? ` (${err.body.details})` : ''}`;
  return 'Playgate could not be reached.';
}

/** Whom the viewer actions name: the SSO identity read (not trusted: the server decides nothing on it) from the viewer's token. */
function ssoIdentity(token: string | null): Target['sso'] {
  if (!token) return null;
  try {
    const { iss, sub } = decodeJwt(token);
    return iss && sub ? { iss, sub } : null;
  } catch {
    return null;
  }
}

export function TestConsolePanel({ onClose }: { onClose(): void }) {
  const { pass } = useServices();
  const auth = useAuth();
  const viewer = auth.state.status === 'signed-in' ? auth.state.viewer : null;
  const [token, setToken] = useState(() => readAdminToken());
  const [generation, setGeneration] = useState(0);
  const qa = useMemo(() => (token ? new QaClient({ adminToken: token }) : null), [token]);
  const modes = useMvpdModes(qa, generation);
  const target = useMemo<Target>(() => ({ sso: ssoIdentity(viewer?.accessToken ?? null), deviceId: pass.deviceId }), [viewer?.accessToken, pass.deviceId]);
  const setMode = useSetMvpdMode(qa);
  const action = useViewerAction(qa, target);
  const [status, setStatus] = useState<string | null>(null);

  const unauthorized = modes.error instanceof QaApiError && modes.error.body.code === 'unauthorized';
  const unlock = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get('token') ?? '').trim();
    if (!value) return;
    saveAdminToken(value);
    setToken(value);
    setGeneration((g) => g + 1);
  };
  const run = (a: ViewerAction) =>
    action.mutate(a, { onSuccess: (text) => setStatus(text), onError: (err) => setStatus(`Refused: ${describe(err)}`) });

  return (
    <section id="test-console" className="test-console" aria-labelledby="test-console-title">
      <div className="test-console-head">
        <h2 id="test-console-title">Test console</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {!qa || unauthorized ? (
        <form onSubmit={unlock} className="test-console-unlock">
          {unauthorized ? <p role="alert">That admin token was refused.</p> : <p>The controls act on this Playgate for every viewer: enter its admin token.</p>}
          <label>
            Admin token <input name="token" type="password" autoComplete="off" required />
          </label>
          <button type="submit">Unlock</button>
        </form>
      ) : (
        <>
          <p className="test-console-token">
            Admin token entered for this tab.{' '}
            <button
              type="button"
              onClick={() => {
                forgetAdminToken();
                setToken(null);
              }}
            >
              Forget it
            </button>
          </p>
          {modes.error && !unauthorized ? <p role="alert">{describe(modes.error)}</p> : null}
          <h3>TV providers</h3>
          {modes.data ? (
            <table className="test-console-modes">
              <caption className="visually-hidden">MVPD simulator modes</caption>
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Mode</th>
                  <th scope="col">What viewers see</th>
                </tr>
              </thead>
              <tbody>
                {modes.data.map((m) => (
                  <ModeRow key={m.id} mode={m} busy={setMode.isPending} onSet={(mode, slowMs) => setMode.mutate({ mvpd: m.id, body: { mode, ...(mode === 'slow' ? { slowMs } : {}) } }, { onSuccess: ([r]) => setStatus(`${r!.displayName}: ${r!.mode}${r!.mode === 'slow' ? ` ${r!.slowMs} ms` : ''} — ${r!.effect}.`), onError: (err) => setStatus(`Refused: ${describe(err)}`) })} />
                ))}
              </tbody>
            </table>
          ) : modes.isPending ? (
            <p role="status">Loading the providers…</p>
          ) : null}
          <button type="button" disabled={setMode.isPending} onClick={() => setMode.mutate({ all: 'normal' }, { onSuccess: () => setStatus('Every provider is normal.'), onError: (err) => setStatus(`Refused: ${describe(err)}`) })}>
            All providers normal
          </button>
          {modes.data && token ? <DegradationControls adminToken={token} generation={generation} providers={modes.data} onStatus={setStatus} /> : null}

          <h3>Viewer and device</h3>
          <p>
            {target.sso ? (
              <>
                Viewer <code>{target.sso.sub}</code>
              </>
            ) : (
              'No viewer signed in'
            )}{' '}
            · device <code>{target.deviceId}</code>
          </p>
          <div className="test-console-actions">
            <button type="button" disabled={action.isPending} onClick={() => run({ kind: 'reset' })}>
              Reset viewer and device
            </button>
            <button type="button" disabled={action.isPending} onClick={() => run({ kind: 'expire-profiles' })}>
              Expire profiles now
            </button>
            <button type="button" disabled={action.isPending} onClick={() => run({ kind: 'expire-decisions' })}>
              Expire cached decisions
            </button>
          </div>
          <LifetimesForm pending={action.isPending} onSubmit={(choice) => run({ kind: 'lifetime', ...choice })} />
          {viewer ? (
            <button type="button" onClick={() => void auth.switchViewer()}>
              Switch viewer
            </button>
          ) : null}
        </>
      )}
      <p role="status" aria-live="polite" className="test-console-status">
        {status}
      </p>
    </section>
  );
}

function ModeRow({ mode, busy, onSet }: { mode: MvpdMode; busy: boolean; onSet(mode: QaMode, slowMs: number): void }) {
  const [choice, setChoice] = useState<QaMode>(mode.mode);
  const [slowMs, setSlowMs] = useState(String(mode.mode === 'slow' ? mode.slowMs : Math.min(1000, mode.timeoutMs - 100)));
  return (
    <tr>
      <th scope="row">{mode.displayName}</th>
      <td>
        <form
          className="test-console-mode"
          onSubmit={(e) => {
            e.preventDefault();
            onSet(choice, Number(slowMs));
          }}
        >
          <select aria-label={`${mode.displayName} mode`} value={choice} onChange={(e) => setChoice(e.target.value as QaMode)}>
            {QA_MODES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          {choice === 'slow' ? (
            <input aria-label={`${mode.displayName} delay (ms)`} type="number" min={0} max={120000} value={slowMs} onChange={(e) => setSlowMs(e.target.value)} />
          ) : null}
          <button type="submit" disabled={busy} aria-label={`Apply ${mode.displayName} mode`}>
            Apply
          </button>
        </form>
      </td>
      <td>
        {mode.effect}
        {mode.mode === 'slow' ? ` (${mode.slowMs} ms, timeout ${mode.timeoutMs} ms)` : ''}
      </td>
    </tr>
  );
}
