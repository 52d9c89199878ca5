// The embedded publisher SSO: an oidc-provider with the demo viewers. A dev stand-in
// for Okta/Auth0/Keycloak: Playgate only ever talks to it as a standard OpenID provider.
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Config, ViewerConfig } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import { kyselyAdapter } from '../oidc/kysely-adapter.ts';
import { escapeHtml, renderPage } from '../oidc/html-page.ts';
import type { PrivateJwk } from '../tokens/key-store.ts';

/** Scope the SPA asks for; `playgate` is the API's resource scope. */
export const SPA_SCOPE = 'openid profile email offline_access playgate';
export const API_SCOPE = 'playgate';
export const SPA_CALLBACK_PATH = '/auth/callback';

export interface IdpDeps {
  config: Config;
  db: Db;
  keys: PrivateJwk[];
  cookieKeys: string[];
}

export function viewerClaims(viewer: ViewerConfig) {
  return {
    sub: viewer.username,
    preferred_username: viewer.username,
    name: viewer.name,
    email: viewer.email,
    email_verified: true,
    ...viewer.claims,
  };
}

export function createIdpProvider({ config, db, keys, cookieKeys }: IdpDeps): Provider {
  const { idp, app } = config;
  const viewers = new Map(idp.viewers.map((v) => [v.username, v]));
  const extraClaimNames = [...new Set(idp.viewers.flatMap((v) => Object.keys(v.claims)).concat(idp.entitlementClaims))];

  const configuration: Configuration = {
    adapter: kyselyAdapter(db, 'idp'),
    jwks: { keys },
    cookies: { keys: cookieKeys },
    clients: [
      {
        client_id: idp.clientId,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${app.publicUrl}${SPA_CALLBACK_PATH}`],
        post_logout_redirect_uris: [`${app.publicUrl}/`],
        id_token_signed_response_alg: idp.algorithms.includes('ES256') ? 'ES256' : 'RS256',
      },
    ],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', ...extraClaimNames],
      email: ['email', 'email_verified'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'email', API_SCOPE],
    // Claims in the ID token even in the code flow: the SPA reads roles from it.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => {
      const viewer = viewers.get(sub);
      if (!viewer) return undefined;
      return { accountId: sub, claims: async () => viewerClaims(viewer) };
    },
    // Entitlement claims also travel in the JWT access token (the AD-Service-Token).
    extraTokenClaims: async (_ctx, token) => {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const viewer = viewers.get(token.accountId);
      return viewer ? { ...viewer.claims, preferred_username: viewer.username, email: viewer.email } : undefined;
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => idp.audience,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource) => {
          if (resource !== idp.audience) throw new Error('unknown resource');
          return {
            scope: API_SCOPE,
            audience: idp.audience,
            accessTokenTTL: 60 * 60,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: idp.algorithms.includes('ES256') ? 'ES256' : 'RS256' } },
          };
        },
      },
    },
    // Only the app's own origin may call the token endpoint from a browser.
    clientBasedCORS: (_ctx, origin) => origin === new URL(app.publicUrl).origin,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: 60 * 60,
      IdToken: 60 * 60,
      RefreshToken: 14 * 24 * 60 * 60,
      Session: 14 * 24 * 60 * 60,
      Grant: 14 * 24 * 60 * 60,
      Interaction: 60 * 60,
      AuthorizationCode: 60,
    },
    pkce: { required: () => true },
    renderError: async (ctx: KoaContextWithOIDC, out) => {
      ctx.type = 'html';
      ctx.body = renderPage({
        title: 'Sign-in error',
        body: `<h1>Sign-in error</h1><p class="error" role="alert">${escapeHtml(out.error)}: ${escapeHtml(out.error_description ?? '')}</p>`,
      });
    },
  };
  const provider = new Provider(idp.issuer, configuration);
  provider.proxy = true;
  return provider;
}
