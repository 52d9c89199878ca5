// The MVPD simulator's login: one oidc-provider standing in for every fictional pay-TV
// provider. The `mvpd` authorization parameter says which provider's page to show; the
// ID token releases the subscriber's attributes (householdID, zip, maxRating).
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Config, MvpdConfig, SubscriberConfig } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import { kyselyAdapter } from '../oidc/kysely-adapter.ts';
import { escapeHtml, logoutPages, renderPage } from '../oidc/html-page.ts';
import type { PrivateJwk } from '../tokens/key-store.ts';

export const MVPD_CALLBACK_PATH = '/api/v2/authenticate/callback';
/** Where an MVPD logout may return to (registered with the simulator). */
export const MVPD_LOGOUT_RETURNS = ['/', '/mvpd-done'];

export interface MvpdDeps {
  config: Config;
  db: Db;
  keys: PrivateJwk[];
  cookieKeys: string[];
}

export interface SubscriberRecord {
  mvpd: MvpdConfig;
  subscriber: SubscriberConfig;
}

export function subscriberIndex(config: Config): Map<string, SubscriberRecord> {
  return new Map(config.mvpds.flatMap((mvpd) => mvpd.subscribers.map((s) => [s.username, { mvpd, subscriber: s }] as const)));
}

export function createMvpdProvider({ config, db, keys, cookieKeys }: MvpdDeps): Provider {
  const subscribers = subscriberIndex(config);
  const sim = config.mvpdSimulator;
  const configuration: Configuration = {
    adapter: kyselyAdapter(db, 'mvpd'),
    jwks: { keys },
    cookies: { keys: cookieKeys },
    clients: [
      {
        client_id: sim.clientId,
        client_secret: sim.clientSecret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [`${config.app.publicUrl}${MVPD_CALLBACK_PATH}`],
        post_logout_redirect_uris: MVPD_LOGOUT_RETURNS.map((path) => `${config.app.publicUrl}${path}`),
        id_token_signed_response_alg: 'ES256',
      },
    ],
    extraParams: ['mvpd'],
    claims: {
      openid: ['sub'],
      profile: ['mvpd', 'householdID', 'zip', 'maxRating', 'upstreamUserID'],
    },
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => {
      const record = subscribers.get(sub);
      if (!record) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          mvpd: record.mvpd.id,
          upstreamUserID: `${record.mvpd.id.toLowerCase()}-${sub}`,
          householdID: record.subscriber.householdID,
          zip: record.subscriber.zip,
          ...(record.subscriber.maxRating ? { maxRating: record.subscriber.maxRating } : {}),
        }),
      };
    },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true, ...logoutPages('Sign out from your TV provider?') } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    ttl: { Session: 24 * 60 * 60, Grant: 24 * 60 * 60, Interaction: 30 * 60, AuthorizationCode: 60, IdToken: 10 * 60, AccessToken: 10 * 60 },
    renderError: async (ctx: KoaContextWithOIDC, out) => {
      ctx.type = 'html';
      ctx.body = renderPage({
        title: 'TV provider sign-in error',
        body: `<h1>TV provider sign-in error</h1><p class="error" role="alert">${escapeHtml(out.error)}: ${escapeHtml(out.error_description ?? '')}</p>`,
      });
    },
  };
  const provider = new Provider(sim.issuer, configuration);
  provider.proxy = true;
  return provider;
}
