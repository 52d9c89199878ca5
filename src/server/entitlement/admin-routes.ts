// /admin/entitlements: grant, list and revoke internal entitlements. Authorised by the
// admin token (see http/admin-auth.ts); without one configured the API does not exist.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import { SafeText } from '../../shared/api/safe-text.ts';
import { PassError } from '../http/pass-error.ts';
import type { PassContext } from '../context/pass-context.ts';
import { EntitlementStore } from './entitlement-store.ts';
import { adminGuard } from '../http/admin-auth.ts';

const GrantSchema = Type.Object({
  id: Type.String(),
  issuer: Type.String(),
  subject: Type.String(),
  entitlement: Type.String(),
  kind: Type.String(),
  notBefore: Type.Integer(),
  notAfter: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.Integer(),
  revokedAt: Type.Union([Type.Integer(), Type.Null()]),
});
const tags = ['Admin: internal entitlements'];

export const entitlementAdminRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  const requireAdmin = adminGuard(ctx.config);
  if (!requireAdmin) return;
  // Authenticate before anything reads the request: a caller without the token gets 401, never a 400 about its body.
  app.addHook('onRequest', async (request) => requireAdmin(request));
  const store = new EntitlementStore(ctx.db);

  app.get(
    '/entitlements',
    {
      schema: {
        tags,
        summary: 'List grants (optionally for one viewer)',
        querystring: Type.Object({ issuer: Type.Optional(SafeText(512, 1)), subject: Type.Optional(SafeText(256, 1)) }),
        response: { 200: Type.Object({ grants: Type.Array(GrantSchema) }), '4xx': ErrorBodySchema },
      },
    },
    async (request) => {
      requireAdmin(request);
      return { grants: await store.list(request.query) };
    },
  );

  app.post(
    '/entitlements',
    {
      schema: {
        tags,
        summary: 'Grant an entitlement (a purchase or a subscription) to a viewer; idempotent',
        description:
          'At most one active (not revoked) grant exists per issuer, subject, entitlement, kind and notAfter. ' +
          '201: this call created it. 200: an identical active grant exists and is answered (same id) — an explicit ' +
          'notBefore must equal its notBefore; an omitted notBefore means "from now", met by a grant already open. ' +
          '409 already_exists: an active grant with that identity but another notBefore exists (details names it; revoke it first).',
        body: Type.Object({
          issuer: Type.Optional(SafeText(512, 1)),
          subject: SafeText(256, 1),
          entitlement: SafeText(128, 1),
          kind: Type.Union([Type.Literal('purchase'), Type.Literal('subscription')]),
          notBefore: Type.Optional(Type.Integer({ minimum: 0 })),
          notAfter: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        response: { 200: GrantSchema, 201: GrantSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      const b = request.body;
      if (b.notAfter !== undefined && b.notAfter <= (b.notBefore ?? Date.now())) throw new PassError('invalid_request', 'notAfter must be after notBefore');
      const { outcome, grant } = await store.grant({ ...b, issuer: b.issuer ?? ctx.config.idp.issuer });
      if (outcome === 'conflict') throw new PassError('already_exists', `active grant ${grant.id} has this issuer, subject, entitlement, kind and notAfter but notBefore ${grant.notBefore}; revoke it first`);
      return reply.status(outcome === 'created' ? 201 : 200).send(grant);
    },
  );

  app.delete(
    '/entitlements/:id',
    {
      schema: {
        tags,
        summary: 'Revoke a grant',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Object({ revoked: Type.Boolean() }), '4xx': ErrorBodySchema },
      },
    },
    async (request) => {
      requireAdmin(request);
      if (!(await store.revoke(request.params.id))) throw new PassError('not_found', 'no active grant with this id');
      return { revoked: true };
    },
  );
};
