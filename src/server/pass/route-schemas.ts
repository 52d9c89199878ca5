// Schema pieces shared by the /api/v2 routes (params, headers, error responses).
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';

export const Sp = Type.String({ minLength: 1, maxLength: 64, description: 'The service provider (requestor) id, e.g. PLAYGATE' });
export const Code = Type.String({ minLength: 1, maxLength: 64, description: 'The authentication code' });
export const Mvpd = Type.String({ minLength: 1, maxLength: 64, description: 'The MVPD id, e.g. Skyline' });

export const PassHeaders = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <client access token from /o/client/token>' })),
  'ap-device-identifier': Type.Optional(Type.String({ description: 'fingerprint <base64 device id>' })),
  'ad-service-token': Type.Optional(Type.String({ description: "The viewer's SSO token (JWS); invalid ones are ignored" })),
});

export const errorResponses = { '4xx': ErrorBodySchema };
export const passTags = ['Pass API v2'];
