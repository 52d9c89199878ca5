// POST /playgate/v1/tokens/verify: one verifier for any token the journey view shows. No
// authentication, like the media- and client-token verifiers: it says only whether Playgate
// would accept the token and why not, and never answers with the token.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import type { PassContext } from '../context/pass-context.ts';
import { TOKEN_STATUSES, TokenVerifyResultSchema } from '../../shared/api/token-verify.ts';
import { TokenVerifyRequestSchema, verifyAnyToken } from './token-verifier.ts';

export const tokenVerifierRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  app.post(
    '/tokens/verify',
    {
      schema: {
        tags: ['Token verifiers'],
        summary: 'Verify any token: what Playgate itself would decide about it',
        description:
          'Picks the verifier Playgate uses for the token — by issuer and `typ`: its client access tokens (client-token verifier), media tokens ' +
          '(media-token verifier, the token is not spent), its other tokens (token service), customer tokens and SSO tokens of any issuer ' +
          '(the SSO verifier of the decision path) — and answers 200 with `status`: ' +
          `${TOKEN_STATUSES.join(', ')}; ` +
          'plus `kind`, `verifier`, `checks`, and `reason` when not valid. A body that is not a JWT is a 400 in the error format.',
        body: TokenVerifyRequestSchema,
        response: { 200: TokenVerifyResultSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return verifyAnyToken(ctx, request.body.token, request.body.resource);
    },
  );
};
