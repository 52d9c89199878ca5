// The demo publisher middleware (the publisher's part, hosted here for the demo): once a
// viewer has signed in at the IdP, it exchanges the viewer's IdP token for a Playgate
// customer token pair by calling /sso/auths server side. The publisher token stays here;
// the browser only ever sees the resulting pair.
import { readClaimPath } from '../../shared/claims/entitlement-claims.ts';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import { PassError } from '../http/pass-error.ts';
import type { PassContext } from '../context/pass-context.ts';

export const DEMO_EXCHANGE_PATH = '/demo-middleware/sso/exchange';

export const demoMiddlewareRoutes: FastifyPluginAsync<{ ctx: PassContext; app: FastifyInstance }> = async (scope, { ctx, app }) => {
  const middleware = ctx.config.publisherSso?.demoMiddleware;
  if (!middleware) return;
  scope.post(
    DEMO_EXCHANGE_PATH,
    {
      schema: {
        tags: ['Demo publisher middleware'],
        summary: "Exchange the viewer's IdP access token for a customer token pair (the publisher token stays server side)",
        headers: Type.Object({ authorization: Type.Optional(Type.String()) }),
        response: { 200: Type.Object({ jwt: Type.String(), refreshToken: Type.String() }), '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (!bearer) throw new PassError('NOT_AUTHENTICATED', 'send the IdP access token as Authorization: Bearer');
      let viewer;
      try {
        viewer = await ctx.sso.verify(bearer);
      } catch (err) {
        throw new PassError('TOKEN_ERROR', (err as Error).message);
      }
      // Only the publisher's own identity provider vouches for a viewer here.
      // Which access-token claim carries the email is the provider's choice (idp.emailClaim).
      const emailClaim = ctx.config.idp.emailClaim ?? 'email';
      const email = readClaimPath(viewer, emailClaim);
      if (viewer.iss !== ctx.config.idp.issuer || typeof email !== 'string') throw new PassError('TOKEN_ERROR', `an IdP access token with an email in "${emailClaim}" is required`);
      // Server to server, as a real middleware would call Playgate.
      const res = await app.inject({
        method: 'POST',
        url: '/sso/auths',
        headers: { authorization: `Bearer ${middleware.publisherToken}`, 'content-type': 'application/json' },
        // The viewer's token itself, not just its email: the customer is keyed by (publisher,
        // issuer, subject), and its claims are what this IdP asserts for this viewer.
        payload: { idpToken: bearer, customerIP: request.ip },
      });
      return reply.status(res.statusCode).type('application/json').send(res.body);
    },
  );
};
