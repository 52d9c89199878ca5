// Authentication sessions: create, resume (fill in missing parameters) and status. Each
// answers what the app must do next: authenticate in a user agent, resume with the
// missing parameters, or authorize directly because a profile already exists.
import { randomUUID } from 'node:crypto';
import type { SessionResponse } from '../../shared/api/pass.ts';
import { passPaths } from '../../shared/pass-paths.ts';
import type { MvpdConfig } from '../config/schema.ts';
import { PassError } from '../http/pass-error.ts';
import type { PassContext } from '../context/pass-context.ts';
import { ProfileStore } from './profile-store.ts';
import { SessionStore, type AuthSession } from './session-store.ts';
import type { SsoIdentity } from '../tokens/sso-verifier.ts';
import { degradationRulesFor } from '../degradation/degradation-rules.ts';
import { tempPassFor } from '../temp-pass/temp-pass-config.ts';

export interface SessionParams {
  mvpd?: string | undefined;
  domainName?: string | undefined;
  redirectUrl?: string | undefined;
}

const PARAMS = ['mvpd', 'domainName', 'redirectUrl'] as const;

export interface CreateSessionInput extends SessionParams {
  serviceProvider: string;
  clientId: string;
  deviceId: string;
  sso: SsoIdentity | null;
}

export async function createSession(ctx: PassContext, input: CreateSessionInput): Promise<SessionResponse> {
  const sessionId = randomUUID();
  // TempPass: no MVPD to sign in with; straight to the decisions (Adobe's reasonType "temporary").
  if (input.mvpd && tempPassFor(ctx.config, input.mvpd) && !ctx.config.mvpds.some((m) => m.id === input.mvpd)) {
    validateParams(ctx, { ...input, mvpd: undefined });
    return { serviceProvider: input.serviceProvider, sessionId, actionName: 'authorize', actionType: 'direct', reasonType: 'temporary', mvpd: input.mvpd, url: passPaths.authorize(input.serviceProvider, input.mvpd) };
  }
  const mvpd = validateParams(ctx, input);
  if (mvpd) {
    const direct = await directIfProfile(ctx, { serviceProvider: input.serviceProvider, deviceId: input.deviceId, sso: input.sso, mvpd, sessionId });
    if (direct) return direct;
  }
  const now = Date.now();
  const session = await new SessionStore(ctx.db).create({
    session_id: sessionId,
    requestor: input.serviceProvider,
    client_id: input.clientId,
    device_id: input.deviceId,
    mvpd: mvpd?.id ?? null,
    domain_name: input.domainName ?? null,
    redirect_url: input.redirectUrl ?? null,
    sso_issuer: input.sso?.iss ?? null,
    sso_subject: input.sso?.sub ?? null,
    not_before: now,
    not_after: now + ctx.config.tokens.authenticationSessionTtlSeconds * 1000,
  });
  return nextStep(session);
}

/** POST /sessions/{code}: the device and SSO identity are the session's own. */
export async function resumeSession(ctx: PassContext, serviceProvider: string, code: string, params: SessionParams): Promise<SessionResponse> {
  const store = new SessionStore(ctx.db);
  const session = await liveSession(store, serviceProvider, code);
  if (session.status !== 'pending') throw new PassError('invalid_authentication_session', 'this session is already authenticating or done');
  const merged = {
    mvpd: params.mvpd ?? session.mvpd ?? undefined,
    domainName: params.domainName ?? session.domain_name ?? undefined,
    redirectUrl: params.redirectUrl ?? session.redirect_url ?? undefined,
  };
  const mvpd = validateParams(ctx, merged);
  if (mvpd) {
    const sso = session.sso_issuer && session.sso_subject ? { iss: session.sso_issuer, sub: session.sso_subject } : null;
    const direct = await directIfProfile(ctx, { serviceProvider, deviceId: session.device_id, sso, mvpd, sessionId: session.session_id });
    if (direct) return direct;
  }
  const values = { mvpd: mvpd?.id ?? null, domain_name: merged.domainName ?? null, redirect_url: merged.redirectUrl ?? null };
  if (!(await store.resume(code, values))) throw new PassError('invalid_authentication_session', 'this session changed meanwhile');
  return nextStep({ ...session, ...values });
}

/** GET /sessions/{code}: what the session has and still lacks. */
export async function sessionStatus(ctx: PassContext, serviceProvider: string, code: string) {
  const session = await liveSession(new SessionStore(ctx.db), serviceProvider, code);
  const existing: Record<string, string> = {};
  if (session.mvpd) existing.mvpd = session.mvpd;
  if (session.domain_name) existing.domainName = session.domain_name;
  if (session.redirect_url) existing.redirectUrl = session.redirect_url;
  return {
    existingParameters: existing,
    missingParameters: PARAMS.filter((p) => !(p in existing)),
    notBefore: String(session.not_before),
    notAfter: String(session.not_after),
  };
}

async function liveSession(store: SessionStore, serviceProvider: string, code: string): Promise<AuthSession> {
  const session = await store.findAny(serviceProvider, code);
  if (!session) throw new PassError('invalid_parameter_code', 'the code is unknown');
  if (session.not_after <= Date.now()) throw new PassError('invalid_authentication_session', 'the code has expired');
  return session;
}

function nextStep(session: AuthSession): SessionResponse {
  const base = { serviceProvider: session.requestor, sessionId: session.session_id, code: session.code, notBefore: String(session.not_before), notAfter: String(session.not_after) };
  const missing = [session.mvpd ? null : 'mvpd', session.domain_name ? null : 'domainName', session.redirect_url ? null : 'redirectUrl'].filter((p): p is string => p !== null);
  if (missing.length > 0) return { ...base, actionName: 'resume', actionType: 'interactive', reasonType: 'none', missingParameters: missing, ...(session.mvpd ? { mvpd: session.mvpd } : {}) };
  return { ...base, actionName: 'authenticate', actionType: 'interactive', reasonType: 'none', mvpd: session.mvpd!, url: passPaths.authenticate(session.requestor, session.code) };
}

export async function directIfProfile(
  ctx: PassContext,
  q: { serviceProvider: string; deviceId: string; sso: { iss: string; sub: string } | null; mvpd: MvpdConfig; sessionId: string },
): Promise<SessionResponse | null> {
  const [existing] = await new ProfileStore(ctx.db).findLive({ requestor: q.serviceProvider, deviceId: q.deviceId, sso: q.sso, mvpd: q.mvpd.id });
  if (!existing) {
    // AuthNAll: no MVPD login while the rule is in force; the decisions authenticate (Adobe's degraded flow).
    if (degradationRulesFor(ctx.db).ruleFor(q.serviceProvider, q.mvpd.id)?.rule !== 'AuthNAll') return null;
    return {
      serviceProvider: q.serviceProvider,
      sessionId: q.sessionId,
      actionName: 'authorize',
      actionType: 'direct',
      reasonType: 'degraded',
      mvpd: q.mvpd.id,
      url: passPaths.authorize(q.serviceProvider, q.mvpd.id),
    };
  }
  return {
    serviceProvider: q.serviceProvider,
    sessionId: q.sessionId,
    actionName: 'authorize',
    actionType: 'direct',
    reasonType: existing.type === 'regular' ? 'authenticated' : 'authenticatedSSO',
    mvpd: q.mvpd.id,
  };
}

/** The given parameters must be valid; absent ones are fine (the session resumes later). */
export function validateParams(ctx: PassContext, p: SessionParams): MvpdConfig | undefined {
  const { requestor, mvpds } = ctx.config;
  if (p.redirectUrl && !isRegisteredDomain(p.redirectUrl, requestor.domains)) {
    throw new PassError('invalid_parameter_redirect_url', 'redirectUrl must be an http(s) URL on a registered domain');
  }
  if (p.domainName && !requestor.domains.includes(p.domainName)) {
    throw new PassError('invalid_parameter_redirect_url', `domainName "${p.domainName.slice(0, 64)}" is not registered`);
  }
  if (!p.mvpd) return undefined;
  const mvpd = mvpds.find((m) => m.id === p.mvpd);
  if (!mvpd || mvpd.enabled === false) throw new PassError('invalid_integration', `no active integration with "${p.mvpd.slice(0, 64)}"`);
  return mvpd;
}

export function isRegisteredDomain(url: string, domains: string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return domains.some((d) => parsed.hostname === d || parsed.hostname.endsWith(`.${d}`));
}
