// Verifies a client access token (the at+jwt of /o/client/token) the way every Pass call
// does (context/request-identity.ts): Playgate's signature and claims through the one token
// service, a known requestor, and a registration not revoked. Answers a status rather than
// an error, so the journey view can state the verifier's answer (issue #14), never infer
// "verified" from an HTTP 2xx.
import { Type, type Static } from '@sinclair/typebox';
import { TokenRejected } from '../tokens/token-service.ts';
import type { PassContext } from '../context/pass-context.ts';

export const CLIENT_TOKEN_STATUSES = ['VALID_TOKEN', 'INVALID_TOKEN_FORMAT', 'INVALID_SIGNATURE', 'TOKEN_EXPIRED', 'UNKNOWN_REQUESTOR', 'CLIENT_REVOKED'] as const;
export type ClientTokenStatus = (typeof CLIENT_TOKEN_STATUSES)[number];

export const ClientTokenVerifyRequestSchema = Type.Object(
  { token: Type.String({ maxLength: 16384, description: 'An access_token from POST /o/client/token' }) },
  { additionalProperties: false },
);

export const ClientTokenVerifyResultSchema = Type.Object({
  status: Type.Union(CLIENT_TOKEN_STATUSES.map((s) => Type.Literal(s))),
  clientId: Type.Optional(Type.String({ description: 'The registration the token was issued to (when its signature and validity verified)' })),
  requestor: Type.Optional(Type.String()),
  exp: Type.Optional(Type.Integer({ description: 'Expiry, epoch seconds' })),
});
export type ClientTokenVerifyResult = Static<typeof ClientTokenVerifyResultSchema>;

export async function verifyClientToken(ctx: PassContext, token: string): Promise<ClientTokenVerifyResult> {
  let claims: { client_id?: unknown; requestor?: unknown; exp?: number };
  try {
    claims = await ctx.tokens.verify('clientAccess', token);
  } catch (err) {
    return { status: statusFor(err) };
  }
  const found = {
    ...(typeof claims.client_id === 'string' ? { clientId: claims.client_id } : {}),
    ...(typeof claims.requestor === 'string' ? { requestor: claims.requestor } : {}),
    ...(typeof claims.exp === 'number' ? { exp: claims.exp } : {}),
  };
  const requestors = new Set([ctx.config.requestor.id, ...(ctx.config.tenants ?? []).map((t) => t.id)]);
  if (!found.requestor || !requestors.has(found.requestor)) return { status: 'UNKNOWN_REQUESTOR', ...found };
  if (!found.clientId || !(await ctx.clients.isActive(found.clientId))) return { status: 'CLIENT_REVOKED', ...found };
  return { status: 'VALID_TOKEN', ...found };
}

function statusFor(err: unknown): ClientTokenStatus {
  if (!(err instanceof TokenRejected)) return 'INVALID_TOKEN_FORMAT';
  if (err.reason === 'signature') return 'INVALID_SIGNATURE';
  if (err.reason === 'expired') return 'TOKEN_EXPIRED';
  // Not valid yet reads as expired (outside its window); issuer, audience or typ failing: not a client token.
  if (err.reason === 'claims' && (err.claim === 'nbf' || err.claim === 'iat')) return 'TOKEN_EXPIRED';
  return 'INVALID_TOKEN_FORMAT';
}
