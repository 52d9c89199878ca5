// oidc-client-ts settings for the publisher SSO: authorization code + PKCE against any
// OpenID provider named in /app-config.json (issuer, client id, scope: no code change).
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { AppConfig } from '../../../shared/api/app-config.ts';

export const SIGNIN_CALLBACK_PATH = '/auth/callback';

export function createUserManager(config: AppConfig): UserManager {
  const origin = window.location.origin;
  return new UserManager({
    authority: config.idp.issuer,
    client_id: config.idp.clientId,
    redirect_uri: `${origin}${SIGNIN_CALLBACK_PATH}`,
    popup_redirect_uri: `${origin}${SIGNIN_CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: config.idp.scope,
    // The access token is a JWT for the Playgate API; profile claims come from the ID token.
    loadUserInfo: false,
    // Kept in localStorage so every tab (and a "second device" window) shares the viewer.
    userStore: new WebStorageStateStore({ store: window.localStorage }),
    automaticSilentRenew: true,
  });
}

/** A fresh nonce per sign-in (some providers require one even in the code flow). */
export function signinArgs() {
  return { nonce: crypto.randomUUID() };
}
