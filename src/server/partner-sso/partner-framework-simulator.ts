// A stand-in for a device-level partner framework (Apple's TV provider sign-in): given
// Playgate's authenticationRequest and the viewer's TV provider credentials, it signs the
// viewer in with one of the MVPD simulator's subscribers and answers what the real framework
// hands the app: a signed authentication response (SAMLResponse) and the framework status.
import { SignJWT } from 'jose';
import type { Config } from '../config/schema.ts';
import { PassError } from '../http/pass-error.ts';
import type { TokenService } from '../tokens/token-service.ts';
import { PARTNER_ASSERTION_TYP } from '../tokens/partner-assertion.ts';
import { encodeFrameworkStatus } from './framework-status.ts';
import type { PartnerConfig, PartnerFrameworks } from './partner-frameworks.ts';
import type { PartnerRequestClaims } from './partner-request.ts';

/** How long the simulated sign-in lasts at the framework (the status's expirationDate) (default: the MVPD's authentication TTL). */
const ASSERTION_TTL_SECONDS = 300;

export interface SimulatedSignIn {
  SAMLResponse: string;
  frameworkStatus: string;
}

export async function simulatePartnerSignIn(
  deps: { config: Config; tokens: TokenService; partners: PartnerFrameworks },
  partner: PartnerConfig,
  input: { authenticationRequest: string; username: string; password: string },
  now = Date.now(),
): Promise<SimulatedSignIn> {
  const keys = deps.partners.simulatorKeys;
  if (partner.signer !== 'simulated' || !keys) throw new PassError('invalid_parameter_partner', `partner "${partner.name}" is not simulated here`);
  let request: PartnerRequestClaims;
  try {
    request = await deps.tokens.verify<PartnerRequestClaims>('partnerRequest', Buffer.from(input.authenticationRequest, 'base64').toString('utf8'), { now });
  } catch {
    throw new PassError('invalid_request', 'the authenticationRequest is not one Playgate issued, or it expired');
  }
  const mvpd = deps.config.mvpds.find((m) => m.id === request.mvpd);
  const subscriber = mvpd?.subscribers.find((s) => s.username === input.username);
  if (!mvpd || !subscriber || input.password !== (subscriber.password ?? deps.config.mvpdSimulator.demoPassword)) {
    throw new PassError('mvpd_login_failed', `wrong username or password for ${mvpd?.displayName ?? 'this provider'}`);
  }
  const attributes: Record<string, string> = { householdID: subscriber.householdID, zip: subscriber.zip, ...(subscriber.maxRating ? { maxRating: subscriber.maxRating } : {}) };
  const iat = Math.floor(now / 1000);
  const jws = await new SignJWT({ provider: request.provider, req: Buffer.from(input.authenticationRequest, 'base64').toString('utf8'), attributes })
    .setProtectedHeader({ alg: 'ES256', typ: PARTNER_ASSERTION_TYP })
    .setIssuer(keys.issuer(partner.name))
    .setAudience(request.sp)
    .setSubject(subscriber.username)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_TTL_SECONDS)
    .setJti(crypto.randomUUID())
    .sign(keys.privateKey);
  const frameworkStatus = encodeFrameworkStatus({
    frameworkPermissionInfo: { accessStatus: 'granted' },
    frameworkProviderInfo: { id: request.provider, expirationDate: String(now + mvpd.authenticationTtlSeconds * 1000) },
  });
  return { SAMLResponse: Buffer.from(jws, 'utf8').toString('base64'), frameworkStatus };
}
