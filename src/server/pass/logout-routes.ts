// GET /api/v2/{sp}/logout/{mvpd}: forget the viewer's MVPD sign-in.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { LogoutResponseSchema } from '../../shared/api/pass.ts';
import { SafeText } from '../../shared/api/safe-text.ts';
import type { PassContext } from '../context/pass-context.ts';
import { optionalServiceToken, requireClient, requireDevice } from '../context/request-identity.ts';
import { logout } from './logout-service.ts';
import { errorResponses, Mvpd, PassHeaders, passTags, Sp } from './route-schemas.ts';

export const logoutRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  app.get(
    '/:serviceProvider/logout/:mvpd',
    {
      schema: {
        tags: passTags,
        summary: "Log out of an MVPD: deletes this device's profile (and, with a service token, the SSO profiles)",
        params: Type.Object({ serviceProvider: Sp, mvpd: Mvpd }),
        querystring: Type.Object({ redirectUrl: Type.Optional(SafeText(2048)) }),
        headers: PassHeaders,
        response: { 200: LogoutResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { serviceProvider } = await requireClient(ctx, request, request.params.serviceProvider);
      const deviceId = requireDevice(request);
      const sso = await optionalServiceToken(ctx, request);
      return logout(ctx, { serviceProvider, mvpdId: request.params.mvpd, deviceId, sso, redirectUrl: request.query.redirectUrl });
    },
  );
};
