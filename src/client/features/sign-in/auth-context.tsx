// The viewer's SSO state as a reducer: loading → signed-out | signed-in. Two modes:
// - oidc: the IdP's access token is the SSO token (verified with jose first);
// - publisher: after the IdP sign-in, the publisher's middleware trades it for a
//   Playgate customer JWT, which becomes the SSO token (publisher-session.ts).
// Either way tokens are refreshed shortly before expiry, one tab at a time, and every
// tab follows the others (IndexedDB store + BroadcastChannel, see lib/idb-store.ts).
// The session lasts as long as the provider allows: a refresh without a new ID token keeps
// the viewer signed in; an ended session or a failed renewal says so until the viewer acts.
// Sign-out ends the provider's session too when it has an end_session_endpoint.
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import type { User, UserManager } from 'oidc-client-ts';
import type { AppConfig } from '../../../shared/api/app-config.ts';
import { TokenCheckFailed, verifyAccessToken, verifyIdToken } from '../../lib/verify-sso-token.ts';
import { readEntitlements } from '../../../shared/claims/entitlement-claims.ts';
import { refreshOnce } from '../../lib/refresh-coordinator.ts';
import { clearForcedLogin, forceNextLogin, signinArgs } from './user-manager.ts';
import { exchangeForPair, forgetPair, needsRefresh, PUBLISHER_PAIR_KEY, readPair, refreshPair, type PublisherPair } from './publisher-session.ts';
import { onAuthStoreChange } from '../../lib/idb-store.ts';
import { freshEnough, renewalDue, renewalMargin, tokenLifetime } from './renewal-margin.ts';

export type SsoMode = 'oidc' | 'publisher';
const MODE_KEY = 'playgate.ssoMode';
/** Why the viewer was signed out: kept until they act (a redirect or reload must not hide it). */
const NOTICE_KEY = 'playgate.signedOutNotice';
/** Set by the redirect callback (main.tsx): the next acceptance is the sign-in itself. */
export const JUST_SIGNED_IN_KEY = 'playgate.justSignedIn';
/** "Switch viewer" in progress: after the provider's sign-out, sign in again with a prompt. */
const SWITCH_KEY = 'playgate.switchViewer';

export interface Viewer {
  mode: SsoMode;
  username: string;
  name: string;
  /** The SSO token sent to Playgate (AD-Service-Token, Playback bearer). */
  accessToken: string;
  /** Entitlement values per configured claim path, read as the API reads them (src/shared/claims). */
  entitlements: Record<string, string[]>;
  expiresAt: number;
  /** The SSO token's lifetime (exp − iat): renewal margins scale with it (renewal-margin.ts). */
  lifetimeMs: number;
}

type AuthState = { status: 'loading' } | { status: 'signed-out'; error?: string } | { status: 'signed-in'; viewer: Viewer };
type AuthAction = { type: 'signed-in'; viewer: Viewer } | { type: 'signed-out'; error?: string };

function reducer(_state: AuthState, action: AuthAction): AuthState {
  if (action.type === 'signed-in') return { status: 'signed-in', viewer: action.viewer };
  const error = action.error ?? sessionStorage.getItem(NOTICE_KEY) ?? undefined;
  return { status: 'signed-out', ...(error ? { error } : {}) };
}

interface AuthApi {
  state: AuthState;
  signInRedirect(mode?: SsoMode): Promise<void>;
  signInPopup(mode?: SsoMode): Promise<void>;
  /** Signs out here and, when the provider supports it, at the provider (a redirect). */
  signOut(reason?: string): Promise<void>;
  /** Signs out here, then asks the provider for another viewer (prompt=login or select_account). */
  switchViewer(): Promise<void>;
}

const AuthContext = createContext<AuthApi | null>(null);
const currentMode = (): SsoMode => (localStorage.getItem(MODE_KEY) === 'publisher' ? 'publisher' : 'oidc');
const ENDED = 'Your session has ended. Please sign in again.';
const onlyPresent = (readings: ReturnType<typeof readEntitlements>) => Object.fromEntries(readings.filter((r) => r.values.length > 0).map((r) => [r.path, r.values]));
const rememberNotice = (text: string | undefined) => (text ? sessionStorage.setItem(NOTICE_KEY, text) : sessionStorage.removeItem(NOTICE_KEY));

export function AuthProvider({ userManager, config, children }: { userManager: UserManager; config: AppConfig; children: ReactNode }) {
  const [state, dispatch] = useReducer(reducer, { status: 'loading' });
  const viewerRef = useRef<Viewer | null>(null);
  /** This tab is signing out itself: its own store changes are not "another tab". */
  const leavingRef = useRef(false);
  viewerRef.current = state.status === 'signed-in' ? state.viewer : null;

  const fromPair = useCallback(
    (pair: PublisherPair): Viewer => ({
      mode: 'publisher',
      username: String(pair.claims.email ?? pair.claims.customerId),
      name: String(pair.claims.email ?? pair.claims.customerId),
      accessToken: pair.jwt,
      entitlements: onlyPresent(readEntitlements(config.idp.entitlementClaims, { access_token: pair.claims as Record<string, unknown> })),
      expiresAt: pair.expiresAt,
      lifetimeMs: pair.expiresAt - (pair.claims.iat ?? 0) * 1000,
    }),
    [config],
  );

  /** Forgets the tokens here (every tab follows through the shared store). */
  const signOutLocally = useCallback(
    async (reason?: string) => {
      leavingRef.current = true;
      rememberNotice(reason);
      // The next sign-in asks for credentials, even at a provider whose session survives.
      forceNextLogin();
      await userManager.removeUser();
      await forgetPair();
      localStorage.removeItem(MODE_KEY);
      dispatch({ type: 'signed-out', ...(reason ? { error: reason } : {}) });
      leavingRef.current = false;
    },
    [userManager],
  );

  /** Renews the IdP tokens with the refresh token, one tab at a time. */
  const renew = useCallback(
    () =>
      refreshOnce({
        lockName: 'playgate.sso.oidc',
        read: () => userManager.getUser(),
        isFresh: (u: User) => {
          const expiresAt = (u.expires_at ?? 0) * 1000;
          return freshEnough(expiresAt, tokenLifetime(u.access_token, expiresAt));
        },
        refresh: async () => {
          const renewed = await userManager.signinSilent(signinArgs());
          if (!renewed) throw new Error('silent renewal returned no user');
          return renewed;
        },
      }),
    [userManager],
  );

  /** Accepts an IdP user only once jose has verified its tokens. */
  const accept = useCallback(
    async (user: User | null, opts: { atSignIn?: boolean; fromOtherTab?: boolean } = {}): Promise<void> => {
      const atSignIn = opts.atSignIn ?? sessionStorage.getItem(JUST_SIGNED_IN_KEY) === '1';
      sessionStorage.removeItem(JUST_SIGNED_IN_KEY);
      if (currentMode() === 'publisher') {
        const stored = await readPair();
        if (stored) return dispatch({ type: 'signed-in', viewer: fromPair(stored) });
        if (!user || user.expired || !config.publisherSso) return dispatch({ type: 'signed-out' });
        try {
          await verifyAccessToken(user.access_token, config.idp);
          return dispatch({ type: 'signed-in', viewer: fromPair(await exchangeForPair(user.access_token, config.publisherSso)) });
        } catch {
          return signOutLocally('The publisher sign-in did not complete. Please sign in again.');
        }
      }
      if (!user) {
        if (opts.fromOtherTab && viewerRef.current) return signOutLocally('You were signed out in another tab. Sign in again to continue.');
        return dispatch({ type: 'signed-out' });
      }
      if (user.expired) {
        // Back from sleep or offline: the refresh token may still be good.
        if (!user.refresh_token) return signOutLocally(ENDED);
        const renewed = await renew().catch(() => null);
        if (!renewed || renewed.expired) return signOutLocally(navigator.onLine ? ENDED : 'You were offline and your session could not be renewed. Please sign in again.');
        user = renewed;
      }
      try {
        const [idClaims, atClaims] = await Promise.all([verifyIdToken(user.id_token!, config.idp, atSignIn), verifyAccessToken(user.access_token, config.idp)]);
        if (atSignIn) clearForcedLogin();
        leavingRef.current = false;
        rememberNotice(undefined);
        dispatch({
          type: 'signed-in',
          viewer: {
            mode: 'oidc',
            username: String(idClaims.preferred_username ?? idClaims.sub),
            name: String(idClaims.name ?? idClaims.preferred_username ?? idClaims.sub),
            accessToken: user.access_token,
            entitlements: onlyPresent(
              readEntitlements(config.idp.entitlementClaims, {
                access_token: atClaims as Record<string, unknown>,
                id_token: idClaims as Record<string, unknown>,
                ...(userManager.settings.loadUserInfo ? { userinfo: user.profile as Record<string, unknown> } : {}),
              }),
            ),
            expiresAt: (user.expires_at ?? 0) * 1000,
            lifetimeMs: tokenLifetime(user.access_token, (user.expires_at ?? 0) * 1000),
          },
        });
      } catch (err) {
        const why = err instanceof TokenCheckFailed ? ` (${err.message})` : '';
        await signOutLocally(`Your sign-in could not be verified${why}. Please sign in again.`);
      }
    },
    [config, fromPair, signOutLocally, renew, userManager],
  );

  const signOut = useCallback(
    async (reason?: string) => {
      const user = await userManager.getUser();
      const endSession = await userManager.metadataService.getEndSessionEndpoint().catch(() => undefined);
      if (!endSession || !user?.id_token) {
        return signOutLocally(
          reason ?? (endSession || localStorage.getItem(SWITCH_KEY) ? undefined : 'Signed out of Playgate. Your identity provider offers no sign-out, so its own session may still be open; the next sign-in asks for your credentials.'),
        );
      }
      leavingRef.current = true;
      rememberNotice(reason);
      forceNextLogin();
      await forgetPair();
      localStorage.removeItem(MODE_KEY);
      // id_token_hint, state and post_logout_redirect_uri; oidc-client-ts removes the local user first.
      // It sends `state` only when given state data, and some providers (Glewlwyd) return to
      // post_logout_redirect_uri only when the request carries a state.
      await userManager.signoutRedirect({ id_token_hint: user.id_token, state: 'signed-out' });
    },
    [userManager, signOutLocally],
  );

  // Start-up, and following other tabs (sign-in, refresh, sign-out) through storage.
  useEffect(() => {
    let live = true;
    // Back from the provider's sign-out on the way to another viewer: straight to its sign-in.
    if (localStorage.getItem(SWITCH_KEY) && !new URLSearchParams(window.location.search).has('code')) {
      localStorage.removeItem(SWITCH_KEY);
      rememberNotice(undefined);
      void userManager.signinRedirect(signinArgs(config.idp.switchViewerPrompt));
      return;
    }
    userManager.getUser().then((u) => {
      if (live) void accept(u);
    });
    const stop = onAuthStoreChange((key) => {
      if (key !== PUBLISHER_PAIR_KEY && !key.startsWith('oidc.user:')) return;
      void (async () => {
        if (!live || leavingRef.current) return;
        if (currentMode() === 'publisher' && key === PUBLISHER_PAIR_KEY && !(await readPair()) && viewerRef.current) {
          return signOutLocally('You were signed out in another tab.');
        }
        await accept(await userManager.getUser(), { atSignIn: false, fromOtherTab: true });
      })();
    });
    return () => {
      live = false;
      stop();
    };
  }, [userManager, accept, signOutLocally, config]);

  // Refresh shortly before expiry, under the cross-tab lock; re-check on wake, focus and reconnect
  // (timers stall while a computer sleeps).
  const viewer = state.status === 'signed-in' ? state.viewer : null;
  useEffect(() => {
    if (!viewer) return;
    let running = false;
    const refresh = async () => {
      if (running) return;
      running = true;
      try {
        if (viewer.mode === 'publisher') {
          const next = await refreshPair(config.publisherSso!).catch(() => undefined);
          if (next === null) return signOutLocally(ENDED);
          if (next) dispatch({ type: 'signed-in', viewer: fromPair(next) });
          else if (Date.now() >= viewer.expiresAt) return signOutLocally(ENDED);
          return;
        }
        const user = await renew().catch(() => undefined);
        if (user === undefined) {
          // Offline: try again when the network is back, while the token is still good.
          if (!navigator.onLine && Date.now() < viewer.expiresAt) return;
          return signOutLocally(navigator.onLine ? 'Your session could not be renewed. Please sign in again.' : 'You were offline and your session could not be renewed. Please sign in again.');
        }
        await accept(user, { atSignIn: false });
      } finally {
        running = false;
      }
    };
    const margin = renewalMargin(viewer.lifetimeMs);
    const due = () => renewalDue(viewer.expiresAt, viewer.lifetimeMs);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    void (async () => {
      const pair = viewer.mode === 'publisher' ? await readPair() : null;
      const m = pair ? Math.min(60_000, (pair.expiresAt - (pair.claims.iat ?? 0) * 1000) / 3) : margin;
      const delay = pair && needsRefresh(pair) ? 0 : Math.max(0, viewer.expiresAt - Date.now() - m);
      if (live) timer = setTimeout(() => void refresh(), delay);
    })();
    const recheck = () => {
      if (document.visibilityState === 'visible' && due()) void refresh();
    };
    window.addEventListener('online', recheck);
    window.addEventListener('focus', recheck);
    document.addEventListener('visibilitychange', recheck);
    return () => {
      live = false;
      clearTimeout(timer);
      window.removeEventListener('online', recheck);
      window.removeEventListener('focus', recheck);
      document.removeEventListener('visibilitychange', recheck);
    };
  }, [viewer, config, renew, accept, fromPair, signOutLocally]);

  const api = useMemo<AuthApi>(
    () => ({
      state,
      signInRedirect: async (mode = 'oidc') => {
        rememberNotice(undefined);
        localStorage.setItem(MODE_KEY, mode);
        await forgetPair();
        await userManager.signinRedirect(signinArgs());
      },
      signInPopup: async (mode = 'oidc') => {
        rememberNotice(undefined);
        localStorage.setItem(MODE_KEY, mode);
        await forgetPair();
        try {
          await accept(await userManager.signinPopup(signinArgs()), { atSignIn: true });
        } catch (err) {
          dispatch({ type: 'signed-out', error: err instanceof Error && /closed/i.test(err.message) ? 'The sign-in window was closed.' : 'Sign-in did not complete.' });
        }
      },
      signOut,
      switchViewer: async () => {
        // Ends the provider's session first where it can (a clean switch: a provider that
        // finds a live session for another account would otherwise have to sort it out
        // mid-login), then asks for the next viewer with the configured prompt.
        localStorage.setItem(SWITCH_KEY, '1');
        await signOut();
        if (localStorage.getItem(SWITCH_KEY)) {
          localStorage.removeItem(SWITCH_KEY);
          await userManager.signinRedirect(signinArgs(config.idp.switchViewerPrompt));
        }
      },
    }),
    [state, userManager, accept, signOut, config],
  );
  return <AuthContext.Provider value={api}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthApi {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
