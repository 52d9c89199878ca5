// POST /o/client/register and /o/client/token (Adobe's dcrApi.json).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import { AccessTokenResponseSchema, ClientApplicationSchema, RegisterRequestSchema, TokenRequestSchema } from '../../shared/api/dcr.ts';
import { issueClientToken, registerClient } from './dcr-service.ts';
import type { PassContext } from '../context/pass-context.ts';

export const dcrRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  app.post(
    '/register',
    {
      schema: {
        tags: ['Dynamic Client Registration'],
        summary: 'Register a client application with a software statement',
        body: RegisterRequestSchema,
        response: { 201: ClientApplicationSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => reply.status(201).send(await registerClient(ctx, request.body.software_statement, request.body.redirect_uri)),
  );

  app.post(
    '/token',
    {
      schema: {
        tags: ['Dynamic Client Registration'],
        summary: 'Get a client access token for client credentials',
        description: 'Parameters in the query string (as in the OpenAPI) or a form body.',
        querystring: TokenRequestSchema,
        body: { ...TokenRequestSchema, nullable: true } as typeof TokenRequestSchema,
        response: { 201: AccessTokenResponseSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => reply.status(201).send(await issueClientToken(ctx, { ...request.query, ...(request.body ?? {}) })),
  );
};
