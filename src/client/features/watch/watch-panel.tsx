// Watching one title, end to end: find a profile (or pick an MVPD and sign in with it
// in a popup opened straight from the click), authorize, then play — or explain a Deny.
import { lazy, Suspense, useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { CatalogEntry } from '../../../shared/api/app-config.ts';
import { passPaths } from '../../../shared/pass-paths.ts';
import { useServices } from '../../app/pass-client-context.tsx';
import { toErrorBody } from '../../lib/api-error.ts';
import { noteCall } from '../../lib/call-log.ts';
import { LAST_MVPD_KEY, MvpdPicker } from '../provider-picker/mvpd-picker.tsx';
import { createSession } from '../mvpd-login/create-session.ts';
import { fetchProfileByCode } from '../mvpd-login/profile-by-code.ts';
import { watchPopup } from '../mvpd-login/popup-watch.ts';
import { profilesQuery } from './profiles-query.ts';
import { authorizeResource } from './authorize-mutation.ts';
import { watchReducer } from './watch-flow.ts';
import { permitNote, tvProviderNote } from './permit-copy.ts';
import { useMvpdInfo } from '../provider-picker/mvpd-names.ts';
import { playEntry } from './play-entry.ts';

/** The gatekeeper checks the media token's device binding against `device`. */
function mediaUrl(master: string, token: string, deviceId: string): string {
  return `${master}?token=${encodeURIComponent(token)}&device=${encodeURIComponent(deviceId)}`;
}

// video.js arrives with this chunk, fetched only once a Permit is in hand.
// The demo checkout page, fetched when a viewer chooses to buy or upgrade.
const DemoCheckout = lazy(() => import('../checkout/demo-checkout.tsx').then((m) => ({ default: m.DemoCheckout })));
const VideoPlayer = lazy(() => import('../player/video-player.tsx').then((m) => ({ default: m.VideoPlayer })));
// Stream limits: needed only after a Permit too, so not in the initial bundle either.
const StreamLimitGate = lazy(() => import('../stream-limits/stream-limit-gate.tsx').then((m) => ({ default: m.StreamLimitGate })));
// Free previews (TempPass): countdown and end of the preview.
const TempPassGate = lazy(() => import('../temp-pass/temp-pass-gate.tsx').then((m) => ({ default: m.TempPassGate })));
// The MVPD's re-authz obligation: periodic decisions while the title plays.
const ReAuthzWatch = lazy(() => import('../obligations/re-authz-watch.tsx').then((m) => ({ default: m.ReAuthzWatch })));
// The Deny copy: only a viewer who is refused needs it.
const DenyView = lazy(() => import('./deny-view.tsx').then((m) => ({ default: m.DenyView })));
const MediaTokenRefused = lazy(() => import('./deny-view.tsx').then((m) => ({ default: m.MediaTokenRefused })));



export function WatchPanel({ entry, viewer, ssoToken, onClose }: { entry: CatalogEntry; viewer: string; ssoToken: string; onClose(): void }) {
  const { pass, config } = useServices();
  const sp = config.serviceProvider;
  const queryClient = useQueryClient();
  const [state, dispatch] = useReducer(watchReducer, { step: 'checking' });
  const [mediaError, setMediaError] = useState<string | null>(null);
  const popupWatch = useRef<{ cancel(): void } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const mvpdNames = useMvpdInfo();
  // Read at dispatch time, so a callback made before the configuration loaded still names the provider.
  const nameOf = useRef(mvpdNames.name);
  nameOf.current = mvpdNames.name;

  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => () => popupWatch.current?.cancel(), []);

  const authorizeWith = useCallback(
    async (mvpd: string) => {
      dispatch({ type: 'authorize', mvpd });
      setMediaError(null);
      try {
        const decision = await authorizeResource(pass, sp, mvpd, entry.id);
        const obligations = decision.obligations ? { obligations: decision.obligations } : {};
        if (decision.authorized && decision.token) {
          dispatch({ type: 'permit', mvpd, via: tvProviderNote(nameOf.current(mvpd)), src: mediaUrl(passPaths.masterPlaylist(entry.id), decision.token.serializedToken, pass.deviceId), ...obligations });
        }
        else dispatch({ type: 'deny', mvpd, error: decision.error ?? toErrorBody(null), ...obligations });
      } catch (err) {
        const error = toErrorBody(err);
        // The sign-in is gone (expired, or ended elsewhere): Account and the badges follow.
        if (error.code === 'authenticated_profile_expired' || error.code === 'authenticated_profile_missing') void queryClient.invalidateQueries({ queryKey: ['pass', sp, 'profiles'] });
        dispatch({ type: 'deny', mvpd, error });
      }
    },
    [pass, sp, entry.id, queryClient],
  );

  useEffect(() => {
    if (state.step !== 'checking') return;
    let live = true;
    if (entry.access === 'direct') {
      playEntry(entry.id, ssoToken, pass.deviceId)
        .then((res) => {
          if (!live) return;
          dispatch({ type: 'permit', via: permitNote(res.decision), src: `${res.playback.hls}&device=${encodeURIComponent(pass.deviceId)}` });
        })
        .catch((err: unknown) => live && dispatch({ type: 'deny', error: toErrorBody(err) }));
      return () => {
        live = false;
      };
    }
    queryClient
      .fetchQuery(profilesQuery(pass, sp, viewer))
      .then((res) => {
        if (!live) return;
        const mvpds = Object.keys(res.profiles);
        const remembered = localStorage.getItem(LAST_MVPD_KEY);
        const mvpd = remembered && mvpds.includes(remembered) ? remembered : mvpds[0];
        if (mvpd) void authorizeWith(mvpd);
        else dispatch({ type: 'pick' });
      })
      .catch((err: unknown) => live && dispatch({ type: 'deny', error: toErrorBody(err) }));
    return () => {
      live = false;
    };
  }, [state.step, queryClient, pass, sp, viewer, authorizeWith, entry.id, entry.access, ssoToken]);

  /** Runs inside the click handler: the popup must open before any await. */
  const signInWith = (mvpd: string) => {
    localStorage.setItem(LAST_MVPD_KEY, mvpd);
    const popup = window.open('about:blank', 'playgate-mvpd-login', 'popup,width=480,height=680');
    if (!popup) return dispatch({ type: 'popup', mvpd, phase: 'blocked' });
    dispatch({ type: 'popup', mvpd, phase: 'opening' });
    void (async () => {
      try {
        const session = await createSession(pass, sp, mvpd);
        if (session.actionName === 'authorize') {
          popup.close();
          return authorizeWith(mvpd);
        }
        if (!session.url || !session.code) throw new Error('session without url');
        popup.location.href = new URL(session.url, window.location.origin).href;
        // The viewer lane of the journey view: the popup and the provider's own login page.
        const opened = Date.now();
        noteCall({ party: 'Viewer', method: 'POPUP', path: `${mvpd} sign-in`, status: 200, ms: 0, note: 'the app opens a popup: through Playgate to the TV provider’s sign-in page' });
        dispatch({ type: 'popup', mvpd, phase: 'waiting' });
        const code = session.code;
        const watch = watchPopup({
          popup,
          origin: window.location.origin,
          notAfter: Number(session.notAfter),
          checkProfile: async () => Object.keys((await fetchProfileByCode(pass, sp, code)).profiles).length > 0,
        });
        popupWatch.current = watch;
        const outcome = await watch.done;
        const ms = Date.now() - opened;
        noteCall({ party: 'MVPD', from: 'Viewer', method: 'SIGN-IN', path: `${mvpd} login page`, status: outcome === 'succeeded' ? 200 : 0, ms, note: `the viewer on the TV provider’s own page, in the popup: ${outcome}` });
        noteCall({ party: 'Viewer', inbound: true, method: 'CLOSE', path: 'popup', status: 200, ms: 0, note: 'the popup closes; the app carries on' });
        if (outcome !== 'succeeded') return dispatch({ type: 'popup', mvpd, phase: outcome });
        await queryClient.invalidateQueries({ queryKey: ['pass', sp, 'profiles'] });
        return authorizeWith(mvpd);
      } catch (err) {
        popup.close();
        dispatch({ type: 'deny', mvpd, error: toErrorBody(err) });
      }
    })();
  };

  return (
    <section className="panel watch" aria-labelledby="watch-title">
      <div className="watch-head">
        <h2 id="watch-title" ref={headingRef} tabIndex={-1}>
          {entry.title}
          {entry.kind === 'live' ? <span className="badge live">Live</span> : null}
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {/* Called, not rendered as <WatchBody />: a component defined in here would be a new
          type on every render, and React would remount the player each time. */}
      {watchBody()}
    </section>
  );

  function watchBody() {
    switch (state.step) {
      case 'checking':
        return <p role="status">Checking your TV provider sign-in…</p>;
      case 'pick':
        return (
          <>
            <p>Sign in with your TV provider to watch {entry.title}.</p>
            <MvpdPicker onPick={signInWith} />
          </>
        );
      case 'popup':
        return <PopupStatus mvpd={mvpdNames.name(state.mvpd)} phase={state.phase} onRetry={() => signInWith(state.mvpd)} onPickAnother={() => dispatch({ type: 'pick' })} />;
      case 'authorizing':
        return <p role="status">Checking your access with {mvpdNames.name(state.mvpd)}…</p>;
      case 'permit':
        return (
          <>
            {mediaError ? (
              <div className="error" role="alert">
                <Suspense fallback={<p>{mediaError}</p>}>
                  <MediaTokenRefused detail={mediaError} />
                </Suspense>
                <button type="button" onClick={() => (state.mvpd ? void authorizeWith(state.mvpd) : dispatch({ type: 'restart' }))}>
                  Get a new decision
                </button>
              </div>
            ) : null}
            {/* Stream limits (Concurrency Monitoring): the player plays while this device holds a stream. */}
            <Suspense fallback={<p role="status">Loading the player…</p>}>
              <TempPassGate mvpd={state.mvpd} onPickProvider={() => dispatch({ type: 'pick' })}>
                <StreamLimitGate entry={entry} mvpd={state.mvpd} viewer={viewer}>
                  <VideoPlayer
                    src={state.src}
                    title={entry.title}
                    live={entry.kind === 'live'}
                    onMediaError={(_status, detail) => setMediaError(detail)}
                  />
                </StreamLimitGate>
              </TempPassGate>
            </Suspense>
            <p className="hint">{state.via}</p>
            {/* Fetched only for a Permit with obligations; it renders nothing without a re-authz. */}
            {state.mvpd && state.obligations ? (
              <Suspense fallback={null}>
                <ReAuthzWatch
                  obligations={state.obligations}
                  mvpd={state.mvpd}
                  resource={entry.id}
                  provider={mvpdNames.name(state.mvpd)}
                  onDeny={(error, obligations) => dispatch({ type: 'deny', mvpd: state.mvpd, error, ...(obligations ? { obligations } : {}) })}
                />
              </Suspense>
            ) : null}
            {state.mvpd && queryClient.getQueryData(profilesQuery(pass, sp, viewer).queryKey)?.profiles[state.mvpd]?.type === 'serviceTokenSSO' ? (
              <p className="sso-note" data-testid="sso-note">
                No TV provider sign-in was needed here: you signed in with {mvpdNames.name(state.mvpd)} on another device, and single sign-on shares it with this one.
              </p>
            ) : null}
          </>
        );
      case 'checkout':
        return entry.offer ? (
          <Suspense fallback={<p role="status">Opening the checkout…</p>}>
            <DemoCheckout entry={entry} offer={entry.offer} ssoToken={ssoToken} onDone={() => dispatch({ type: 'restart' })} onCancel={() => dispatch({ type: 'restart' })} />
          </Suspense>
        ) : null;
      case 'deny': {
        const maxRating = state.mvpd ? queryClient.getQueryData(profilesQuery(pass, sp, viewer).queryKey)?.profiles[state.mvpd]?.attributes.maxRating?.value : undefined;
        return (
          <Suspense fallback={<p role="status">Not permitted…</p>}>
            <DenyView
              state={state}
              entry={entry}
              {...(state.mvpd ? { provider: mvpdNames.name(state.mvpd) } : {})}
              {...(typeof maxRating === 'string' ? { profileMaxRating: maxRating } : {})}
              demoCheckout={Boolean(config.demoCheckout)}
              onPickProvider={() => dispatch({ type: 'pick' })}
              onCheckout={() => dispatch({ type: 'checkout' })}
              onRetry={() => (state.mvpd ? void authorizeWith(state.mvpd) : dispatch({ type: 'restart' }))}
            />
          </Suspense>
        );
      }
    }
  }
}

function PopupStatus({ mvpd, phase, onRetry, onPickAnother }: { mvpd: string; phase: string; onRetry(): void; onPickAnother(): void }) {
  const retryRef = useRef<HTMLButtonElement>(null);
  const text: Record<string, string> = {
    opening: `Opening the ${mvpd} sign-in window…`,
    waiting: `Sign in with ${mvpd} in the window that opened. We'll continue as soon as you're done.`,
    blocked: 'Your browser blocked the sign-in window.',
    closed: 'The sign-in window was closed before you finished.',
    'timed-out': 'The sign-in took too long and expired.',
  };
  const settled = phase === 'blocked' || phase === 'closed' || phase === 'timed-out';
  // When the popup settles without success, focus goes to the way forward.
  useEffect(() => {
    if (settled) retryRef.current?.focus();
  }, [settled, phase]);
  return (
    <div className={settled ? 'notice' : undefined} role={settled ? 'alert' : 'status'}>
      <p>{text[phase]}</p>
      {settled ? (
        <div className="actions">
          <button type="button" className="primary" onClick={onRetry} ref={retryRef}>
            {phase === 'blocked' ? 'Open the sign-in window' : 'Try again'}
          </button>
          <button type="button" onClick={onPickAnother}>
            Choose another provider
          </button>
        </div>
      ) : null}
    </div>
  );
}
