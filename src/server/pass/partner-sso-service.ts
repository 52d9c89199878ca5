// Partner single sign-on (Adobe's "Partner Single Sign-On" APIs): sessions/sso/{partner}
// answers what the app does next — hand the partner framework an authenticationRequest
// (partner_profile), authorize at once (a profile exists, or AuthNAll), or fall back to the
// basic flow with a reason (pfs_fallback, configuration_fallback, missing_parameters_fallback);
// profiles/sso/{partner} turns the framework's signed response into a profile (`appleSSO`).
import { randomUUID } from 'node:crypto';
import type { ProfilesResponse, SessionResponse } from '../../shared/api/pass.ts';
import { passPaths } from '../../shared/pass-paths.ts';
import type { PassContext } from '../context/pass-context.ts';
import type { SsoIdentity } from '../tokens/sso-verifier.ts';
import { PassError } from '../http/pass-error.ts';
import { TokenRejected } from '../tokens/token-service.ts';
import { verifyPartnerAssertion } from '../tokens/partner-assertion.ts';
import { readFrameworkStatus } from '../partner-sso/framework-status.ts';
import type { PartnerConfig, PartnerFrameworks } from '../partner-sso/partner-frameworks.ts';
import { issuePartnerRequest, readPartnerRequest } from '../partner-sso/partner-request.ts';
import { createSession, directIfProfile, validateParams } from './session-service.ts';
import { ProfileStore, pseudonymousUserId } from './profile-store.ts';
import { profilesResponse, profileView } from './profile-view.ts';

export interface PartnerSessionInput {
  serviceProvider: string;
  clientId: string;
  deviceId: string;
  sso: SsoIdentity | null;
  partner: string;
  frameworkStatus: string | string[] | undefined;
  domainName?: string | undefined;
  redirectUrl?: string | undefined;
}

type PartnerSessionResponse = SessionResponse & { authenticationRequest?: { type: string; request: string; attributesNames: string[] } };

export async function partnerSession(ctx: PassContext, partners: PartnerFrameworks, input: PartnerSessionInput): Promise<PartnerSessionResponse> {
  const partner = requirePartner(partners, input.partner);
  // Bad values are errors whatever the partner says; absent ones are a fallback reason.
  validateParams(ctx, { domainName: input.domainName, redirectUrl: input.redirectUrl });
  const status = readFrameworkStatus(input.frameworkStatus);
  const mvpdId = status.ok ? partners.mvpdFor(partner, status.mappingId) : undefined;
  const mvpd = mvpdId ? ctx.config.mvpds.find((m) => m.id === mvpdId && m.enabled !== false) : undefined;
  const reason = !partners.enabled(partner) ? 'configuration_fallback' : !mvpd ? 'pfs_fallback' : !input.domainName || !input.redirectUrl ? 'missing_parameters_fallback' : null;
  if (reason) {
    // The basic flow, told why; a device that already has a profile still authorizes directly.
    const basic = await createSession(ctx, { ...input, mvpd: mvpd?.id });
    return basic.actionName === 'authorize' ? basic : { ...basic, reasonType: reason };
  }
  const sessionId = randomUUID();
  const direct = await directIfProfile(ctx, { serviceProvider: input.serviceProvider, deviceId: input.deviceId, sso: input.sso, mvpd: mvpd!, sessionId });
  if (direct) return { ...direct, url: direct.url ?? passPaths.authorize(input.serviceProvider, mvpd!.id) };
  const authenticationRequest = await issuePartnerRequest(ctx.tokens, {
    sp: input.serviceProvider,
    mvpd: mvpd!.id,
    provider: status.ok ? status.mappingId : '',
    partner: partner.name,
    did: input.deviceId,
  });
  return {
    actionName: 'partner_profile',
    actionType: 'direct',
    reasonType: 'none',
    url: passPaths.partnerProfile(input.serviceProvider, partner.name),
    sessionId,
    mvpd: mvpd!.id,
    serviceProvider: input.serviceProvider,
    authenticationRequest,
  };
}

export interface PartnerProfileInput {
  serviceProvider: string;
  deviceId: string;
  sso: SsoIdentity | null;
  partner: string;
  frameworkStatus: string | string[] | undefined;
  samlResponse: string;
}

/**
 * Rules, in order: a known partner; partner SSO enabled (else the basic profiles, as Adobe
 * falls back); a valid framework status; its mapping id names an MVPD of this partner with an
 * active integration; the response is signed by the partner for this service provider; it
 * answers a request Playgate issued for this device and MVPD; its provider equals the status's.
 */
export async function partnerProfile(ctx: PassContext, partners: PartnerFrameworks, input: PartnerProfileInput, now = Date.now()): Promise<ProfilesResponse> {
  const partner = requirePartner(partners, input.partner);
  const store = new ProfileStore(ctx.db);
  if (!partners.enabled(partner)) return profilesResponse(await store.findLive({ requestor: input.serviceProvider, deviceId: input.deviceId, sso: input.sso }));
  const status = readFrameworkStatus(input.frameworkStatus, now);
  if (!status.ok) throw new PassError(status.code, status.details);
  const mvpdId = partners.mvpdFor(partner, status.mappingId);
  if (!mvpdId) throw new PassError('invalid_header_pfs_provider_id_not_determined', `"${status.mappingId.slice(0, 64)}" is not a TV provider of ${partner.name} here`);
  const mvpd = ctx.config.mvpds.find((m) => m.id === mvpdId);
  if (!mvpd || mvpd.enabled === false) throw new PassError('invalid_integration', `no active integration with "${mvpdId}"`);
  let assertion;
  try {
    assertion = await verifyPartnerAssertion(input.samlResponse, partners.keysFor(partner), input.serviceProvider, now);
  } catch (err) {
    throw new PassError('invalid_parameter_saml_response', err instanceof TokenRejected ? err.message : 'the partner authentication response could not be verified', { cause: err });
  }
  if (assertion.provider !== status.mappingId) {
    throw new PassError('invalid_header_pfs_provider_id_mismatch', `the response signs in "${assertion.provider.slice(0, 64)}", the framework status names "${status.mappingId.slice(0, 64)}"`);
  }
  let request;
  try {
    request = await readPartnerRequest(ctx.tokens, assertion.req, now);
  } catch (err) {
    throw new PassError('invalid_parameter_saml_response', 'the response does not answer a live authenticationRequest of this service', { cause: err });
  }
  if (request.sp !== input.serviceProvider || request.mvpd !== mvpd.id || request.partner !== partner.name || request.provider !== assertion.provider) {
    throw new PassError('invalid_parameter_saml_response', 'the response answers a request for another service provider, partner or MVPD');
  }
  if (request.did !== input.deviceId) throw new PassError('invalid_parameter_saml_response', 'the response answers a request made by another device');
  // Once: a response read from a log or replayed makes no second profile. The database decides (every instance).
  const spent = await ctx.db
    .insertInto('spent_partner_responses')
    .values({ jti: `${partner.name}:${assertion.jti!}`, expires_at: (assertion.exp! + 60) * 1000 })
    .onConflict((oc) => oc.column('jti').doNothing())
    .executeTakeFirst();
  if (Number(spent.numInsertedOrUpdatedRows ?? 0n) !== 1) throw new PassError('invalid_parameter_saml_response', 'this partner authentication response was already used');
  // One profile per device and MVPD: a new sign-in at the framework replaces the old one.
  await store.deleteFor({ requestor: input.serviceProvider, deviceId: input.deviceId, sso: null, mvpd: mvpd.id });
  const ttlMs = (ctx.config.partnerSso?.profileTtlSeconds ?? mvpd.authenticationTtlSeconds) * 1000;
  const profile = await store.save(
    {
      requestor: input.serviceProvider,
      mvpd: mvpd.id,
      deviceId: input.deviceId,
      ssoIssuer: input.sso?.iss ?? null,
      ssoSubject: input.sso?.sub ?? null,
      issuer: partner.name,
      upstreamUserId: assertion.sub,
      attributes: {
        userID: pseudonymousUserId(input.serviceProvider, mvpd.id, assertion.sub),
        upstreamUserID: assertion.sub,
        mvpd: mvpd.id,
        ...pick(assertion.attributes ?? {}, ['householdID', 'zip', 'maxRating']),
      },
      authCode: `partner:${partner.name}`,
      notBefore: now,
      // Never past the framework's own sign-in: when it ends there, it ends here.
      notAfter: Math.min(status.expiresAt, now + ttlMs),
    },
    now,
  );
  return { profiles: { [mvpd.id]: profileView(profile, `${partner.name.charAt(0).toLowerCase()}${partner.name.slice(1)}SSO`) } };
}

function requirePartner(partners: PartnerFrameworks, name: string): PartnerConfig {
  const partner = partners.find(name);
  if (!partner) throw new PassError('invalid_parameter_partner', `no partner single sign-on with "${name.slice(0, 32)}"`);
  return partner;
}

function pick(from: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => typeof from[n] === 'string').map((n) => [n, from[n]!]));
}
