// GET /esm/v3 and /esm/v3/{dimension}/…: the ESM v3 compatible monitoring API, for the
// admin (admin token). Computed in the database from the audit rows, sessions and profiles
// (see esm-query.ts), so every instance answers the same and nothing is lost on a restart.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../../shared/api/error-body.ts';
import type { Db } from '../../db/database.ts';
import { parseEsmRequest } from './esm-request.ts';
import { runEsmQuery } from './esm-query.ts';
import { csvBody, csvFileName, halBody } from './esm-format.ts';

const QueryValue = Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })]);
const Querystring = Type.Object(
  {
    start: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 prefix (UTC) or epoch ms; default: by granularity' })),
    end: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 prefix (UTC) or epoch ms; default: now' })),
    metrics: Type.Optional(Type.String({ maxLength: 400, description: 'comma-separated metric names' })),
    limit: Type.Optional(Type.String({ maxLength: 6 })),
    format: Type.Optional(Type.String({ maxLength: 10, description: 'json (default) or csv' })),
  },
  { additionalProperties: QueryValue, description: 'Filters: dim=v, dim=v1&dim=v2, dim!=v; a bare dim adds it to the projection' },
);
const HalLinkSchema = Type.Object({ href: Type.String() });
const EsmBodySchema = Type.Object({
  _links: Type.Object({ self: HalLinkSchema, 'roll-up': Type.Optional(HalLinkSchema), 'drill-down': Type.Optional(Type.Array(HalLinkSchema)) }),
  report: Type.Array(Type.Record(Type.String(), Type.String())),
});

export const esmRoutes: FastifyPluginAsyncTypebox<{ db: Db; requireAdmin: (request: import('fastify').FastifyRequest) => void }> = async (app, { db, requireAdmin }) => {
  app.addHook('onRequest', async (request) => requireAdmin(request));
  const schema = {
    tags: ['Monitoring'],
    summary: 'ESM v3 compatible report: metrics for the dimension path, with HAL roll-up and drill-down links',
    description:
      'Dimensions: year/month/day/hour/minute, mvpd, requestor-id, resource-id, platform, reason, event. Metrics: authn-attempts, authn-successful, authn-failed, ' +
      'authz-attempts, authz-successful, authz-failed, authz-rejected, authz-latency, media-tokens, unique-accounts (+ preauthz-attempts, authz-latency-avg/p50/p95). ' +
      'Format: a .json/.csv extension on the last segment, then ?format=, then Accept.',
    querystring: Querystring,
    response: { 200: Type.Union([EsmBodySchema, Type.String()]), '4xx': ErrorBodySchema },
  };
  const handler = async (request: import('fastify').FastifyRequest<{ Querystring: Record<string, string | string[] | undefined>; Params: { '*'?: string } }>, reply: import('fastify').FastifyReply) => {
    const req = parseEsmRequest(request.params['*'] ?? '', request.query, request.headers.accept);
    const { records, columns } = await runEsmQuery(db, req);
    reply.header('cache-control', 'no-store');
    if (req.format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${csvFileName(req)}"`).send(csvBody(columns, records));
    }
    return reply.type('application/hal+json').send(halBody(req, records));
  };
  app.get('/esm/v3', { schema }, handler);
  app.get('/esm/v3/*', { schema: { ...schema, params: Type.Object({ '*': Type.String({ maxLength: 300 }) }) } }, handler);
};
