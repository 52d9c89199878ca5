// The partner framework simulator's HTTP face (dev stand-in, never in production):
// POST /partner-simulator/{partner}/sign-in plays the device's TV provider sign-in and
// answers the SAMLResponse and AP-Partner-Framework-Status value an app would get.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import type { Config } from '../config/schema.ts';
import { PassError } from '../http/pass-error.ts';
import type { TokenService } from '../tokens/token-service.ts';
import type { PartnerFrameworks } from './partner-frameworks.ts';
import { simulatePartnerSignIn } from './partner-framework-simulator.ts';

export const partnerSimulatorRoutes: FastifyPluginAsyncTypebox<{ config: Config; tokens: TokenService; partners: PartnerFrameworks }> = async (app, deps) => {
  app.post(
    '/:partner/sign-in',
    {
      schema: {
        tags: ['Partner framework simulator (dev)'],
        summary: "Sign a viewer in at the simulated partner framework with a TV provider subscriber's credentials",
        params: Type.Object({ partner: Type.String({ minLength: 1, maxLength: 32 }) }),
        body: Type.Object({
          authenticationRequest: Type.String({ minLength: 1, maxLength: 8192, description: 'authenticationRequest.request from sessions/sso/{partner}' }),
          username: Type.String({ minLength: 1, maxLength: 200 }),
          password: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        response: { 200: Type.Object({ SAMLResponse: Type.String(), frameworkStatus: Type.String() }), '4xx': ErrorBodySchema },
      },
    },
    async (request) => {
      const partner = deps.partners.find(request.params.partner);
      if (!partner) throw new PassError('invalid_parameter_partner', `no partner "${request.params.partner.slice(0, 32)}"`);
      return simulatePartnerSignIn(deps, partner, request.body);
    },
  );

  // What a real partner publishes: the key its responses verify with.
  app.get('/jwks', { schema: { tags: ['Partner framework simulator (dev)'], summary: "The simulator's public key" } }, async () => ({
    keys: [await deps.partners.simulatorJwk()].filter(Boolean),
  }));
};
