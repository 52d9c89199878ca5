// POST /playgate/v1/media-tokens/verify: the media-token verifier as an API for
// integrators. No authentication: it only tells whether a token is ours and valid, and
// answers with the status and a few claims, never the token.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import type { TokenService } from '../tokens/token-service.ts';
import { verifyMediaToken, VerifyRequestSchema, VerifyResultSchema } from './media-token-verifier.ts';

export const verifierRoutes: FastifyPluginAsyncTypebox<{ tokens: TokenService }> = async (app, { tokens }) => {
  app.post(
    '/media-tokens/verify',
    {
      schema: {
        tags: ['Media token verifier'],
        summary: 'Verify a media token (signature, validity, resource)',
        description:
          'Answers 200 with `status`: VALID_TOKEN, INVALID_TOKEN_FORMAT, INVALID_SIGNATURE, TOKEN_EXPIRED or INVALID_RESOURCE_ID ' +
          '(the statuses of Adobe’s media-token verifier), plus `resource`, `requestor` and `exp` when the token verified. ' +
          'It does not spend the token.',
        body: VerifyRequestSchema,
        response: { 200: VerifyResultSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return verifyMediaToken(tokens, request.body.token, request.body.resource);
    },
  );
};
