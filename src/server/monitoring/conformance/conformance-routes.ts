// GET /playgate/v1/conformance/{client_id}: the REST v2 rules a client broke (admin token).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../../shared/api/error-body.ts';
import { PassError } from '../../http/pass-error.ts';
import type { ConformanceCheck } from './conformance-check.ts';
import { CONFORMANCE_RULE_NAMES } from './conformance-rules.ts';

const ReportSchema = Type.Object({
  clientId: Type.String(),
  /** Stored warnings are counted at most once per minute per device and rule; /metrics counts every occurrence. */
  warnings: Type.Array(
    Type.Object({
      rule: Type.Union(CONFORMANCE_RULE_NAMES.map((r) => Type.Literal(r))),
      description: Type.String(),
      count: Type.Integer(),
      firstAt: Type.Integer(),
      lastAt: Type.Integer(),
      detail: Type.String(),
      devices: Type.Integer(),
    }),
  ),
});

export const conformanceRoutes: FastifyPluginAsyncTypebox<{ conformance: ConformanceCheck; requireAdmin: (request: FastifyRequest) => void; clientExists: (clientId: string) => Promise<boolean> }> = async (app, { conformance, requireAdmin, clientExists }) => {
  app.addHook('onRequest', async (request) => requireAdmin(request));
  app.get(
    '/conformance/:client_id',
    {
      schema: {
        tags: ['Monitoring'],
        summary: "The Adobe REST v2 rules a registered client broke, per rule (admin token)",
        params: Type.Object({ client_id: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._~-]+$' }) }),
        response: { 200: ReportSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request) => {
      if (!(await clientExists(request.params.client_id))) throw new PassError('not_found', 'no client registered under this id');
      return conformance.report(request.params.client_id);
    },
  );
};
