// GET /playgate/v1/journey?since=<seq>: the calls the server saw of this device's journey
// (for the journey view, polled about once a second); DELETE forgets them. Needs the
// client access token and AP-Device-Identifier, and answers only for that device.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import { JourneyResponseSchema } from '../../shared/api/journey.ts';
import type { PassContext } from '../context/pass-context.ts';
import { requireClient, requireDevice } from '../context/request-identity.ts';
import type { JourneyLog } from './shared-journey-log.ts';

const tags = ['Journey view'];
const Headers = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <client access token>' })),
  'ap-device-identifier': Type.Optional(Type.String({ description: 'fingerprint <base64 device id>: whose journey' })),
});

export const journeyRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext; recorder: JourneyLog }> = async (app, { ctx, recorder }) => {
  app.get(
    '/journey',
    {
      schema: {
        tags,
        summary: "This device's journey as the servers saw it (shared by every instance): calls with method, path, status and time",
        headers: Headers,
        querystring: Type.Object({ since: Type.Optional(Type.Integer({ minimum: 0, description: 'Only events after this seq' })) }),
        response: { 200: JourneyResponseSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      await requireClient(ctx, request, ctx.config.requestor.id);
      const device = requireDevice(request);
      reply.header('cache-control', 'no-store');
      return recorder.read(device, request.query.since ?? 0);
    },
  );

  app.delete(
    '/journey',
    {
      schema: {
        tags,
        summary: "Forgets this device's journey (the journey view's reset)",
        headers: Headers,
        response: { 200: JourneyResponseSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request) => {
      await requireClient(ctx, request, ctx.config.requestor.id);
      return recorder.reset(requireDevice(request));
    },
  );
};
