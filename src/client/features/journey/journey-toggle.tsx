// The header's "Journey" button (and Alt+Shift+J, from anywhere): opens the journey
// view, whose code is its own chunk, fetched only when first opened. Small on purpose:
// this file is in the initial bundle. It also starts what must run from the first page
// load for the view to be complete later: recording the app's calls to the IdP, and
// remembering which SSO tokens the app verified.
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { CatalogEntry } from '../../../shared/api/app-config.ts';
import { noteCall, observeCrossOriginFetches } from '../../lib/call-log.ts';
import { useAuth } from '../sign-in/auth-context.tsx';
import { SIGNIN_CALLBACK_PATH } from '../sign-in/user-manager.ts';
import { rememberOpen, rememberVerifiedToken, wasOpen } from './journey-session.ts';

const JourneyPanel = lazy(() => import('./journey-panel.tsx').then((m) => ({ default: m.JourneyPanel })));

// oidc-client-ts and jose call the IdP with the page's fetch: observe it from the start.
observeCrossOriginFetches('IdP');
noteSignInLanding();

/** A page loaded on the sign-in callback came back from the IdP by redirect: say so. */
function noteSignInLanding() {
  try {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    if (!nav || new URL(nav.name).pathname !== SIGNIN_CALLBACK_PATH) return;
    // The viewer lane: what happened in the browser before this page loaded.
    const left = performance.timeOrigin - 2;
    noteCall({ party: 'Viewer', method: 'REDIRECT', path: 'IdP sign-in page', status: 302, ms: 0, at: left, note: 'the app sends the browser to the IdP’s own sign-in page' });
    noteCall({ party: 'IdP', from: 'Viewer', method: 'SIGN-IN', path: 'IdP login page', status: 302, ms: 0, at: left + 1, note: 'the viewer signs in on the IdP’s page; it redirects back with a code' });
    noteCall({
      party: 'IdP',
      inbound: true,
      method: 'GET',
      path: SIGNIN_CALLBACK_PATH,
      status: nav.responseStatus || 200,
      ms: Math.round(nav.responseEnd - nav.startTime),
      at: performance.timeOrigin + nav.responseEnd,
      note: 'back from the IdP sign-in (authorization code + PKCE)',
    });
  } catch {
    // No navigation timing: nothing to note.
  }
}

const SHORTCUT = 'Alt+Shift+J';
/** `?journey=<preset>`: a window a preset opened (a second device) runs that preset. */
const LINK_PARAM = 'journey';

export function JourneyToggle({ onWatch }: { onWatch(entry: CatalogEntry | null): void }) {
  const [autostart] = useState(() => new URLSearchParams(window.location.search).get(LINK_PARAM));
  const [open, setOpen] = useState(() => autostart !== null || wasOpen());
  const buttonRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<Element | null>(null);
  const auth = useAuth();
  const ssoToken = auth.state.status === 'signed-in' ? auth.state.viewer.accessToken : null;

  // The app signs a viewer in only with a token jose has verified (sign-in/auth-context.tsx).
  useEffect(() => {
    if (ssoToken) rememberVerifiedToken(ssoToken);
  }, [ssoToken]);

  useEffect(() => {
    if (!autostart) return;
    const params = new URLSearchParams(window.location.search);
    params.delete(LINK_PARAM);
    const rest = params.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${rest ? `?${rest}` : ''}`);
  }, [autostart]);

  useEffect(() => rememberOpen(open), [open]);

  const show = useCallback(() => {
    returnFocus.current = document.activeElement;
    setOpen(true);
  }, []);
  const hide = useCallback(() => {
    setOpen(false);
    const back = returnFocus.current;
    returnFocus.current = null;
    if (back instanceof HTMLElement && back.isConnected && back !== document.body) back.focus();
    else buttonRef.current?.focus();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyJ') {
        e.preventDefault();
        if (open) hide();
        else show();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, show, hide]);

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        {...(open ? { 'aria-controls': 'journey-view' } : {})}
        aria-keyshortcuts={SHORTCUT}
        title={`Show the journey (${SHORTCUT})`}
        onClick={() => (open ? hide() : show())}
      >
        Journey
      </button>
      {open
        ? createPortal(
            <Suspense
              fallback={
                <p role="status" className="visually-hidden">
                  Loading the journey view…
                </p>
              }
            >
              <JourneyPanel onClose={hide} onWatch={onWatch} autostart={autostart} />
            </Suspense>,
            document.body,
          )
        : null}
    </>
  );
}
