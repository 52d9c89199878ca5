// GET /app-config.json: the SPA's public settings (never a secret) and the catalog.
import { CHECKOUT_PATH } from '../shared/api/checkout.ts';
import type { AppConfig } from '../shared/api/app-config.ts';
import type { Config } from './config/schema.ts';
import { SPA_CALLBACK_PATH } from './idp/idp-provider.ts';
import { DEMO_EXCHANGE_PATH } from './sso/demo-middleware-routes.ts';
import { TOKEN_KINDS } from './tokens/token-kinds.ts';

export function appConfig(config: Config, softwareStatement: string, opts: { production?: boolean } = {}): AppConfig {
  return {
    qaConsole: Boolean(config.adminTokenSha256) && !opts.production,
    mvpdOrigin: new URL(config.mvpdSimulator.issuer).origin,
    serviceProvider: config.requestor.id,
    softwareStatement,
    redirectUri: `${config.app.publicUrl}${SPA_CALLBACK_PATH}`,
    idp: {
      issuer: config.idp.issuer,
      clientId: config.idp.clientId,
      scope: config.idp.scope,
      audience: config.idp.audience,
      audienceClaim: config.idp.audienceClaim ?? 'aud',
      resource: config.idp.resource ?? null,
      extraAuthParams: config.idp.extraAuthParams ?? {},
      algorithms: config.idp.algorithms,
      accessTokenTypes: config.idp.accessTokenTypes,
      clockToleranceSeconds: config.idp.clockToleranceSeconds,
      switchViewerPrompt: config.idp.switchViewerPrompt ?? 'login',
      entitlementClaims: config.idp.entitlementClaims,
    },
    publisherSso: config.publisherSso?.demoMiddleware
      ? {
          exchangePath: DEMO_EXCHANGE_PATH,
          refreshPath: '/auths/refresh_token',
          issuer: config.app.publicUrl,
          audience: TOKEN_KINDS.customer.audience,
          typ: TOKEN_KINDS.customer.typ,
          jwksUri: `${config.app.publicUrl}/.well-known/jwks.json`,
        }
      : null,
    // The first configured application is the web app's (Adobe: one application id per app).
    concurrency: config.concurrency ? { applicationId: config.concurrency.applications[0]!.id } : null,
    catalog: config.resources.map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      kind: r.kind,
      rating: r.rating,
      access: r.access.type,
      poster: `/posters/${r.id}.svg`,
      ...(r.access.type === 'direct' && r.access.offer ? { offer: { kind: r.access.offer.kind, name: r.access.offer.name, price: r.access.offer.price } } : {}),
    })),
    demoCheckout: config.demoCheckout ? CHECKOUT_PATH : null,
  };
}
