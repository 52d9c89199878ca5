// oidc-client-ts settings for the publisher SSO: authorization code + PKCE against any
// OpenID provider named in /app-config.json (issuer, client id, scope: no code change).
import { UserManager } from 'oidc-client-ts';
import { IdbStateStore } from '../../lib/idb-store.ts';
import type { AppConfig } from '../../../shared/api/app-config.ts';

import { SIGNIN_CALLBACK } from '../../../shared/spa-routes.ts';

export const SIGNIN_CALLBACK_PATH = SIGNIN_CALLBACK;

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
    // Shared by every tab (and a "second device" window), consistently: see idb-store.ts.
    userStore: new IdbStateStore('oidc.'),
    // Renewal is ours (auth-context.tsx): one tab at a time, since refresh tokens rotate.
    automaticSilentRenew: false,
  });
}

/** A fresh nonce per sign-in (some providers require one even in the code flow). */
export function signinArgs() {
  return { nonce: crypto.randomUUID() };
}
