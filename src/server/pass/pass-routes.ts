// /api/v2: the viewer-facing API, shaped like Adobe Pass REST API v2. Handlers only
// read the request and delegate; the services own the rules.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import {
  ConfigurationResponseSchema,
  CreateSessionBodySchema,
  DecisionRequestSchema,
  DecisionsResponseSchema,
  ProfilesResponseSchema,
  SessionResponseSchema,
} from '../../shared/api/pass.ts';
import { PassError } from '../http/pass-error.ts';
import { mvpdRule } from '../entitlement/rules/mvpd-rule.ts';
import type { PassContext } from './pass-context.ts';
import { optionalServiceToken, requireClient, requireDevice } from './request-identity.ts';
import { createSession } from './session-service.ts';
import { finishAuthentication, startAuthentication } from './authenticate-service.ts';
import { ProfileStore } from './profile-store.ts';
import { SessionStore } from './session-store.ts';
import { profilesResponse } from './profile-view.ts';
import { authorize } from './decision-service.ts';
import { renderPage, escapeHtml } from '../oidc/html-page.ts';
import { ERROR_CODES } from '../../shared/error-codes.ts';

const Sp = Type.String({ minLength: 1, maxLength: 64 });
const Code = Type.String({ minLength: 1, maxLength: 64 });
const Mvpd = Type.String({ minLength: 1, maxLength: 64 });
const PassHeaders = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <client access token from /o/client/token>' })),
  'ap-device-identifier': Type.Optional(Type.String({ description: 'fingerprint <base64 device id>' })),
  'ad-service-token': Type.Optional(Type.String({ description: "The viewer's SSO token (JWS)" })),
});
const errors = { '4xx': ErrorBodySchema };
const tags = ['Pass API v2'];

export const passRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  const rules = [mvpdRule(ctx.mvpdGateway)];

  app.get(
    '/:serviceProvider/configuration',
    { schema: { tags, summary: 'Service provider configuration', params: Type.Object({ serviceProvider: Sp }), headers: PassHeaders, response: { 200: ConfigurationResponseSchema, ...errors } } },
    async (request, reply) => {
      await requireClient(ctx, request, request.params.serviceProvider);
      const { requestor, mvpds } = ctx.config;
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
            })),
        },
      };
    },
  );

  app.post(
    '/:serviceProvider/sessions',
    {
      schema: {
        tags,
        summary: 'Create an authentication session',
        params: Type.Object({ serviceProvider: Sp }),
        headers: PassHeaders,
        body: CreateSessionBodySchema,
        response: { 200: SessionResponseSchema, ...errors },
      },
    },
    async (request) => {
      const client = await requireClient(ctx, request, request.params.serviceProvider);
      const deviceId = requireDevice(request);
      const sso = await optionalServiceToken(ctx, request);
      return createSession(ctx, { ...client, deviceId, sso, ...request.body });
    },
  );

  app.get(
    '/authenticate/:serviceProvider/:code',
    { schema: { tags, summary: 'Authenticate in a user agent (302 to the MVPD login)', params: Type.Object({ serviceProvider: Sp, code: Code }) } },
    async (request, reply) => {
      try {
        return reply.redirect(await startAuthentication(ctx, request.params.serviceProvider, request.params.code), 302);
      } catch (err) {
        return sendErrorPage(reply, err, request.id);
      }
    },
  );

  app.get(
    '/authenticate/callback',
    { schema: { hide: true, querystring: Type.Object({ state: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: true }) } },
    async (request, reply) => {
      try {
        return reply.redirect(await finishAuthentication(ctx, new URL(request.url, ctx.config.app.publicUrl)), 302);
      } catch (err) {
        return sendErrorPage(reply, err, request.id);
      }
    },
  );

  app.get(
    '/:serviceProvider/profiles',
    { schema: { tags, summary: "The viewer's profiles", params: Type.Object({ serviceProvider: Sp }), headers: PassHeaders, response: { 200: ProfilesResponseSchema, ...errors } } },
    async (request) => {
      const { serviceProvider } = await requireClient(ctx, request, request.params.serviceProvider);
      const deviceId = requireDevice(request);
      const sso = await optionalServiceToken(ctx, request);
      return profilesResponse(await new ProfileStore(ctx.db).findLive({ requestor: serviceProvider, deviceId, sso }));
    },
  );

  app.get(
    '/:serviceProvider/profiles/code/:code',
    {
      schema: {
        tags,
        summary: 'The profile created by an authentication code (poll until it appears)',
        params: Type.Object({ serviceProvider: Sp, code: Code }),
        headers: PassHeaders,
        response: { 200: ProfilesResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { serviceProvider } = await requireClient(ctx, request, request.params.serviceProvider);
      const session = await new SessionStore(ctx.db).findLive(serviceProvider, request.params.code);
      if (!session) throw new PassError('invalid_parameter_code', 'the code is unknown or expired');
      if (session.status !== 'authenticated' || !session.profile_id) return { profiles: {} };
      const profile = await new ProfileStore(ctx.db).findById(session.profile_id);
      if (!profile || profile.notAfter <= Date.now()) return { profiles: {} };
      return profilesResponse([{ profile, type: 'regular' }]);
    },
  );

  app.post(
    '/:serviceProvider/decisions/authorize/:mvpd',
    {
      schema: {
        tags,
        summary: 'Authorization decision (one resource) with a media token on Permit',
        params: Type.Object({ serviceProvider: Sp, mvpd: Mvpd }),
        headers: PassHeaders,
        body: DecisionRequestSchema,
        response: { 200: Type.Intersect([DecisionsResponseSchema, Type.Object({ trace: Type.Optional(Type.Array(Type.Unknown())) })]), ...errors },
      },
    },
    async (request) => {
      const { serviceProvider } = await requireClient(ctx, request, request.params.serviceProvider);
      const deviceId = requireDevice(request);
      const sso = await optionalServiceToken(ctx, request);
      return authorize(ctx, rules, { serviceProvider, mvpdId: request.params.mvpd, deviceId, sso, resources: request.body.resources, trace: request.id });
    },
  );
};

/** The user-agent leg ends in a browser: answer with a readable page, not JSON. */
function sendErrorPage(reply: import('fastify').FastifyReply, err: unknown, trace: string) {
  if (!(err instanceof PassError)) throw err;
  reply.request.log.info({ trace, code: err.code, details: err.details }, 'authentication refused');
  return reply
    .status(err.status)
    .type('text/html')
    .send(
      renderPage({
        title: 'Sign-in with your TV provider failed',
        body: `<h1>Sign-in with your TV provider failed</h1>
<p class="error" role="alert">${escapeHtml(ERROR_CODES[err.code].message)}</p>
${err.details ? `<p>${escapeHtml(err.details)}</p>` : ''}
<p class="hint">Close this window and try again from the app. Error <code>${escapeHtml(err.code)}</code>, trace <code>${escapeHtml(trace)}</code>.</p>`,
      }),
    );
}
