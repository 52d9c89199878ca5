// The viewer's SSO state as a reducer: loading → signed-out | signed-in. Two modes:
// - oidc: the IdP's access token is the SSO token (verified with jose first);
// - publisher: after the IdP sign-in, the publisher's middleware trades it for a
//   Playgate customer JWT, which becomes the SSO token (publisher-session.ts).
// Either way tokens are refreshed shortly before expiry, one tab at a time, and every
// tab follows the others (IndexedDB store + BroadcastChannel, see lib/idb-store.ts).
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import type { User, UserManager } from 'oidc-client-ts';
import type { AppConfig } from '../../../shared/api/app-config.ts';
import { verifyAccessToken, verifyIdToken } from '../../lib/verify-sso-token.ts';
import { refreshOnce } from '../../lib/refresh-coordinator.ts';
import { signinArgs } from './user-manager.ts';
import { exchangeForPair, forgetPair, needsRefresh, PUBLISHER_PAIR_KEY, readPair, refreshPair, type PublisherPair } from './publisher-session.ts';
import { onAuthStoreChange } from '../../lib/idb-store.ts';

export type SsoMode = 'oidc' | 'publisher';
const MODE_KEY = 'playgate.ssoMode';

export interface Viewer {
  mode: SsoMode;
  username: string;
  name: string;
  /** The SSO token sent to Playgate (AD-Service-Token, Playback bearer). */
  accessToken: string;
  /** Entitlement claims (e.g. roles) from the verified token. */
  entitlements: Record<string, unknown>;
  expiresAt: number;
}

type AuthState = { status: 'loading' } | { status: 'signed-out'; error?: string } | { status: 'signed-in'; viewer: Viewer };
type AuthAction = { type: 'signed-in'; viewer: Viewer } | { type: 'signed-out'; error?: string };

function reducer(_state: AuthState, action: AuthAction): AuthState {
  return action.type === 'signed-in' ? { status: 'signed-in', viewer: action.viewer } : { status: 'signed-out', ...(action.error ? { error: action.error } : {}) };
}

interface AuthApi {
  state: AuthState;
  signInRedirect(mode?: SsoMode): Promise<void>;
  signInPopup(mode?: SsoMode): Promise<void>;
  signOut(reason?: string): Promise<void>;
}

const AuthContext = createContext<AuthApi | null>(null);
const pick = (claims: Record<string, unknown>, names: string[]) => Object.fromEntries(names.filter((c) => c in claims).map((c) => [c, claims[c]]));
const currentMode = (): SsoMode => (localStorage.getItem(MODE_KEY) === 'publisher' ? 'publisher' : 'oidc');

export function AuthProvider({ userManager, config, children }: { userManager: UserManager; config: AppConfig; children: ReactNode }) {
  const [state, dispatch] = useReducer(reducer, { status: 'loading' });
  const viewerRef = useRef<Viewer | null>(null);
  viewerRef.current = state.status === 'signed-in' ? state.viewer : null;

  const fromPair = useCallback(
    (pair: PublisherPair): Viewer => ({
      mode: 'publisher',
      username: String(pair.claims.email ?? pair.claims.customerId),
      name: String(pair.claims.email ?? pair.claims.customerId),
      accessToken: pair.jwt,
      entitlements: pick(pair.claims, config.idp.entitlementClaims),
      expiresAt: pair.expiresAt,
    }),
    [config],
  );

  const signOut = useCallback(
    async (reason?: string) => {
      await userManager.removeUser();
      await forgetPair();
      localStorage.removeItem(MODE_KEY);
      dispatch({ type: 'signed-out', ...(reason ? { error: reason } : {}) });
    },
    [userManager],
  );

  /** Accepts an IdP user only once jose has verified both of its tokens. */
  const accept = useCallback(
    async (user: User | null) => {
      if (currentMode() === 'publisher') {
        const stored = await readPair();
        if (stored) return dispatch({ type: 'signed-in', viewer: fromPair(stored) });
        if (!user || user.expired || !config.publisherSso) return dispatch({ type: 'signed-out' });
        try {
          await verifyAccessToken(user.access_token, config.idp);
          return dispatch({ type: 'signed-in', viewer: fromPair(await exchangeForPair(user.access_token, config.publisherSso)) });
        } catch {
          return signOut('The publisher sign-in did not complete. Please sign in again.');
        }
      }
      if (!user || user.expired) return dispatch({ type: 'signed-out' });
      try {
        const [claims] = await Promise.all([verifyIdToken(user.id_token!, config.idp), verifyAccessToken(user.access_token, config.idp)]);
        dispatch({
          type: 'signed-in',
          viewer: {
            mode: 'oidc',
            username: String(claims.preferred_username ?? claims.sub),
            name: String(claims.name ?? claims.preferred_username ?? claims.sub),
            accessToken: user.access_token,
            entitlements: pick(claims, config.idp.entitlementClaims),
            expiresAt: (user.expires_at ?? 0) * 1000,
          },
        });
      } catch {
        await signOut('Your sign-in could not be verified. Please sign in again.');
      }
    },
    [config, fromPair, signOut],
  );

  // Start-up, and following other tabs (sign-in, refresh, sign-out) through storage.
  useEffect(() => {
    let live = true;
    userManager.getUser().then((u) => {
      if (live) void accept(u);
    });
    const stop = onAuthStoreChange((key) => {
      if (key !== PUBLISHER_PAIR_KEY && !key.startsWith('oidc.user:')) return;
      void (async () => {
        if (!live) return;
        if (currentMode() === 'publisher' && key === PUBLISHER_PAIR_KEY && !(await readPair()) && viewerRef.current) {
          return signOut('You were signed out in another tab.');
        }
        await accept(await userManager.getUser());
      })();
    });
    return () => {
      live = false;
      stop();
    };
  }, [userManager, accept, signOut]);

  // Refresh shortly before expiry, under the cross-tab lock.
  const viewer = state.status === 'signed-in' ? state.viewer : null;
  useEffect(() => {
    if (!viewer) return;
    const refresh = async () => {
      if (viewer.mode === 'publisher') {
        const next = await refreshPair(config.publisherSso!).catch(() => undefined);
        if (next === null) return signOut('Your session has ended. Please sign in again.');
        if (next) dispatch({ type: 'signed-in', viewer: fromPair(next) });
        return;
      }
      const user = await refreshOnce({
        lockName: 'playgate.sso.oidc',
        read: () => userManager.getUser(),
        isFresh: (u: User) => (u.expires_at ?? 0) * 1000 - Date.now() > 90_000,
        refresh: async () => {
          const renewed = await userManager.signinSilent(signinArgs());
          if (!renewed) throw new Error('silent renewal returned no user');
          return renewed;
        },
      }).catch(() => null);
      await accept(user);
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    void (async () => {
      const pair = viewer.mode === 'publisher' ? await readPair() : null;
      const margin = pair ? Math.min(60_000, (pair.expiresAt - (pair.claims.iat ?? 0) * 1000) / 3) : 60_000;
      const delay = pair && needsRefresh(pair) ? 0 : Math.max(0, viewer.expiresAt - Date.now() - margin);
      if (live) timer = setTimeout(() => void refresh(), delay);
    })();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [viewer, config, userManager, accept, fromPair, signOut]);

  const api = useMemo<AuthApi>(
    () => ({
      state,
      signInRedirect: async (mode = 'oidc') => {
        localStorage.setItem(MODE_KEY, mode);
        await forgetPair();
        await userManager.signinRedirect(signinArgs());
      },
      signInPopup: async (mode = 'oidc') => {
        localStorage.setItem(MODE_KEY, mode);
        await forgetPair();
        try {
          await accept(await userManager.signinPopup(signinArgs()));
        } catch (err) {
          dispatch({ type: 'signed-out', error: err instanceof Error && /closed/i.test(err.message) ? 'The sign-in window was closed.' : 'Sign-in did not complete.' });
        }
      },
      signOut,
    }),
    [state, userManager, accept, signOut],
  );
  return <AuthContext.Provider value={api}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthApi {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
