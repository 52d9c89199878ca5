// Builds the Playgate app (API, media gatekeeper, SPA) as a Fastify instance. Never
// listens: main.ts does, and tests call app.inject.
import { checkoutRoutes } from './checkout/checkout-routes.ts';
import { CHECKOUT_PATH } from '../shared/api/checkout.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppConfigSchema } from '../shared/api/app-config.ts';
import { clientErrorHandler, frameworkErrorHandler, installErrorHandling, requireHost } from './http/error-handler.ts';
import { dcrRoutes } from './pass/dcr-routes.ts';
import { passRoutes } from './pass/pass-routes.ts';
import type { PassContext } from './context/pass-context.ts';
import { parseQuerystring } from './http/querystring.ts';
import { gatekeeperRoutes } from './media/gatekeeper-routes.ts';
import { MediaFiles } from './media/media-files.ts';
import { verifierRoutes } from './media/verifier-routes.ts';
import { clientTokenVerifierRoutes } from './client-token-verifier/client-token-verifier-routes.ts';
import { tokenVerifierRoutes } from './token-verifier/token-verifier-routes.ts';
import { appConfig } from './app-config.ts';
import { playbackRoutes } from './playback/playback-routes.ts';
import { traceRoutes } from './entitlement/trace-routes.ts';
import { entitlementAdminRoutes } from './entitlement/admin-routes.ts';
import { adminProfileRoutes } from './pass/admin-profile-routes.ts';
import { qaRoutes } from './qa/qa-routes.ts';
import { degradationRoutes } from './degradation/degradation-routes.ts';
import { cmRoutes } from './stream-limits/cm-routes.ts';
import { tempPassResetRoutes } from './temp-pass/temp-pass-reset-routes.ts';
import { partnerSsoRoutes } from './pass/partner-sso-routes.ts';
import { PartnerFrameworks } from './partner-sso/partner-frameworks.ts';
import { partnerSimulatorRoutes } from './partner-sso/partner-simulator-routes.ts';
import { ssoRoutes } from './sso/sso-routes.ts';
import { demoMiddlewareRoutes } from './sso/demo-middleware-routes.ts';
import { PublisherSso } from './sso/publisher-sso.ts';
import { errorCatalogPage } from './http/error-catalog-page.ts';
import { Lifecycle } from './lifecycle/lifecycle.ts';
import { SharedJourneyLog } from './journey/shared-journey-log.ts';
import { installJourneyHooks } from './journey/journey-hooks.ts';
import { journeyRoutes } from './journey/journey-routes.ts';
import { redactingLogger } from './http/log-redaction.ts';
import { newRequestId } from './http/request-id.ts';
import { APP_NO_STORE_PREFIXES, installSecurityHeaders } from './http/security-headers.ts';
import { installMonitoring } from './monitoring/install-monitoring.ts';

export interface AppOptions {
  logger?: boolean | object;
  /** Built SPA to serve (default: ./dist when it exists). */
  spaDir?: string | null;
  mediaDir?: string;
  softwareStatement: string;
  /** Named in the `x-playgate-instance` response header (default: none). */
  instanceId?: string;
  /** Draining state for /readyz (default: a fresh one, never draining). */
  lifecycle?: Lifecycle;
  /** How often the ESM roll-up job runs (default 15 s). */
  rollUpIntervalMs?: number;
}

const ajvLogger = {
  log: console.log,
  warn: (...args: unknown[]) => (String(args[0]).startsWith('DEPRECATED: option unicode') ? undefined : console.warn(...args)),
  error: console.error,
};

/** The gatekeeper's one route, as Fastify names it (registered under /media below). */
const MEDIA_ROUTE = '/media/:resource/:file';

export async function buildApp(ctx: PassContext, opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: redactingLogger(opts.logger),
    bodyLimit: 64 * 1024,
    // The query-string shortcut: see http/querystring.ts (media URLs carry a long token).
    routerOptions: { maxParamLength: 200, querystringParser: parseQuerystring },
    // maxLength counts UTF-16 units (String#length), not code points: never looser (a pair
    // counts twice), and ajv's code-point count walked every long header and token value
    // (a ~1,000-character SSO token, a ~700-character playback token) on each request.
    // ajv calls the option deprecated (it still honours it): that one notice is not logged.
    ajv: { customOptions: { unicode: false, logger: ajvLogger } },
    genReqId: newRequestId,
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    // Node's own Host check answers an empty 400; requireHost answers in the error body.
    http: { requireHostHeader: false },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onRequest', requireHost);
  const lifecycle = opts.lifecycle ?? new Lifecycle();
  // Synchronous hooks (with `done`): no promise per request on every route.
  app.addHook('onRequest', (_request, _reply, done) => {
    lifecycle.inFlight++;
    done();
  });
  app.addHook('onResponse', (_request, _reply, done) => {
    lifecycle.inFlight--;
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-trace-id', request.id);
    if (opts.instanceId) reply.header('x-playgate-instance', opts.instanceId);
    if (lifecycle.draining) reply.header('connection', 'close');
    done(null, payload);
  });
  installSecurityHeaders(app, {
    connectSrc: [new URL(ctx.config.idp.issuer).origin],
    openerPages: ['/'],
    noStorePrefixes: APP_NO_STORE_PREFIXES,
    mediaRoutes: new Set([MEDIA_ROUTE]),
  });
  const journey = new SharedJourneyLog(ctx.db);
  app.addHook('onClose', () => journey.flush());
  installJourneyHooks(app, ctx, journey);
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  const spaDir = opts.spaDir === undefined ? resolve('dist') : opts.spaDir;
  const withSpa = Boolean(spaDir && existsSync(spaDir));
  installErrorHandling(app, { spaFallback: withSpa });

  // The OpenAPI document is generated from the route schemas below (docs at /docs).
  await app.register(swagger, {
    openapi: {
      info: { title: 'Playgate API', version: '0.1.0', description: 'Adobe Pass REST API v2 compatible entitlement API, media gatekeeper and app settings.' },
      components: { securitySchemes: { clientToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, adminToken: { type: 'http', scheme: 'bearer', description: 'The admin token (config adminTokenSha256)' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/docs/errors', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html').send(errorCatalogPage()));
  // After the error handler and swagger: its admin routes answer in the error format and are documented.
  await installMonitoring(app, ctx, { lifecycle, journey, ...(opts.rollUpIntervalMs ? { rollUpIntervalMs: opts.rollUpIntervalMs } : {}) });

  await app.register(dcrRoutes, { prefix: '/o/client', ctx });
  // Before the Pass routes: the degradation snapshot is loaded before the first decision.
  await app.register(degradationRoutes, { prefix: '/admin', ctx });
  await app.register(passRoutes, { prefix: '/api/v2', ctx });
  const partners = await PartnerFrameworks.create(ctx.config);
  await app.register(partnerSsoRoutes, { prefix: '/api/v2', ctx, partners });
  // The simulator signs whatever it is told: the production check refuses it unless dev stand-ins are allowed.
  if (partners.simulatorKeys) await app.register(partnerSimulatorRoutes, { prefix: '/partner-simulator', config: ctx.config, tokens: ctx.tokens, partners });
  await app.register(gatekeeperRoutes, {
    prefix: '/media',
    tokens: ctx.tokens,
    files: new MediaFiles(opts.mediaDir ?? 'media', new Set(ctx.config.resources.map((r) => r.id))),
    db: ctx.db,
    playbackTokenTtlSeconds: ctx.config.tokens.playbackTokenTtlSeconds,
    livePlaybackTokenTtlSeconds: ctx.config.tokens.livePlaybackTokenTtlSeconds,
    vodPlaybackTokenTtlSeconds: ctx.config.tokens.vodPlaybackTokenTtlSeconds,
    requestors: new Set([ctx.config.requestor.id, ...(ctx.config.tenants ?? []).map((t) => t.id)]),
    liveResources: new Set(ctx.config.resources.filter((r) => r.kind === 'live').map((r) => r.id)),
  });
  await app.register(verifierRoutes, { prefix: '/playgate/v1', tokens: ctx.tokens });
  await app.register(clientTokenVerifierRoutes, { prefix: '/playgate/v1', ctx });
  await app.register(tokenVerifierRoutes, { prefix: '/playgate/v1', ctx });
  await app.register(cmRoutes, { prefix: '/cm/v2', ctx });
  await app.register(tempPassResetRoutes, { prefix: '/reset-tempass/v3', ctx });

  await app.register(playbackRoutes, { prefix: '/playback/v1', ctx });
  await app.register(traceRoutes, { prefix: '/playgate/v1', ctx });
  await app.register(journeyRoutes, { prefix: '/playgate/v1', ctx, recorder: journey });
  await app.register(entitlementAdminRoutes, { prefix: '/admin', ctx });
  if (ctx.config.demoCheckout) await app.register(checkoutRoutes, { prefix: CHECKOUT_PATH, ctx });
  await app.register(adminProfileRoutes, { prefix: '/admin', ctx });
  // The QA controls exist in dev and demo deployments only.
  const production = process.env.NODE_ENV === 'production';
  await app.register(qaRoutes, { prefix: '/admin/qa', ctx, production });
  if (ctx.config.publisherSso) {
    const sso = new PublisherSso(ctx.config, ctx.config.publisherSso, ctx.db, ctx.tokens, ctx.customerSessions, (token) => ctx.sso.verify(token));
    await sso.seedCustomers();
    await app.register(ssoRoutes, { ctx, sso });
    await app.register(demoMiddlewareRoutes, { ctx, app });
  }

  const publicSettings = appConfig(ctx.config, opts.softwareStatement, { production });
  app.get('/app-config.json', { schema: { tags: ['App'], summary: "The SPA's public settings", response: { 200: AppConfigSchema } } }, async (_req, reply) => {
    reply.header('cache-control', 'no-cache');
    return publicSettings;
  });
  app.get('/.well-known/jwks.json', { schema: { tags: ['App'], summary: "Playgate's public signing keys (media tokens, client tokens)" } }, async () => ctx.tokens.publicJwks);
  app.get('/healthz', { schema: { tags: ['Operations'], response: { 200: Type.Object({ status: Type.String() }) } } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    { schema: { tags: ['Operations'], summary: 'Ready for traffic: the database answers and the instance is not draining', response: { 200: Type.Object({ status: Type.String() }), 503: Type.Object({ status: Type.String() }) } } },
    async (_req, reply) => {
      if (lifecycle.draining) return reply.status(503).send({ status: 'draining' });
      await ctx.db.selectFrom('clients').select('client_id').limit(1).execute();
      return { status: 'ready' };
    },
  );

  if (withSpa) await serveSpa(app, spaDir!);
  return app;
}

/** The built SPA; unknown GET paths outside the API fall back to index.html (see error-handler). */
async function serveSpa(app: FastifyInstance, root: string) {
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
}
