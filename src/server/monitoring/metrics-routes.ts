// GET /metrics: the Prometheus text exposition of this instance's registry, behind the
// admin token (a scraper sends it as a bearer token: `authorization` in the scrape config).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import type { PlaygateMetrics } from './metrics.ts';

export const metricsRoutes: FastifyPluginAsyncTypebox<{ metrics: PlaygateMetrics; requireAdmin: (request: FastifyRequest) => void }> = async (app, { metrics, requireAdmin }) => {
  app.addHook('onRequest', async (request) => requireAdmin(request));
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['Monitoring'],
        summary: 'Prometheus metrics of this instance (admin token)',
        response: { 200: Type.String({ description: 'Prometheus text format 0.0.4' }), '4xx': ErrorBodySchema },
      },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.header('cache-control', 'no-store').type(metrics.registry.contentType).send(text);
    },
  );
};
