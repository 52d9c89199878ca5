// GET /playgate/v1/traces/{trace}: how a request's decisions were reached (rule, claim,
// MVPD answer and latency, cache), for the journey view. Needs a client access token.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import { PassError } from '../http/pass-error.ts';
import type { PassContext } from '../context/pass-context.ts';
import { requireClient } from '../context/request-identity.ts';
import { findDecisionTrace } from './decision-audit.ts';

const TraceSchema = Type.Object({
  trace: Type.String(),
  decisions: Type.Array(
    Type.Object({
      at: Type.Integer(),
      resource: Type.String(),
      mvpd: Type.String(),
      decision: Type.String(),
      source: Type.String(),
      rule: Type.Union([Type.String(), Type.Null()]),
      errorCode: Type.Union([Type.String(), Type.Null()]),
      latencyMs: Type.Integer(),
      details: Type.Unknown(),
    }),
  ),
});

export const traceRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  app.get(
    '/traces/:trace',
    {
      schema: {
        tags: ['Decision traces'],
        summary: 'The decisions made under a trace id, each with the rule that decided and why',
        params: Type.Object({ trace: Type.String({ pattern: '^[0-9a-f]{16}$' }) }),
        response: { 200: TraceSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request) => {
      const { serviceProvider } = await requireClient(ctx, request, ctx.config.requestor.id);
      const decisions = await findDecisionTrace(ctx.db, serviceProvider, request.params.trace);
      if (decisions.length === 0) throw new PassError('not_found', 'no decision under this trace id');
      return { trace: request.params.trace, decisions: decisions.map(({ trace: _t, ...d }) => d) };
    },
  );
};
