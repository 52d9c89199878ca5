// Every kind of token Playgate itself issues, with its `typ` and audience. Distinct
// `typ` + audience per kind means one kind can never be presented as another.
export const TOKEN_KINDS = {
  /** Signed by Playgate per registered app; presented to /o/client/register. */
  softwareStatement: { typ: 'software-statement+jwt', audience: 'urn:playgate:dcr' },
  /** /o/client/token → every /api/v2 call. */
  clientAccess: { typ: 'at+jwt', audience: 'urn:playgate:pass' },
  /** A Permit's serializedToken → the master playlist. */
  media: { typ: 'media+jwt', audience: 'urn:playgate:media' },
  /** Publisher SSO (/sso/auths): a customer's 15-minute JWT, trusted like an SSO token. */
  customer: { typ: 'customer+jwt', audience: 'urn:playgate:sso' },
  /** Minted by the gatekeeper, carried in rewritten playlist URIs. */
  playback: { typ: 'playback+jwt', audience: 'urn:playgate:media:playback' },
  /** sessions/sso/{partner}'s authenticationRequest: what the partner framework signs a viewer in for (SP, MVPD, device). */
  partnerRequest: { typ: 'partner-authn-request+jwt', audience: 'urn:playgate:partner' },
} as const;

export type TokenKind = keyof typeof TOKEN_KINDS;

/** Size cap checked before any parsing. */
export const MAX_TOKEN_LENGTH = 8192;
/** Clock tolerance of every verifier, in seconds. */
export const CLOCK_TOLERANCE_S = 30;
