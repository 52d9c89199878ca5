// Whether a token shown in the journey was verified, and by whom. Only what really
// happens counts: the app verifies the SSO token with jose (signature against the
// issuer's JWKS, issuer, audience, expiry) before it uses it; Playgate signs the tokens
// it issues and verifies them where they are used; media and client access tokens carry the
// answer of Playgate's own verifiers (asked by lib/call-log.ts). Anything else is decoded for
// display only.
import type { TokenSighting } from '../../lib/call-log.ts';
import type { JourneyItem } from './journey-model.ts';

export interface Verification {
  verified: boolean;
  verification: string;
}

export const BY_APP = "verified by the app with jose (signature against the issuer's JWKS, issuer, audience, expiry) before use";
export const NOT_VERIFIED = 'decoded for display only: not verified here';

/** The tokens Playgate's verifiers are asked about as they arrive (lib/call-log.ts). */
const VERIFIER_NAMES: Record<string, { name: string; checks: string; then: string }> = {
  'media+jwt': { name: 'media-token verifier', checks: 'signature, issuer, expiry', then: 'the gatekeeper checks it again, once, at the master playlist' },
  'at+jwt': { name: 'client-token verifier', checks: 'signature, issuer, expiry, requestor, registration not revoked', then: 'Playgate checks it again on every API call' },
};

/** What Playgate does with each kind of token it issues, after signing it. */
const PLAYGATE_CHECKS: Record<string, string> = {
  'media+jwt': 'the media gatekeeper verifies it again, once, at the master playlist',
  'at+jwt': 'Playgate verifies it on every API call',
  'playback+jwt': 'the gatekeeper verifies it on every playlist and segment',
};

export function verificationOf(token: TokenSighting, item: Pick<JourneyItem, 'to' | 'status'>, sameAnswer: readonly TokenSighting[], appVerified: ReadonlySet<string>): Verification {
  if (appVerified.has(token.fingerprint)) return { verified: true, verification: BY_APP };
  // Playgate's own verifier answered (media and client access tokens, lib/call-log.ts): its answer is the result.
  const verifier = VERIFIER_NAMES[typeof token.header.typ === 'string' ? token.header.typ : ''];
  if (verifier && token.playgateVerdict) {
    return token.playgateVerdict === 'VALID_TOKEN'
      ? { verified: true, verification: `Playgate's ${verifier.name}: VALID_TOKEN (${verifier.checks}); ${verifier.then}` }
      : { verified: false, verification: `Playgate's ${verifier.name}: ${token.playgateVerdict}` };
  }
  if (verifier && item.to === 'Playgate' && item.status >= 200 && item.status < 300) {
    return { verified: false, verification: `issued by Playgate; waiting for its ${verifier.name}'s answer` };
  }
  if (item.to === 'Playgate' && item.status >= 200 && item.status < 300) {
    const typ = typeof token.header.typ === 'string' ? token.header.typ : '';
    const then = PLAYGATE_CHECKS[typ];
    return { verified: true, verification: `issued and signed by Playgate${then ? `; ${then}` : ''}` };
  }
  // The ID token of a sign-in whose access token the app accepted: the app verifies both or neither.
  if (item.to === 'IdP' && token.field === 'id_token' && sameAnswer.some((t) => t.field === 'access_token' && appVerified.has(t.fingerprint))) {
    return { verified: true, verification: 'verified by the app with jose together with the access token of the same sign-in' };
  }
  return { verified: false, verification: NOT_VERIFIED };
}
