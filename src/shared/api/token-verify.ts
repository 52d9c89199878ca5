// The contract of POST /playgate/v1/tokens/verify (server/token-verifier/): the stable
// statuses, kinds and verifier names its answer may carry, shared so the journey view
// branches on the same list the server's schema documents.
import { Type, type Static } from '@sinclair/typebox';

/** Stable: callers branch on these, never on `reason`. */
export const TOKEN_STATUSES = [
  'VALID_TOKEN',
  'INVALID_TOKEN_FORMAT',
  'INVALID_SIGNATURE',
  'TOKEN_EXPIRED',
  'WRONG_ISSUER',
  'WRONG_AUDIENCE',
  'WRONG_TYPE',
  'UNKNOWN_KIND',
  'UNKNOWN_REQUESTOR',
  'CLIENT_REVOKED',
  'INVALID_RESOURCE_ID',
  'SESSION_REVOKED',
  'ISSUER_UNREACHABLE',
] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

export const TOKEN_VERIFIERS = ['client-token verifier', 'media-token verifier', 'token service', 'SSO verifier'] as const;
export type TokenVerifierName = (typeof TOKEN_VERIFIERS)[number];

/** The kinds Playgate issues (server/tokens/token-kinds.ts), `sso` for another issuer's token, `unknown` for none of them. */
export const VERIFIED_KINDS = ['softwareStatement', 'clientAccess', 'media', 'customer', 'playback', 'partnerRequest', 'sso', 'unknown'] as const;
export type VerifiedKind = (typeof VERIFIED_KINDS)[number];

export const TokenVerifyResultSchema = Type.Object({
  status: Type.Union(TOKEN_STATUSES.map((s) => Type.Literal(s))),
  kind: Type.Union(VERIFIED_KINDS.map((k) => Type.Literal(k)), { description: 'Which kind of token the verifier took it for (by issuer and typ)' }),
  verifier: Type.Optional(Type.Union(TOKEN_VERIFIERS.map((v) => Type.Literal(v)), { description: 'The verifier of Playgate that answered (absent for UNKNOWN_KIND)' })),
  checks: Type.String({ description: 'What that verifier checks, in words' }),
  reason: Type.Optional(Type.String({ description: 'Why it is not valid, in the verifier’s words (display only; branch on status)' })),
  exp: Type.Optional(Type.Integer({ description: 'Expiry, epoch seconds (when the token verified)' })),
});
export type TokenVerifyResult = Static<typeof TokenVerifyResultSchema>;
