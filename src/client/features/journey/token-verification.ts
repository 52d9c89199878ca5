// What the journey view says about each token: only the answer of Playgate's verifier
// (POST /playgate/v1/tokens/verify, asked once per token by lib/call-log.ts), which picks the
// verifier Playgate itself would use — client-token, media-token, token service, or the SSO
// verifier of the decision path. "Verified" means that verifier said VALID_TOKEN: never the
// status of the call that brought the token. The app's own jose check of the SSO token is
// shown in addition, never as the basis.
import type { PlaygateVerdict, TokenSighting } from '../../lib/call-log.ts';

export interface Verification {
  verified: boolean;
  verification: string;
}

export const WAITING = "waiting for Playgate's verifier";
export const APP_ALSO = "the app also verified it with jose (signature against the issuer's JWKS, issuer, audience, expiry) before use";

export function verificationOf(token: TokenSighting, sameAnswer: readonly TokenSighting[], appVerified: ReadonlySet<string>): Verification {
  const app = appChecked(token, sameAnswer, appVerified) ? `; ${APP_ALSO}` : '';
  const answer = token.playgate;
  if (!answer) return { verified: false, verification: `${WAITING}${app}` };
  return { verified: answer.status === 'VALID_TOKEN', verification: `${says(answer, token)}${app}` };
}

/** The verifier's answer in one line: "Playgate's <verifier>: <STATUS> (<checks or reason>)". */
function says(answer: PlaygateVerdict, token: TokenSighting): string {
  if (answer.status === 'NO_ANSWER') return `not verified: Playgate's verifier did not answer (${answer.reason})`;
  const who = answer.verifier ? `Playgate's ${answer.verifier}` : "Playgate's verifier";
  if (answer.status === 'VALID_TOKEN') return `${who}: VALID_TOKEN (${answer.checks})`;
  const line = `${who}: ${answer.status}${answer.reason ? ` (${answer.reason})` : ''}`;
  // Another provider's token: say plainly that Playgate does not verify (nor accept) it.
  if (answer.status === 'WRONG_ISSUER' && answer.kind === 'sso') return `a token of ${issuerOf(token)}, a provider Playgate does not verify — ${line}`;
  // The ID token proves the sign-in to the app; Playgate takes only the access token as the SSO token.
  if (token.field === 'id_token' && answer.kind === 'sso') return `${line} — Playgate accepts the access token as the SSO token, not the ID token`;
  return line;
}

/** The app verifies the SSO access token with jose before use, and the ID token of the same sign-in with it. */
function appChecked(token: TokenSighting, sameAnswer: readonly TokenSighting[], appVerified: ReadonlySet<string>): boolean {
  if (appVerified.has(token.fingerprint)) return true;
  return token.field === 'id_token' && sameAnswer.some((t) => t.field === 'access_token' && appVerified.has(t.fingerprint));
}

function issuerOf(token: TokenSighting): string {
  return typeof token.claims.iss === 'string' ? token.claims.iss.slice(0, 120) : 'an unnamed issuer';
}
