// oidc-client-ts settings for the publisher SSO: authorization code + PKCE against any
// OpenID provider named in /app-config.json — issuer, client id, scope, RFC 8707 `resource`,
// extra authorization parameters and the switch-viewer prompt are all configuration.
import { UserManager } from 'oidc-client-ts';
import { IdbStateStore } from '../../lib/idb-store.ts';
import type { AppConfig } from '../../../shared/api/app-config.ts';

import { SIGNIN_CALLBACK } from '../../../shared/spa-routes.ts';

export const SIGNIN_CALLBACK_PATH = SIGNIN_CALLBACK;
/** Set after a sign-out: the next sign-in asks the provider for credentials (prompt=login). */
const FORCE_LOGIN_KEY = 'playgate.forceLogin';

export function createUserManager(config: AppConfig): UserManager {
  const origin = window.location.origin;
  const { idp } = config;
  return new UserManager({
    authority: idp.issuer,
    client_id: idp.clientId,
    redirect_uri: `${origin}${SIGNIN_CALLBACK_PATH}`,
    popup_redirect_uri: `${origin}${SIGNIN_CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: idp.scope,
    // RFC 8707: sent at authorization and at every token request, so the access token's
    // `aud` is the Playgate API (providers that default `aud` to the scope need it).
    ...(idp.resource ? { resource: idp.resource, extraTokenParams: { resource: idp.resource } } : {}),
    extraQueryParams: idp.extraAuthParams,
    // Userinfo only when a configured claim is read from there (display only: the API never trusts it).
    loadUserInfo: idp.entitlementClaims.some((c) => c.from === 'userinfo'),
    // Shared by every tab (and a "second device" window), consistently: see idb-store.ts.
    userStore: new IdbStateStore('oidc.'),
    // Renewal is ours (auth-context.tsx): one tab at a time, since refresh tokens rotate.
    automaticSilentRenew: false,
  });
}

/** A fresh nonce per sign-in (some providers require one even in the code flow); prompt when asked or after a sign-out. */
export function signinArgs(prompt?: 'login' | 'select_account') {
  const forced = localStorage.getItem(FORCE_LOGIN_KEY) === '1' ? 'login' : undefined;
  const p = prompt ?? forced;
  return { nonce: crypto.randomUUID(), ...(p ? { prompt: p } : {}) };
}

/** After a completed sign-in the forced prompt has done its job. */
export function clearForcedLogin(): void {
  localStorage.removeItem(FORCE_LOGIN_KEY);
}

export function forceNextLogin(): void {
  localStorage.setItem(FORCE_LOGIN_KEY, '1');
}
