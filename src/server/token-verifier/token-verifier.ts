// The one verifier the journey view asks about any token it shows (issue #14): it picks the
// verifier Playgate itself would use for that token and answers with its verdict, never with
// the token. Playgate's own tokens (iss = its public URL) go by `typ` to the client-token
// verifier, the media-token verifier or the token service; customer tokens and every other
// issuer's tokens go to the SSO verifier the decision path uses (ctx.sso), so "valid" here is
// exactly "Playgate would accept it as AD-Service-Token / Playback bearer".
import { Type } from '@sinclair/typebox';
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { PassContext } from '../context/pass-context.ts';
import { PassError } from '../http/pass-error.ts';
import { verifyClientToken } from '../client-token-verifier/client-token-verifier.ts';
import { verifyMediaToken } from '../media/media-token-verifier.ts';
import { MAX_TOKEN_LENGTH, TOKEN_KINDS, type TokenKind } from '../tokens/token-kinds.ts';
import { TokenRejected } from '../tokens/token-service.ts';
import type { TokenStatus, TokenVerifierName, TokenVerifyResult, VerifiedKind } from '../../shared/api/token-verify.ts';

export const TokenVerifyRequestSchema = Type.Object(
  {
    token: Type.String({
      maxLength: MAX_TOKEN_LENGTH,
      // A JWS in compact form; anything else is bad input (400), not a verdict.
      pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$',
      description: 'Any JWT the journey shows: a token Playgate issued, or an SSO token (the IdP’s access or ID token)',
    }),
    resource: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'For a media token: the resource it must be for (else INVALID_RESOURCE_ID)' })),
  },
  { additionalProperties: false },
);

const CHECKS: Record<TokenVerifierName, string> = {
  'client-token verifier': 'signature, issuer, audience, typ, expiry, requestor, registration not revoked',
  'media-token verifier': 'signature, issuer, audience, typ, expiry',
  'token service': 'signature, issuer, audience, typ, expiry',
  'SSO verifier': 'trusted issuer, signature against its JWKS, audience, typ, expiry; for customer tokens, refresh family not revoked',
};

const KIND_BY_TYP = new Map<string, TokenKind>(Object.entries(TOKEN_KINDS).map(([kind, { typ }]) => [typ, kind as TokenKind]));

export async function verifyAnyToken(ctx: PassContext, token: string, resource?: string): Promise<TokenVerifyResult> {
  // Unverified, only to pick the verifier; each verifier then pins issuer and typ itself.
  let header: { typ?: unknown };
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    claims = decodeJwt(token);
  } catch {
    throw new PassError('invalid_request', 'token is not a JWT (compact JWS with a JSON header and claims)');
  }
  const typ = typeof header.typ === 'string' ? header.typ : '';
  if (claims.iss !== ctx.tokens.issuer) return viaSso(ctx, token, 'sso');
  const kind = KIND_BY_TYP.get(typ);
  if (!kind) return { status: 'UNKNOWN_KIND', kind: 'unknown', checks: `issued as Playgate but typ "${typ.slice(0, 60)}" is no kind Playgate issues`, reason: 'not a kind of token Playgate issues' };
  switch (kind) {
    case 'clientAccess': {
      const { status, exp } = await verifyClientToken(ctx, token);
      return answer(status, kind, 'client-token verifier', exp);
    }
    case 'media': {
      const { status, exp } = await verifyMediaToken(ctx.tokens, token, resource);
      return answer(status, kind, 'media-token verifier', exp);
    }
    // Customer tokens are SSO tokens: accepted only through the SSO verifier (publisher SSO on, family not revoked).
    case 'customer':
      return viaSso(ctx, token, 'customer');
    default:
      try {
        const verified = await ctx.tokens.verify(kind, token);
        return answer('VALID_TOKEN', kind, 'token service', verified.exp);
      } catch (err) {
        return refused(err, kind, 'token service');
      }
  }
}

async function viaSso(ctx: PassContext, token: string, kind: 'sso' | 'customer'): Promise<TokenVerifyResult> {
  try {
    const identity = await ctx.sso.verify(token);
    return answer('VALID_TOKEN', kind, 'SSO verifier', identity.exp);
  } catch (err) {
    return refused(err, kind, 'SSO verifier');
  }
}

// `kind: VerifiedKind` also makes the typecheck fail if a kind of token-kinds.ts is missing from the shared list.
function answer(status: TokenStatus, kind: VerifiedKind, verifier: TokenVerifierName, exp?: number): TokenVerifyResult {
  return { status, kind, verifier, checks: CHECKS[verifier], ...(typeof exp === 'number' ? { exp } : {}) };
}

function refused(err: unknown, kind: VerifiedKind, verifier: TokenVerifierName): TokenVerifyResult {
  // Not a refusal of the token: the issuer's keys could not be fetched (the decision path then ignores the token).
  if (!(err instanceof TokenRejected)) return { ...answer('ISSUER_UNREACHABLE', kind, verifier), reason: 'the issuer’s keys could not be fetched' };
  return { ...answer(statusOf(err), kind, verifier), reason: err.message };
}

/** TokenRejected (reason, claim) → a stable status. */
export function statusOf(err: TokenRejected): TokenStatus {
  if (err.reason === 'signature') return 'INVALID_SIGNATURE';
  if (err.reason === 'expired') return 'TOKEN_EXPIRED';
  if (err.reason === 'format') return 'INVALID_TOKEN_FORMAT';
  switch (err.claim) {
    case 'iss':
      return 'WRONG_ISSUER';
    case 'aud':
    case 'client_id':
      return 'WRONG_AUDIENCE';
    case 'typ':
      return 'WRONG_TYPE';
    case 'fid':
      return 'SESSION_REVOKED';
    // Outside its validity window (not valid yet) reads as expired, like the media-token verifier.
    case 'nbf':
    case 'iat':
      return 'TOKEN_EXPIRED';
    default:
      return 'INVALID_TOKEN_FORMAT';
  }
}
