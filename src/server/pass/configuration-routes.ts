// GET /api/v2/{sp}/configuration: the requestor, its domains and its MVPDs.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ConfigurationResponseSchema } from '../../shared/api/pass.ts';
import type { PassContext } from '../context/pass-context.ts';
import { requireClient } from '../context/request-identity.ts';
import { errorResponses, PassHeaders, passTags, Sp } from './route-schemas.ts';

export const configurationRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  app.get(
    '/:serviceProvider/configuration',
    {
      schema: {
        tags: passTags,
        summary: 'Service provider configuration',
        params: Type.Object({ serviceProvider: Sp }),
        headers: PassHeaders,
        response: { 200: ConfigurationResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await requireClient(ctx, request, request.params.serviceProvider);
      const { requestor, mvpds } = ctx.config;
      // The same for every client of the requestor, and rarely changed: cacheable.
      reply.header('cache-control', 'private, max-age=300');
      return {
        requestor: {
          id: requestor.id,
          name: requestor.name,
          domains: requestor.domains.map((name) => ({ name, mvpdInitiated: false })),
          mvpds: mvpds
            .filter((m) => m.enabled !== false)
            .map((m) => ({
              id: m.id,
              displayName: m.displayName,
              logoUrl: new URL(m.logo, ctx.config.app.publicUrl).href,
              isTempPass: false,
              isProxy: false,
              boardingStatus: 'supportsAuthn',
              displayInPlatformPicker: true,
              enablePlatformServices: false,
            }))
            .concat(
              // TempPass pseudo-MVPDs. A promotional one needs the viewer's identity: not shown in a generic picker.
              (ctx.config.tempPass ?? []).map((t) => ({
                id: t.id,
                displayName: t.displayName,
                logoUrl: new URL(t.logo ?? '/favicon.svg', ctx.config.app.publicUrl).href,
                isTempPass: true,
                isProxy: false,
                boardingStatus: 'supportsAuthn',
                displayInPlatformPicker: t.kind === 'basic',
                enablePlatformServices: false,
              })),
            ),
        },
      };
    },
  );
};
