// Verifies a partner authentication response (the SAMLResponse of profiles/sso/{partner}):
// a JWS signed by the partner framework, Base64-encoded once more as Adobe's field asks.
// Pins algorithm, the partner's issuer, audience (the service provider), typ and the required
// claims; caps the size before any parsing. Playgate never signs these: the partner does.
import { createLocalJWKSet, jwtVerify, type CryptoKey, type JSONWebKeySet, type JWTPayload } from 'jose';
import { classify, TokenRejected } from './token-service.ts';
import { CLOCK_TOLERANCE_S, MAX_TOKEN_LENGTH } from './token-kinds.ts';

export const PARTNER_ASSERTION_TYP = 'partner-assertion+jwt';

export interface PartnerAssertionClaims extends JWTPayload {
  sub: string;
  /** The partner's mapping id of the MVPD the viewer signed in with. */
  provider: string;
  /** The authenticationRequest this answers (Playgate's own partnerRequest JWT). */
  req: string;
  /** Released subscriber attributes (householdID, zip, maxRating), strings only. */
  attributes?: Record<string, string>;
}

export interface PartnerKeys {
  issuer: string;
  key: CryptoKey | JSONWebKeySet;
  algorithms: string[];
}

export async function verifyPartnerAssertion(samlResponse: string, keys: PartnerKeys, audience: string, now = Date.now()): Promise<PartnerAssertionClaims> {
  if (samlResponse.length > MAX_TOKEN_LENGTH * 2) throw new TokenRejected('format', 'SAMLResponse too large');
  const jws = Buffer.from(samlResponse.trim(), 'base64').toString('utf8');
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jws) || jws.length > MAX_TOKEN_LENGTH) throw new TokenRejected('format', 'SAMLResponse is not a Base64-encoded signed assertion');
  try {
    const options = {
      algorithms: keys.algorithms,
      issuer: keys.issuer,
      audience,
      typ: PARTNER_ASSERTION_TYP,
      requiredClaims: ['exp', 'iat', 'sub', 'jti'],
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: new Date(now),
    };
    const { payload } = 'keys' in keys.key ? await jwtVerify(jws, createLocalJWKSet(keys.key), options) : await jwtVerify(jws, keys.key, options);
    if (typeof payload.provider !== 'string' || typeof payload.req !== 'string') throw new TokenRejected('claims', 'claims "provider" and "req" are required', 'provider');
    if (payload.attributes !== undefined && !isStringRecord(payload.attributes)) throw new TokenRejected('claims', 'claim "attributes" must map names to strings', 'attributes');
    return payload as PartnerAssertionClaims;
  } catch (err) {
    throw classify(err);
  }
}

function isStringRecord(x: unknown): x is Record<string, string> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every((v) => typeof v === 'string');
}
