// Partner single sign-on routes (Adobe's "6. Partner Single Sign-On"): POST
// sessions/sso/{partner} and profiles/sso/{partner}, with the AP-Partner-Framework-Status
// header. Handlers read the request; partner-sso-service.ts owns the rules.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PartnerProfileBodySchema, PartnerSessionBodySchema, PartnerSessionResponseSchema, ProfilesResponseSchema } from '../../shared/api/pass.ts';
import type { PassContext } from '../context/pass-context.ts';
import { optionalServiceToken, requireClient, requireDevice } from '../context/request-identity.ts';
import type { PartnerFrameworks } from '../partner-sso/partner-frameworks.ts';
import { partnerProfile, partnerSession } from './partner-sso-service.ts';
import { errorResponses, PassHeaders, passTags, Sp } from './route-schemas.ts';

const Partner = Type.String({ minLength: 1, maxLength: 32, description: 'The partner that provides the single sign-on framework, e.g. Apple' });
const PartnerHeaders = Type.Composite([
  PassHeaders,
  Type.Object({
    'ap-partner-framework-status': Type.Optional(
      Type.String({ maxLength: 8192, description: 'Base64 JSON: frameworkPermissionInfo.accessStatus, frameworkProviderInfo {id, expirationDate (epoch ms)}' }),
    ),
  }),
]);

export const partnerSsoRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext; partners: PartnerFrameworks }> = async (app, { ctx, partners }) => {
  app.post(
    '/:serviceProvider/sessions/sso/:partner',
    {
      schema: {
        tags: passTags,
        summary: 'Retrieve partner authentication request',
        description:
          'partner_profile with an authenticationRequest for the partner framework; authorize when a profile exists; otherwise the basic flow with reasonType pfs_fallback, configuration_fallback or missing_parameters_fallback.',
        params: Type.Object({ serviceProvider: Sp, partner: Partner }),
        headers: PartnerHeaders,
        body: PartnerSessionBodySchema,
        response: { 200: PartnerSessionResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const client = await requireClient(ctx, request, request.params.serviceProvider);
      const deviceId = requireDevice(request);
      const sso = await optionalServiceToken(ctx, request);
      return partnerSession(ctx, partners, {
        ...client,
        deviceId,
        sso,
        partner: request.params.partner,
        frameworkStatus: request.headers['ap-partner-framework-status'],
        ...request.body,
      });
    },
  );

  app.post(
    '/:serviceProvider/profiles/sso/:partner',
    {
      schema: {
        tags: passTags,
        summary: 'Retrieve profile using partner authentication response',
        description: "Verifies the partner framework's signed response against the framework status and saves the profile (type e.g. appleSSO).",
        params: Type.Object({ serviceProvider: Sp, partner: Partner }),
        headers: PartnerHeaders,
        body: PartnerProfileBodySchema,
        response: { 200: ProfilesResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { serviceProvider } = await requireClient(ctx, request, request.params.serviceProvider);
      const deviceId = requireDevice(request);
      const sso = await optionalServiceToken(ctx, request);
      return partnerProfile(ctx, partners, {
        serviceProvider,
        deviceId,
        sso,
        partner: request.params.partner,
        frameworkStatus: request.headers['ap-partner-framework-status'],
        samlResponse: request.body.SAMLResponse,
      });
    },
  );
};
