// Decisions: authorize (one resource, with a media token on Permit) and preauthorize
// (up to five, never a token).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DecisionRequestSchema, DecisionsResponseSchema } from '../../shared/api/pass.ts';
import { buildRules } from '../entitlement/pipeline.ts';
import { EntitlementStore } from '../entitlement/entitlement-store.ts';
import type { PassContext } from '../context/pass-context.ts';
import { optionalServiceToken, requireClient, requireDevice } from '../context/request-identity.ts';
import { decideResources, type DecisionKind } from './decision-service.ts';
import { errorResponses, Mvpd, PassHeaders, passTags, Sp } from './route-schemas.ts';
import { platformOf } from '../monitoring/platform.ts';

const DecisionsWithTraceSchema = Type.Intersect([DecisionsResponseSchema, Type.Object({ trace: Type.Optional(Type.Array(Type.Unknown())) })]);

export const decisionRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  const rules = buildRules({ store: new EntitlementStore(ctx.db), mvpdGateway: ctx.mvpdGateway });
  const summaries: Record<DecisionKind, string> = {
    authorize: 'Authorization decision for one resource, with a media token on Permit',
    preauthorize: 'Pre-authorization decisions for up to five resources (never a token)',
  };
  for (const kind of ['authorize', 'preauthorize'] as const) {
    app.post(
      `/:serviceProvider/decisions/${kind}/:mvpd`,
      {
        schema: {
          tags: passTags,
          summary: summaries[kind],
          description: 'Resources are plain ids or MRSS documents. A Deny is HTTP 200 with an item-level error.',
          params: Type.Object({ serviceProvider: Sp, mvpd: Mvpd }),
          headers: PassHeaders,
          body: DecisionRequestSchema,
          response: { 200: DecisionsWithTraceSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { serviceProvider } = await requireClient(ctx, request, request.params.serviceProvider);
        const deviceId = requireDevice(request);
        const sso = await optionalServiceToken(ctx, request);
        return decideResources(ctx, rules, { kind, serviceProvider, mvpdId: request.params.mvpd, deviceId, sso, resources: request.body.resources, trace: request.id, log: request.log, platform: platformOf(request.headers['x-device-info']), tempPassIdentity: request.headers['ap-temppass-identity'] });
      },
    );
  }
};
