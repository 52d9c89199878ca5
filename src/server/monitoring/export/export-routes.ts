// GET /playgate/v1/decisions?since=…: the decision log as NDJSON (admin token).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../../shared/api/error-body.ts';
import type { Db } from '../../db/database.ts';
import { PassError } from '../../http/pass-error.ts';
import { parseTime } from '../esm/esm-request.ts';
import { exportDecisions } from './decision-export.ts';

const MAX_LIMIT = 1_000_000;
const DEFAULT_LIMIT = 100_000;

export const exportRoutes: FastifyPluginAsyncTypebox<{ db: Db; requireAdmin: (request: FastifyRequest) => void }> = async (app, { db, requireAdmin }) => {
  app.addHook('onRequest', async (request) => requireAdmin(request));
  app.get(
    '/decisions',
    {
      schema: {
        tags: ['Monitoring'],
        summary: 'Every decision of a time range with its trace, as NDJSON (one JSON object per line), oldest first',
        description: 'Devices appear only as their stable hash; tokens never. since/until: epoch ms or an ISO 8601 prefix (UTC); until defaults to now.',
        querystring: Type.Object({
          since: Type.String({ minLength: 4, maxLength: 40 }),
          until: Type.Optional(Type.String({ minLength: 4, maxLength: 40 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
        }),
        response: { 200: Type.String({ description: 'application/x-ndjson' }), '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const since = parseTime(request.query.since, 'since', false);
      const until = request.query.until !== undefined ? parseTime(request.query.until, 'until', false) : Date.now();
      if (!(since < until)) throw new PassError('invalid_request', 'since must be before until');
      const name = `decisions_${new Date(since).toISOString().slice(0, 19).replace(/:/g, '')}.ndjson`;
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(exportDecisions(db, { since, until, limit: request.query.limit ?? DEFAULT_LIMIT }) as unknown as string);
    },
  );
};
