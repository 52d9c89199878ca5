// POST /sso/auths (publisher token) and POST /auths/refresh_token; the admin API for
// customers. Failures use the one error body like everything else.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import { SafeText } from '../../shared/api/safe-text.ts';
import { PassError } from '../http/pass-error.ts';
import { adminGuard } from '../http/admin-auth.ts';
import type { PassContext } from '../context/pass-context.ts';
import type { PublisherSso } from './publisher-sso.ts';

const PairSchema = Type.Object({ jwt: Type.String(), refreshToken: Type.String() });
const tags = ['Publisher SSO'];
const Email = Type.String({ maxLength: 254, pattern: '^[^@\\s\\u0000-\\u001f]+@[^@\\s\\u0000-\\u001f]+$' });

export const ssoRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext; sso: PublisherSso }> = async (app, { ctx, sso }) => {
  app.post(
    '/sso/auths',
    {
      schema: {
        tags,
        summary: "Mint a customer's JWT and refresh token for the publisher's middleware",
        description:
          "Authorization: Bearer <publisher token>. Body: exactly one of customerEmail, externalCustomerId (an existing customer of this publisher) or idpToken (a viewer's access token from this publisher's own identity provider; publishers with autoCreateFromIdp); customerIP is optional and recorded.",
        headers: Type.Object({ authorization: Type.Optional(Type.String()) }),
        body: Type.Object({
          customerEmail: Type.Optional(Email),
          externalCustomerId: Type.Optional(SafeText(128, 1)),
          idpToken: Type.Optional(Type.String({ minLength: 1, maxLength: 8192 })),
          customerIP: Type.Optional(Type.String({ maxLength: 45, pattern: '^[0-9A-Fa-f:.]+$' })),
        }),
        response: { 200: PairSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request) => sso.auths(/^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1], request.body),
  );

  app.post(
    '/auths/refresh_token',
    {
      schema: {
        tags,
        summary: 'Trade a refresh token (once) for a new pair; reusing a spent one revokes its whole family',
        body: Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: PairSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request) => sso.refresh(request.body.refreshToken),
  );

  const requireAdmin = adminGuard(ctx.config);
  if (!requireAdmin) return;
  // Authenticate before anything reads the request: a caller without the token gets 401, never a 400 about its body.
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/admin/')) requireAdmin(request);
  });
  app.post(
    '/admin/customers',
    {
      schema: {
        tags: ['Admin: publisher SSO customers'],
        summary: 'Create a customer for a publisher',
        body: Type.Object({
          publisherId: SafeText(64, 1),
          email: Type.Optional(Email),
          externalId: Type.Optional(SafeText(128, 1)),
          claims: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        }),
        response: { 201: Type.Object({ id: Type.String(), publisherId: Type.String(), email: Type.Union([Type.String(), Type.Null()]), externalId: Type.Union([Type.String(), Type.Null()]) }), '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      const b = request.body;
      if (!ctx.config.publisherSso?.publishers.some((p) => p.id === b.publisherId)) throw new PassError('invalid_request', 'unknown publisherId');
      if (!b.email && !b.externalId) throw new PassError('invalid_request', 'a customer needs an email or an external id');
      const c = await sso.customerStore.create({ publisherId: b.publisherId, email: b.email, externalId: b.externalId, claims: b.claims });
      if (!c) throw new PassError('already_exists', 'a customer with this email or external id exists');
      return reply.status(201).send({ id: c.id, publisherId: c.publisherId, email: c.email, externalId: c.externalId });
    },
  );
};
