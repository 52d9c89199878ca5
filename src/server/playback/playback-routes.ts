// /playback/v1: the StreamAMG-style Playback API, and the claim-mapping tester.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import { ClaimsTestRequestSchema, ClaimsTestResponseSchema, PlaybackEntrySchema } from '../../shared/api/playback.ts';
import type { PassContext } from '../context/pass-context.ts';
import { requireClient } from '../context/request-identity.ts';
import { buildRules } from '../entitlement/pipeline.ts';
import { EntitlementStore } from '../entitlement/entitlement-store.ts';
import { FullModeVerifier } from '../tokens/full-mode-verifier.ts';
import { playEntry, preauthorizeEntries } from './playback-service.ts';
import { testClaims } from './claims-tester.ts';

const tags = ['Playback API'];

export const playbackRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  const store = new EntitlementStore(ctx.db);
  const rules = buildRules({ store, mvpdGateway: ctx.mvpdGateway });
  const full = new FullModeVerifier(ctx.fetch);

  app.get(
    '/entry/:entryId',
    {
      schema: {
        tags,
        summary: 'Entry metadata and a tokenised HLS URL, or a Deny with its reason',
        description:
          'Authorization: Bearer <viewer SSO JWT> (partial mode) or <customer entitlement JWT> (full mode). Denials keep their real reason and action: 401 NOT_AUTHENTICATED, 401 TOKEN_ERROR, 403 NO_ENTITLEMENT (nothing grants the entry: buy or upgrade), 404 NO_ENTITY_EXIST; for TV Everywhere entries the MVPD decision: 403 authenticated_profile_missing / authenticated_profile_expired (action authentication), authorization_denied_by_mvpd, authorization_denied_by_parental_controls (action none), network_connection_timeout, network_received_error (action retry).',
        params: Type.Object({ entryId: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: Type.Object({ tenant: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }),
        headers: Type.Object({ authorization: Type.Optional(Type.String()), 'ap-device-identifier': Type.Optional(Type.String()) }),
        response: { 200: PlaybackEntrySchema, '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const device = request.headers['ap-device-identifier'];
      return playEntry(ctx, rules, full, {
        entryId: request.params.entryId,
        tenantId: request.query.tenant,
        authorization: request.headers.authorization,
        deviceHeader: Array.isArray(device) ? device[0] : device,
        trace: request.id,
        log: request.log,
      });
    },
  );

  app.post(
    '/preauthorize',
    {
      schema: {
        tags,
        summary: 'Decisions for several entries at once (catalog badges), never a token',
        headers: Type.Object({ authorization: Type.Optional(Type.String()), 'ap-device-identifier': Type.Optional(Type.String()) }),
        querystring: Type.Object({ tenant: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }),
        body: Type.Object({ entryIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 20 }) }),
        response: {
          200: Type.Object({
            decisions: Type.Array(
              Type.Object({ entryId: Type.String(), authorized: Type.Boolean(), rule: Type.String(), source: Type.String(), code: Type.Optional(Type.String()) }),
            ),
          }),
          '4xx': ErrorBodySchema,
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const device = request.headers['ap-device-identifier'];
      const decisions = await preauthorizeEntries(ctx, rules, full, {
        entryIds: request.body.entryIds,
        tenantId: request.query.tenant,
        authorization: request.headers.authorization,
        deviceHeader: Array.isArray(device) ? device[0] : device,
        trace: request.id,
      });
      return { decisions };
    },
  );

  app.post(
    '/tools/claims-test',
    {
      schema: {
        tags,
        summary: 'Claim-mapping tester: which rule and claim would decide this entry for this JWT (or these claims)',
        description: 'Needs a client access token (Authorization: Bearer, from /o/client/token).',
        body: ClaimsTestRequestSchema,
        response: { 200: ClaimsTestResponseSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request) => {
      await requireClient(ctx, request, ctx.config.requestor.id);
      return testClaims({ config: ctx.config, sso: ctx.sso, store }, request.body);
    },
  );
};
