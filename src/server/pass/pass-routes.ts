// /api/v2: the viewer-facing API, shaped like Adobe Pass REST API v2. One plugin per
// area; handlers read the request and delegate, the services own the rules.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PassContext } from '../context/pass-context.ts';
import { configurationRoutes } from './configuration-routes.ts';
import { sessionRoutes } from './session-routes.ts';
import { authenticateRoutes } from './authenticate-routes.ts';
import { profileRoutes } from './profile-routes.ts';
import { decisionRoutes } from './decision-routes.ts';
import { logoutRoutes } from './logout-routes.ts';

export const passRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  for (const routes of [configurationRoutes, sessionRoutes, authenticateRoutes, profileRoutes, decisionRoutes, logoutRoutes]) {
    await app.register(routes, { ctx });
  }
};
