// The media-token verifier for integrators (like Adobe's Media Token Verifier): says
// whether a token is a media token Playgate signed, still valid, and (optionally) for a
// given resource. It never returns the token and never spends it.
import { Type, type Static } from '@sinclair/typebox';
import { TokenRejected, type TokenService } from '../tokens/token-service.ts';
import { parseResource } from '../pass/resource-id.ts';

export const VERIFY_STATUSES = ['VALID_TOKEN', 'INVALID_TOKEN_FORMAT', 'INVALID_SIGNATURE', 'TOKEN_EXPIRED', 'INVALID_RESOURCE_ID'] as const;
export type VerifyStatus = (typeof VERIFY_STATUSES)[number];

export const VerifyRequestSchema = Type.Object(
  {
    token: Type.String({ maxLength: 16384, description: 'A serializedToken from a Permit' }),
    resource: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'The resource the token must be for: an id or an MRSS document' })),
  },
  { additionalProperties: false },
);

export const VerifyResultSchema = Type.Object({
  status: Type.Union(VERIFY_STATUSES.map((s) => Type.Literal(s))),
  resource: Type.Optional(Type.String({ description: 'The resource the token is for (when its signature and validity verified)' })),
  requestor: Type.Optional(Type.String()),
  exp: Type.Optional(Type.Integer({ description: 'Expiry, epoch seconds' })),
});
export type VerifyResult = Static<typeof VerifyResultSchema>;

export async function verifyMediaToken(tokens: TokenService, token: string, resource?: string): Promise<VerifyResult> {
  let claims: { resource?: unknown; requestor?: unknown; exp?: number };
  try {
    claims = await tokens.verify('media', token);
  } catch (err) {
    return { status: statusFor(err) };
  }
  const found = {
    ...(typeof claims.resource === 'string' ? { resource: claims.resource } : {}),
    ...(typeof claims.requestor === 'string' ? { requestor: claims.requestor } : {}),
    ...(typeof claims.exp === 'number' ? { exp: claims.exp } : {}),
  };
  if (resource !== undefined && resourceId(resource) !== found.resource) return { status: 'INVALID_RESOURCE_ID', ...found };
  return { status: 'VALID_TOKEN', ...found };
}

function statusFor(err: unknown): VerifyStatus {
  if (!(err instanceof TokenRejected)) return 'INVALID_TOKEN_FORMAT';
  switch (err.reason) {
    case 'signature':
      return 'INVALID_SIGNATURE';
    case 'expired':
      return 'TOKEN_EXPIRED';
    // Signed by us but outside its validity window (not valid yet) reads as expired;
    // any other claim failure (issuer, audience, typ: another kind of token) is not a
    // media token at all.
    case 'claims':
      return err.claim === 'nbf' || err.claim === 'iat' ? 'TOKEN_EXPIRED' : 'INVALID_TOKEN_FORMAT';
    default:
      return 'INVALID_TOKEN_FORMAT';
  }
}

/** A plain id or the channel title of an MRSS resource; null when the MRSS is malformed. */
function resourceId(raw: string): string | null {
  try {
    return parseResource(raw).id;
  } catch {
    return null;
  }
}
