// The viewer's profiles: all, for one MVPD, or the one an authentication code created.
// The by-code endpoint is what apps poll during a login, so it is rate-limited per device.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ProfilesResponseSchema } from '../../shared/api/pass.ts';
import { parseDeviceIdentifier } from '../../shared/device-identifier.ts';
import { PassError } from '../http/pass-error.ts';
import type { PassContext } from '../context/pass-context.ts';
import { optionalServiceToken, requireClient, requireDevice } from '../context/request-identity.ts';
import { ProfileStore } from './profile-store.ts';
import { SessionStore } from './session-store.ts';
import { profilesResponse } from './profile-view.ts';
import { degradationRulesFor } from '../degradation/degradation-rules.ts';
import { degradedProfile } from '../degradation/degraded-profile.ts';
import { tempPassFor } from '../temp-pass/temp-pass-config.ts';
import { tempPassIdentity } from '../temp-pass/temp-pass-identity.ts';
import { tempPassProfile } from '../temp-pass/temp-pass-profile.ts';
import { Code, errorResponses, Mvpd, PassHeaders, passTags, Sp } from './route-schemas.ts';

const DEFAULT_POLL_LIMIT = { pollRatePerSecond: 1, pollBurst: 10 };

export const profileRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  const limits = ctx.config.limits ?? DEFAULT_POLL_LIMIT;

  app.get(
    '/:serviceProvider/profiles',
    { schema: { tags: passTags, summary: "The viewer's profiles", params: Type.Object({ serviceProvider: Sp }), headers: PassHeaders, response: { 200: ProfilesResponseSchema, ...errorResponses } } },
    async (request) => {
      const { serviceProvider } = await requireClient(ctx, request, request.params.serviceProvider);
      const deviceId = requireDevice(request);
      const sso = await optionalServiceToken(ctx, request);
      return profilesResponse(await new ProfileStore(ctx.db).findLive({ requestor: serviceProvider, deviceId, sso }));
    },
  );

  app.get(
    '/:serviceProvider/profiles/:mvpd',
    {
      schema: {
        tags: passTags,
        summary: "The viewer's profile for one MVPD",
        params: Type.Object({ serviceProvider: Sp, mvpd: Mvpd }),
        headers: PassHeaders,
        response: { 200: ProfilesResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { serviceProvider } = await requireClient(ctx, request, request.params.serviceProvider);
      const deviceId = requireDevice(request);
      const tempPass = tempPassFor(ctx.config, request.params.mvpd);
      if (tempPass && !ctx.config.mvpds.some((m) => m.id === tempPass.id)) return tempPassProfile(ctx, tempPass, serviceProvider, deviceId, tempPassIdentity(request));
      const mvpd = ctx.config.mvpds.find((m) => m.id === request.params.mvpd);
      if (!mvpd) throw new PassError('invalid_integration', `no integration with "${request.params.mvpd.slice(0, 64)}"`);
      const sso = await optionalServiceToken(ctx, request);
      const found = await new ProfileStore(ctx.db).findLive({ requestor: serviceProvider, deviceId, sso, mvpd: mvpd.id });
      // AuthNAll without a real profile: Adobe's "degraded" profile, valid while the rule is.
      const rule = found.length === 0 ? degradationRulesFor(ctx.db).ruleFor(serviceProvider, mvpd.id) : undefined;
      if (rule?.rule === 'AuthNAll') return { profiles: { [mvpd.id]: degradedProfile(rule, deviceId) } };
      return profilesResponse(found);
    },
  );

  app.get(
    '/:serviceProvider/profiles/code/:code',
    {
      schema: {
        tags: passTags,
        summary: 'The profile created by an authentication code (poll every 3–5 s until it appears)',
        description: 'Rate-limited per device (or per client without AP-Device-Identifier): about 1 request/s, burst 10; over that, 429.',
        params: Type.Object({ serviceProvider: Sp, code: Code }),
        headers: PassHeaders,
        response: { 200: ProfilesResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { serviceProvider, clientId } = await requireClient(ctx, request, request.params.serviceProvider);
      const raw = request.headers['ap-device-identifier'];
      const device = parseDeviceIdentifier(Array.isArray(raw) ? raw[0] : raw);
      const key = device ? `profiles-code:device:${device}` : `profiles-code:client:${clientId}`;
      if (!(await ctx.rateLimiter.take(key, { ratePerSecond: limits.pollRatePerSecond, burst: limits.pollBurst }))) {
        // The `retry-after` action points the app at this header: when one token is back.
        reply.header('retry-after', String(Math.max(1, Math.ceil(1 / limits.pollRatePerSecond))));
        throw new PassError('too_many_requests', 'poll profiles/code every 3–5 seconds');
      }
      const session = await new SessionStore(ctx.db).findLive(serviceProvider, request.params.code);
      if (!session) throw new PassError('invalid_parameter_code', 'the code is unknown or expired');
      if (session.status !== 'authenticated' || !session.profile_id) return { profiles: {} };
      const profile = await new ProfileStore(ctx.db).findById(session.profile_id);
      if (!profile || profile.notAfter <= Date.now()) return { profiles: {} };
      return profilesResponse([{ profile, type: 'regular' }]);
    },
  );
};
