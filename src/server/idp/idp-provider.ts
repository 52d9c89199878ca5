// The embedded publisher SSO: an oidc-provider with the demo viewers. A dev stand-in
// for Okta/Auth0/Keycloak: Playgate only ever talks to it as a standard OpenID provider.
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Config, ViewerConfig } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import { kyselyAdapter } from '../oidc/kysely-adapter.ts';
import { escapeHtml, renderPage } from '../oidc/html-page.ts';
import { issuerPath } from '../oidc/mount-provider.ts';
import type { PrivateJwk } from '../tokens/key-store.ts';

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

/** Where the IdP's login pages live: under the issuer's path, like the provider itself. */
export function interactionPath(issuer: string, uid = ':uid'): string {
  return `${issuerPath(issuer)}/interaction/${uid}`;
}

/**
 * The signing algorithm of ID tokens and JWT access tokens, and the keys the IdP
 * publishes: only those of `idp.algorithms` (ES256 preferred when allowed), so a
 * relying party that pins e.g. RS256 never meets another kind of token or key.
 */
export function signingSetup(algorithms: readonly string[], keys: PrivateJwk[]): { alg: PrivateJwk['alg']; keys: PrivateJwk[] } {
  const usable = keys.filter((k) => algorithms.includes(k.alg));
  const alg = (['ES256', 'RS256'] as const).find((a) => algorithms.includes(a) && usable.some((k) => k.alg === a));
  if (!alg) throw new Error(`embedded IdP: no signing key for idp.algorithms ${JSON.stringify(algorithms)} (it signs with ES256 or RS256)`);
  return { alg, keys: usable };
}

export function createIdpProvider({ config, db, keys, cookieKeys }: IdpDeps): Provider {
  const { idp, app } = config;
  const signing = signingSetup(idp.algorithms, keys);
  const viewers = new Map(idp.viewers.map((v) => [v.username, v]));
  const extraClaimNames = [...new Set(idp.viewers.flatMap((v) => Object.keys(v.claims)).concat(idp.entitlementClaims.filter((c) => !c.path.includes('.') && !c.path.startsWith('/')).map((c) => c.path)))];

  const configuration: Configuration = {
    adapter: kyselyAdapter(db, 'idp'),
    jwks: { keys: signing.keys },
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
        id_token_signed_response_alg: signing.alg,
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
      // Sign-out at the provider (the SPA's end_session redirect), on Playgate's own pages.
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = renderPage({
            title: 'Sign out',
            body: `<h1>Sign out of Playgate ID?</h1>${form}<p class="actions"><button class="primary" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign out</button> <button type="submit" form="op.logoutForm">No, stay signed in</button></p>`,
          });
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = renderPage({ title: 'Signed out', body: '<h1>You are signed out</h1><p>You can close this window.</p>' });
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => idp.audience,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource) => {
          if (resource !== idp.audience) throw new Error('unknown resource');
          return {
            scope: API_SCOPE,
            audience: idp.audience,
            accessTokenTTL: idp.embeddedTokenTtls?.accessTokenSeconds ?? 60 * 60,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: signing.alg } },
          };
        },
      },
    },
    // Only the app's own origin may call the token endpoint from a browser.
    clientBasedCORS: (_ctx, origin) => origin === new URL(app.publicUrl).origin,
    // Under the issuer's path (e.g. /oidc/interaction/…), where the IdP app serves them.
    interactions: { url: (_ctx, interaction) => interactionPath(idp.issuer, interaction.uid) },
    ttl: {
      AccessToken: idp.embeddedTokenTtls?.accessTokenSeconds ?? 60 * 60,
      IdToken: idp.embeddedTokenTtls?.idTokenSeconds ?? 60 * 60,
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
