// Authentication sessions: create, resume, status.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CreateSessionBodySchema, SessionResponseSchema, SessionStatusSchema } from '../../shared/api/pass.ts';
import type { PassContext } from '../context/pass-context.ts';
import { optionalServiceToken, requireClient, requireDevice } from '../context/request-identity.ts';
import { createSession, resumeSession, sessionStatus } from './session-service.ts';
import { Code, errorResponses, PassHeaders, passTags, Sp } from './route-schemas.ts';

export const sessionRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  app.post(
    '/:serviceProvider/sessions',
    {
      schema: {
        tags: passTags,
        summary: 'Create an authentication session',
        params: Type.Object({ serviceProvider: Sp }),
        headers: PassHeaders,
        body: CreateSessionBodySchema,
        response: { 200: SessionResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const client = await requireClient(ctx, request, request.params.serviceProvider);
      const deviceId = requireDevice(request);
      const sso = await optionalServiceToken(ctx, request);
      return createSession(ctx, { ...client, deviceId, sso, ...request.body });
    },
  );

  app.post(
    '/:serviceProvider/sessions/:code',
    {
      schema: {
        tags: passTags,
        summary: 'Resume an authentication session with the parameters it lacked',
        params: Type.Object({ serviceProvider: Sp, code: Code }),
        headers: PassHeaders,
        body: Type.Union([CreateSessionBodySchema, Type.Null()]),
        response: { 200: SessionResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { serviceProvider } = await requireClient(ctx, request, request.params.serviceProvider);
      return resumeSession(ctx, serviceProvider, request.params.code, request.body ?? {});
    },
  );

  app.get(
    '/:serviceProvider/sessions/:code',
    {
      schema: {
        tags: passTags,
        summary: 'What an authentication session has and still lacks',
        params: Type.Object({ serviceProvider: Sp, code: Code }),
        headers: PassHeaders,
        response: { 200: SessionStatusSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { serviceProvider } = await requireClient(ctx, request, request.params.serviceProvider);
      return sessionStatus(ctx, serviceProvider, request.params.code);
    },
  );
};
