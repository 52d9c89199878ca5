// /admin/qa/*: the QA and demo controls (the test console, the CLI and the deployment
// test kit all use them): MVPD modes, reset a viewer, expire profiles or cached decisions
// now, short lifetimes (profile, media tokens, decisions) for the next sign-in, the facts of
// the test matrix.
// Admin token required; in production mode (NODE_ENV=production) every call is refused.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import {
  ExpireDecisionsBodySchema,
  ExpireProfilesBodySchema,
  ExpiredSchema,
  LifetimeOverrideSchema,
  MvpdModeSchema,
  MvpdModesSchema,
  QaFactsSchema,
  ResetViewerBodySchema,
  ResetViewerResultSchema,
  SetLifetimesBodySchema,
  SetMvpdModeBodySchema,
} from '../../shared/api/qa.ts';
import { SafeText } from '../../shared/api/safe-text.ts';
import { adminGuard } from '../http/admin-auth.ts';
import { PassError } from '../http/pass-error.ts';
import type { PassContext } from '../context/pass-context.ts';
import { MvpdModesProxy } from './mvpd-modes-proxy.ts';
import { BreakerResets } from '../mvpd-client/breaker-resets.ts';
import { ViewerState } from './viewer-state.ts';
import { qaFacts } from './qa-facts.ts';

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };
const security = [{ adminToken: [] }];

export const qaRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext; production: boolean; breakerPollMs?: number }> = async (app, { ctx, production, breakerPollMs = 2000 }) => {
  const requireAdmin = adminGuard(ctx.config);
  if (!requireAdmin) return;
  app.addHook('onRequest', async (request) => {
    // The token first (a stranger learns nothing), then the mode.
    requireAdmin(request);
    if (production) throw new PassError('qa_api_disabled', 'run without NODE_ENV=production (dev and demo deployments) to use the QA controls');
  });
  // "Back to normal" closes the MVPD's breaker on every instance: each one polls the resets.
  const breakers = new BreakerResets(ctx.db, (mvpd) => ctx.mvpdGateway.resetBreaker(mvpd), breakerPollMs, (err) => app.log.warn({ err }, 'breaker resets: poll failed'));
  await breakers.start();
  app.addHook('onClose', async () => breakers.stop());
  const modes = new MvpdModesProxy(ctx, breakers);
  const state = new ViewerState(ctx);
  const facts = qaFacts(ctx.config);

  app.get(
    '/mvpd-modes',
    { schema: { tags: ['Admin: QA'], security, summary: "Every MVPD's simulator mode, its timeout, and what a viewer will see", response: { 200: MvpdModesSchema, ...errors } } },
    async () => ({ mvpds: await modes.list() }),
  );
  app.put(
    '/mvpd-modes/:mvpd',
    {
      schema: {
        tags: ['Admin: QA'],
        security,
        summary: "Switch an MVPD's authorization endpoint: normal, slow (slowMs), down (503) or deny",
        description: 'slowMs at or above the MVPD\'s authorizationTimeoutMs is answered by Playgate as a timeout (`effect: "times out"`). Back to normal also closes the MVPD\'s circuit breaker: at once on the instance that took the call, within 2 s on every other one.',
        params: Type.Object({ mvpd: SafeText(64, 1) }),
        body: SetMvpdModeBodySchema,
        response: { 200: MvpdModeSchema, ...errors },
      },
    },
    async (request) => modes.set(request.params.mvpd, request.body),
  );
  app.post(
    '/mvpd-modes/reset',
    { schema: { tags: ['Admin: QA'], security, summary: 'Every MVPD back to normal', response: { 200: MvpdModesSchema, ...errors } } },
    async () => ({ mvpds: await modes.resetAll() }),
  );

  app.post(
    '/viewers/reset',
    {
      schema: {
        tags: ['Admin: QA'],
        security,
        summary: "Reset a viewer and/or devices: profiles, cached decisions, pending sessions, lifetime overrides, the viewer's grants",
        description: 'Grants: the viewer\'s internal entitlement grants are revoked and the config\'s demo grants for them restored (`grants: false` keeps them). The viewer\'s sessions at the IdP are not touched.',
        body: ResetViewerBodySchema,
        response: { 200: ResetViewerResultSchema, ...errors },
      },
    },
    async (request) => state.reset(request.body),
  );
  app.post(
    '/profiles/expire',
    {
      schema: {
        tags: ['Admin: QA'],
        security,
        summary: "End a viewer's or devices' profiles now (optionally for one MVPD)",
        description: 'The next authorize answers `authenticated_profile_expired`; profile reads no longer return them.',
        body: ExpireProfilesBodySchema,
        response: { 200: ExpiredSchema, ...errors },
      },
    },
    async (request) => ({ expired: await state.expireProfiles(request.body) }),
  );
  app.post(
    '/decision-cache/expire',
    {
      schema: {
        tags: ['Admin: QA'],
        security,
        summary: 'Drop cached decisions now (of a viewer or devices; nobody named: all)',
        body: ExpireDecisionsBodySchema,
        response: { 200: ExpiredSchema, ...errors },
      },
    },
    async (request) => ({ expired: await state.expireDecisions(request.body) }),
  );
  app.post(
    '/lifetimes',
    {
      schema: {
        tags: ['Admin: QA'],
        security,
        summary: "Short lifetimes (profile, media tokens, decisions) for a viewer's or a device's next TV provider sign-in",
        description:
          'Taken once, by the next authentication that saves a profile for that viewer or device (a device\'s own wins); unused, it lapses after 30 minutes. ' +
          '`profileSeconds`: the profile\'s lifetime. `mediaTokenSeconds`: the lifetime of the media tokens of that profile\'s Permits. ' +
          '`decisionSeconds`: how long that profile\'s MVPD answers are cached and a Permit\'s `notAfter`. Name at least one; the others keep their configured values.',
        body: SetLifetimesBodySchema,
        response: { 201: LifetimeOverrideSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await state.setLifetime(request.body, request.body)),
  );
  app.get(
    '/lifetimes',
    {
      schema: {
        tags: ['Admin: QA'],
        security,
        summary: 'Pending lifetime overrides of a viewer and/or device',
        querystring: Type.Object({ subject: Type.Optional(SafeText(256, 1)), issuer: Type.Optional(SafeText(512, 1)), deviceId: Type.Optional(SafeText(256, 1)) }),
        response: { 200: Type.Object({ overrides: Type.Array(LifetimeOverrideSchema) }), ...errors },
      },
    },
    async (request) => ({ overrides: await state.lifetimes(request.query) }),
  );
  app.get(
    '/facts',
    {
      schema: {
        tags: ['Admin: QA'],
        security,
        summary: 'Subscribers (packages, parental limit) and titles (package, rating): what a test matrix is computed from',
        response: { 200: QaFactsSchema, ...errors },
      },
    },
    async () => facts,
  );
};
