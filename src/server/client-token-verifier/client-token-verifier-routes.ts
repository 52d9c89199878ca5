// POST /playgate/v1/client-tokens/verify: the client-access-token verifier as an API (the
// journey view asks it about the token the app holds). No authentication, like the media-token
// verifier: it only says whether a token is ours, valid and of a live registration, and never
// answers with the token.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import type { PassContext } from '../context/pass-context.ts';
import { ClientTokenVerifyRequestSchema, ClientTokenVerifyResultSchema, verifyClientToken } from './client-token-verifier.ts';

export const clientTokenVerifierRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  app.post(
    '/client-tokens/verify',
    {
      schema: {
        tags: ['Token verifiers'],
        summary: 'Verify a client access token (signature, validity, requestor, registration not revoked)',
        description:
          'Answers 200 with `status`: VALID_TOKEN, INVALID_TOKEN_FORMAT, INVALID_SIGNATURE, TOKEN_EXPIRED, UNKNOWN_REQUESTOR or CLIENT_REVOKED — ' +
          'the checks every Pass call makes on its Authorization header — plus `clientId`, `requestor` and `exp` when the token verified.',
        body: ClientTokenVerifyRequestSchema,
        response: { 200: ClientTokenVerifyResultSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return verifyClientToken(ctx, request.body.token);
    },
  );
};
