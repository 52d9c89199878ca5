// Dynamic Client Registration contracts (Adobe's dcrApi.json).
import { Type, type Static } from '@sinclair/typebox';
import { SafeText } from './safe-text.ts';

export const RegisterRequestSchema = Type.Object({
  software_statement: Type.String({ minLength: 1, maxLength: 8192 }),
  redirect_uri: Type.Optional(SafeText(2048)),
});

export const ClientApplicationSchema = Type.Object({
  client_id: Type.String(),
  client_secret: Type.String(),
  client_id_issued_at: Type.Integer(),
  redirect_uris: Type.Array(Type.String()),
  grant_types: Type.Array(Type.String()),
  scopes: Type.Array(Type.String()),
});
export type ClientApplication = Static<typeof ClientApplicationSchema>;

export const TokenRequestSchema = Type.Object({
  grant_type: Type.Optional(Type.String({ maxLength: 64 })),
  client_id: Type.Optional(Type.String({ maxLength: 128 })),
  client_secret: Type.Optional(Type.String({ maxLength: 256 })),
});

export const AccessTokenResponseSchema = Type.Object({
  access_token: Type.String(),
  token_type: Type.String(),
  expires_in: Type.Integer(),
  created_at: Type.Integer(),
});
export type AccessTokenResponse = Static<typeof AccessTokenResponseSchema>;
