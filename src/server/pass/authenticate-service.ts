// The user-agent leg: /authenticate/{sp}/{code} sends the browser to the MVPD's login;
// the MVPD returns to our callback, where its answer is verified, the profile saved,
// and the browser sent on to the app's redirectUrl.
import { PassError } from '../http/pass-error.ts';
import type { PassContext } from '../context/pass-context.ts';
import { ProfileStore, pseudonymousUserId } from './profile-store.ts';
import { SessionStore } from './session-store.ts';
import { LifetimeOverrides } from '../lifetime-overrides/lifetime-overrides.ts';

export async function startAuthentication(ctx: PassContext, serviceProvider: string, code: string): Promise<string> {
  if (serviceProvider !== ctx.config.requestor.id) throw new PassError('invalid_parameter_service_provider');
  const sessions = new SessionStore(ctx.db);
  const session = await sessions.findLive(serviceProvider, code);
  if (!session) throw new PassError('invalid_authentication_session', 'the code is unknown or expired');
  if (session.status === 'authenticated') throw new PassError('invalid_authentication_session', 'the code was already used');
  const mvpd = ctx.config.mvpds.find((m) => m.id === session.mvpd);
  if (!mvpd || !session.redirect_url) throw new PassError('invalid_authentication_session', 'the session lacks an MVPD or redirectUrl: resume it first');
  let login;
  try {
    login = await ctx.mvpdGateway.startLogin(mvpd);
  } catch (err) {
    // The MVPD's login could not be reached (discovery failed): a retry may succeed.
    throw new PassError('network_received_error', 'the TV provider sign-in is unreachable right now', { cause: err });
  }
  if (!(await sessions.startLogin(session.code, login))) throw new PassError('invalid_authentication_session', 'the code was already used');
  return login.url;
}

export async function finishAuthentication(ctx: PassContext, callbackUrl: URL): Promise<string> {
  const state = callbackUrl.searchParams.get('state');
  const sessions = new SessionStore(ctx.db);
  const session = state ? await sessions.findByState(state) : undefined;
  if (!session || session.status !== 'authenticating' || Number(session.not_after) <= Date.now()) {
    throw new PassError('invalid_authentication_session', 'no sign-in is in progress for this answer');
  }
  const mvpd = ctx.config.mvpds.find((m) => m.id === session.mvpd)!;
  if (callbackUrl.searchParams.has('error')) {
    throw new PassError('mvpd_login_failed', callbackUrl.searchParams.get('error_description')?.slice(0, 200) ?? callbackUrl.searchParams.get('error')!.slice(0, 60));
  }
  let identity;
  try {
    identity = await ctx.mvpdGateway.finishLogin(callbackUrl, {
      state: session.oidc_state!,
      nonce: session.oidc_nonce!,
      verifier: session.pkce_verifier!,
      mvpd: mvpd.id,
    });
  } catch (err) {
    throw new PassError('mvpd_login_failed', 'the answer of the TV provider could not be verified', { cause: err });
  }
  const now = Date.now();
  const sso = session.sso_issuer && session.sso_subject ? { iss: session.sso_issuer, sub: session.sso_subject } : null;
  // QA may have asked for a short lifetime for this viewer's or device's next sign-in (admin API).
  // A home-based sign-in (the MVPD says `hba_status` "true") lives shorter: it proved only that
  // the device was on the home network, and must be renewed once it may have left it.
  const hba = identity.attributes.hba_status === 'true';
  const defaultTtl = hba ? Math.min(mvpd.hbaAuthenticationTtlSeconds ?? 3600, mvpd.authenticationTtlSeconds) : mvpd.authenticationTtlSeconds;
  const qa = await new LifetimeOverrides(ctx.db).take(session.requestor, session.device_id, sso, now);
  const ttlSeconds = qa?.profileSeconds ?? defaultTtl;
  const profile = await new ProfileStore(ctx.db).save({
    requestor: session.requestor,
    mvpd: mvpd.id,
    deviceId: session.device_id,
    ssoIssuer: session.sso_issuer,
    ssoSubject: session.sso_subject,
    issuer: mvpd.id,
    upstreamUserId: identity.subject,
    attributes: {
      userID: pseudonymousUserId(session.requestor, mvpd.id, identity.upstreamUserId),
      upstreamUserID: identity.upstreamUserId,
      mvpd: mvpd.id,
      ...identity.attributes,
    },
    authCode: session.code,
    notBefore: now,
    notAfter: now + ttlSeconds * 1000,
    ...(qa?.mediaTokenSeconds ? { mediaTokenSeconds: qa.mediaTokenSeconds } : {}),
    ...(qa?.decisionSeconds ? { decisionSeconds: qa.decisionSeconds } : {}),
  });
  if (!(await sessions.complete(session.code, profile.id))) throw new PassError('invalid_authentication_session', 'the code was already used');
  return session.redirect_url!;
}
