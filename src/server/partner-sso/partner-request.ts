// The partner authentication request Playgate hands the app (sessions/sso/{partner}) for the
// partner framework: a short JWT of Playgate's own saying for whom the framework signs a
// viewer in. The framework returns it inside its signed response, which binds the response
// to this service provider, MVPD and device.
import type { JWTPayload } from 'jose';
import type { TokenService } from '../tokens/token-service.ts';

export interface PartnerRequestClaims extends JWTPayload {
  sp: string;
  /** Playgate's MVPD id. */
  mvpd: string;
  /** The partner's mapping id of that MVPD. */
  provider: string;
  partner: string;
  /** The device the request was made for (AP-Device-Identifier). */
  did: string;
}

/** The attributes the framework is asked to release (Adobe's attributesNames). */
export const PARTNER_ATTRIBUTE_NAMES = ['userID', 'householdID', 'zip', 'maxRating'];

/** Long enough for the viewer to sign in at the framework. */
export const PARTNER_REQUEST_TTL_SECONDS = 600;

export async function issuePartnerRequest(tokens: TokenService, claims: Omit<PartnerRequestClaims, keyof JWTPayload> & Pick<PartnerRequestClaims, 'sp' | 'mvpd' | 'provider' | 'partner' | 'did'>) {
  const { token } = await tokens.sign('partnerRequest', { ...claims }, PARTNER_REQUEST_TTL_SECONDS);
  return { type: 'saml', request: Buffer.from(token, 'utf8').toString('base64'), attributesNames: PARTNER_ATTRIBUTE_NAMES };
}

export async function readPartnerRequest(tokens: TokenService, embedded: string, now = Date.now()): Promise<PartnerRequestClaims> {
  return tokens.verify<PartnerRequestClaims>('partnerRequest', embedded, { now });
}
