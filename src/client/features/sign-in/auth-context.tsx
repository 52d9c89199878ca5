// The viewer's SSO state as a reducer: loading → signed-out | signed-in. A user is
// accepted only once jose has verified both tokens against the IdP's keys.
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, type ReactNode } from 'react';
import type { User, UserManager } from 'oidc-client-ts';
import type { AppConfig } from '../../../shared/api/app-config.ts';
import { verifyAccessToken, verifyIdToken } from '../../lib/verify-sso-token.ts';
import { signinArgs } from './user-manager.ts';

export interface Viewer {
  username: string;
  name: string;
  accessToken: string;
  /** Entitlement claims (e.g. roles) from the verified ID token. */
  entitlements: Record<string, unknown>;
  expiresAt: number;
}

type AuthState =
  | { status: 'loading' }
  | { status: 'signed-out'; error?: string }
  | { status: 'signed-in'; viewer: Viewer };

type AuthAction = { type: 'signed-in'; viewer: Viewer } | { type: 'signed-out'; error?: string };

function reducer(_state: AuthState, action: AuthAction): AuthState {
  return action.type === 'signed-in' ? { status: 'signed-in', viewer: action.viewer } : { status: 'signed-out', ...(action.error ? { error: action.error } : {}) };
}

interface AuthApi {
  state: AuthState;
  signInRedirect(): Promise<void>;
  signInPopup(): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthApi | null>(null);

async function toViewer(user: User, config: AppConfig): Promise<Viewer> {
  const [claims] = await Promise.all([verifyIdToken(user.id_token!, config.idp), verifyAccessToken(user.access_token, config.idp)]);
  const entitlements = Object.fromEntries(config.idp.entitlementClaims.filter((c) => c in claims).map((c) => [c, claims[c]]));
  return {
    username: String(claims.preferred_username ?? claims.sub),
    name: String(claims.name ?? claims.preferred_username ?? claims.sub),
    accessToken: user.access_token,
    entitlements,
    expiresAt: (user.expires_at ?? 0) * 1000,
  };
}

export function AuthProvider({ userManager, config, children }: { userManager: UserManager; config: AppConfig; children: ReactNode }) {
  const [state, dispatch] = useReducer(reducer, { status: 'loading' });

  const accept = useCallback(
    async (user: User | null) => {
      if (!user || user.expired) return dispatch({ type: 'signed-out' });
      try {
        dispatch({ type: 'signed-in', viewer: await toViewer(user, config) });
      } catch {
        await userManager.removeUser();
        dispatch({ type: 'signed-out', error: 'Your sign-in could not be verified. Please sign in again.' });
      }
    },
    [config, userManager],
  );

  useEffect(() => {
    let live = true;
    userManager.getUser().then((u) => {
      if (live) void accept(u);
    });
    const onLoaded = (u: User) => void accept(u);
    const onGone = () => dispatch({ type: 'signed-out' });
    userManager.events.addUserLoaded(onLoaded);
    userManager.events.addUserUnloaded(onGone);
    userManager.events.addUserSignedOut(onGone);
    return () => {
      live = false;
      userManager.events.removeUserLoaded(onLoaded);
      userManager.events.removeUserUnloaded(onGone);
      userManager.events.removeUserSignedOut(onGone);
    };
  }, [userManager, accept]);

  const api = useMemo<AuthApi>(
    () => ({
      state,
      signInRedirect: () => userManager.signinRedirect(signinArgs()),
      signInPopup: async () => {
        try {
          await accept(await userManager.signinPopup(signinArgs()));
        } catch (err) {
          dispatch({ type: 'signed-out', error: err instanceof Error && /closed/i.test(err.message) ? 'The sign-in window was closed.' : 'Sign-in did not complete.' });
        }
      },
      signOut: async () => {
        await userManager.removeUser();
        dispatch({ type: 'signed-out' });
      },
    }),
    [state, userManager, accept],
  );
  return <AuthContext.Provider value={api}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthApi {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
