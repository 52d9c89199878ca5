// DELETE /admin/profiles?subject=…[&issuer=…]: forget every MVPD profile shared through a
// viewer's SSO identity (support requests, data deletion, resetting demo and QA
// viewers), with the decisions cached for them. Admin token required.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import { SafeText } from '../../shared/api/safe-text.ts';
import { adminGuard } from '../http/admin-auth.ts';
import type { PassContext } from '../context/pass-context.ts';
import { DecisionCache } from './decision-cache.ts';

export const adminProfileRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  const requireAdmin = adminGuard(ctx.config);
  if (!requireAdmin) return;
  // Authenticate before anything reads the request: a caller without the token gets 401, never a 400 about its body.
  app.addHook('onRequest', async (request) => requireAdmin(request));
  app.delete(
    '/profiles',
    {
      schema: {
        tags: ['Admin: profiles'],
        summary: "Delete a viewer's SSO-shared MVPD profiles",
        querystring: Type.Object({ subject: SafeText(256, 1), issuer: Type.Optional(SafeText(512, 1)) }),
        response: { 200: Type.Object({ deleted: Type.Integer() }), '4xx': ErrorBodySchema },
      },
    },
    async (request) => {
      requireAdmin(request);
      const issuer = request.query.issuer ?? ctx.config.idp.issuer;
      const rows = await ctx.db
        .deleteFrom('profiles')
        .where('requestor', '=', ctx.config.requestor.id)
        .where('sso_issuer', '=', issuer)
        .where('sso_subject', '=', request.query.subject)
        .returning('id')
        .execute();
      await new DecisionCache(ctx.db).dropProfile(rows.map((r) => r.id));
      return { deleted: rows.length };
    },
  );
};
