// The MVPD simulator's login: one oidc-provider standing in for every fictional pay-TV
// provider. The `mvpd` authorization parameter says which provider's page to show; the
// ID token releases the subscriber's attributes (householdID, zip, maxRating, and for a
// home-based subscriber `hba_status`: "true" when this login was made on the home network).
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Config, MvpdConfig, SubscriberConfig } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import { kyselyAdapter } from '../oidc/kysely-adapter.ts';
import { escapeHtml, renderPage } from '../oidc/html-page.ts';
import type { PrivateJwk } from '../tokens/key-store.ts';
import { MVPD_SIGNED_OUT_PATH } from '../../shared/pass-paths.ts';

export const MVPD_CALLBACK_PATH = '/api/v2/authenticate/callback';
/** Where an MVPD logout may return to (registered with the simulator). */
export const MVPD_LOGOUT_RETURNS = ['/', '/mvpd-done', MVPD_SIGNED_OUT_PATH];

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
      profile: ['mvpd', 'householdID', 'zip', 'maxRating', 'upstreamUserID', 'hba_status'],
    },
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub, token) => {
      const record = subscribers.get(sub);
      if (!record) return undefined;
      // At the token endpoint `token` is the authorization code, which keeps the login's amr.
      const amr = (token as { amr?: unknown } | undefined)?.amr;
      const hba = Array.isArray(amr) && amr.includes('hba');
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          mvpd: record.mvpd.id,
          upstreamUserID: `${record.mvpd.id.toLowerCase()}-${sub}`,
          householdID: record.subscriber.householdID,
          zip: record.subscriber.zip,
          ...(record.subscriber.maxRating ? { maxRating: record.subscriber.maxRating } : {}),
          ...(record.subscriber.homeBased ? { hba_status: hba ? 'true' : 'false' } : {}),
        }),
      };
    },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true, ...mvpdLogoutPages(subscribers) } },
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

/**
 * The provider's own logout pages, branded with the MVPD the session belongs to (its
 * subscriber says which), in our page frame: oidc-provider's defaults ask "Do you want to
 * sign-out from <host>?" and load a web font from a public CDN, which nothing here may call.
 */
function mvpdLogoutPages(subscribers: Map<string, SubscriberRecord>) {
  const brandOf = (ctx: KoaContextWithOIDC) => {
    const accountId = ctx.oidc?.session?.accountId;
    return accountId ? subscribers.get(accountId)?.mvpd : undefined;
  };
  const brandHtml = (mvpd: MvpdConfig | undefined, heading: string) =>
    `<div class="brand">${mvpd ? `<img src="${escapeHtml(mvpd.logo)}" alt="${escapeHtml(mvpd.displayName)} logo">` : ''}<h1>${escapeHtml(heading)}</h1></div>`;
  return {
    logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
      const mvpd = brandOf(ctx);
      const name = mvpd?.displayName ?? 'your TV provider';
      ctx.type = 'html';
      ctx.body = renderPage({
        title: `Sign out — ${name}`,
        body: `${brandHtml(mvpd, `Sign out of ${name}?`)}<p>You will need to sign in with ${escapeHtml(name)} again to watch its channels on Playgate.</p>${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button> <button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>`,
      });
    },
    postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
      ctx.type = 'html';
      ctx.body = renderPage({ title: 'Signed out', body: `${brandHtml(undefined, 'You are signed out of your TV provider')}<p>You can close this window.</p>` });
    },
  };
}
