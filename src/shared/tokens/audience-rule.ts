// Where an access token names the API it is for. Most providers put it in `aud`; Amazon
// Cognito (and Glewlwyd without a resource) put the app client in `client_id` and send no
// usable `aud`. One rule for the API's verifier and the SPA's, so both accept the same tokens.

/** `aud` (default): RFC 9068 audience. `client_id`: the token's `client_id` claim must be one of the audiences; `aud` is not read. */
export const AUDIENCE_CLAIMS = ['aud', 'client_id'] as const;
export type AudienceClaim = (typeof AUDIENCE_CLAIMS)[number];

/**
 * For `client_id`: null when the token's client_id is one of `expected`, else why not.
 * (For `aud`, jose's own audience check applies.)
 */
export function clientIdAudienceFailure(payload: Record<string, unknown>, expected: string | string[]): string | null {
  const allowed = [expected].flat();
  const cid = payload.client_id;
  if (typeof cid !== 'string' || cid === '') return `audience mismatch: no client_id claim (expected client_id ${allowed.join(' or ')})`;
  return allowed.includes(cid) ? null : `audience mismatch: client_id "${cid.slice(0, 200)}" (expected client_id ${allowed.join(' or ')})`;
}
