// Creating an authentication session: what the app must do next (authenticate in a
// user agent, or authorize directly because a profile already exists).
import { randomUUID } from 'node:crypto';
import type { SessionResponse } from '../../shared/api/pass.ts';
import { passPaths } from '../../shared/pass-paths.ts';
import { PassError } from '../http/pass-error.ts';
import type { PassContext } from './pass-context.ts';
import { ProfileStore } from './profile-store.ts';
import { SessionStore } from './session-store.ts';
import type { SsoIdentity } from '../tokens/sso-verifier.ts';

export interface CreateSessionInput {
  serviceProvider: string;
  clientId: string;
  deviceId: string;
  sso: SsoIdentity | null;
  mvpd?: string | undefined;
  domainName?: string | undefined;
  redirectUrl?: string | undefined;
}

export async function createSession(ctx: PassContext, input: CreateSessionInput): Promise<SessionResponse> {
  const { config } = ctx;
  const base = { serviceProvider: input.serviceProvider, sessionId: randomUUID() };
  const missing = (['mvpd', 'domainName', 'redirectUrl'] as const).filter((k) => !input[k]);
  if (input.redirectUrl && !isRegisteredDomain(input.redirectUrl, config.requestor.domains)) {
    throw new PassError('invalid_parameter_redirect_url', 'redirectUrl must be an http(s) URL on a registered domain');
  }
  if (input.domainName && !config.requestor.domains.includes(input.domainName)) {
    throw new PassError('invalid_parameter_redirect_url', `domainName "${input.domainName.slice(0, 64)}" is not registered`);
  }
  const mvpd = input.mvpd ? config.mvpds.find((m) => m.id === input.mvpd) : undefined;
  if (input.mvpd && (!mvpd || mvpd.enabled === false)) throw new PassError('invalid_integration', `no active integration with "${input.mvpd.slice(0, 64)}"`);

  if (mvpd) {
    const [existing] = await new ProfileStore(ctx.db).findLive({ requestor: input.serviceProvider, deviceId: input.deviceId, sso: input.sso, mvpd: mvpd.id });
    if (existing) {
      return {
        ...base,
        actionName: 'authorize',
        actionType: 'direct',
        reasonType: existing.type === 'regular' ? 'authenticated' : 'authenticatedSSO',
        mvpd: mvpd.id,
      };
    }
  }

  const now = Date.now();
  const session = await new SessionStore(ctx.db).create({
    session_id: base.sessionId,
    requestor: input.serviceProvider,
    client_id: input.clientId,
    device_id: input.deviceId,
    mvpd: mvpd?.id ?? null,
    domain_name: input.domainName ?? null,
    redirect_url: input.redirectUrl ?? null,
    sso_issuer: input.sso?.iss ?? null,
    sso_subject: input.sso?.sub ?? null,
    not_before: now,
    not_after: now + config.tokens.authenticationSessionTtlSeconds * 1000,
  });
  const window = { code: session.code, notBefore: String(session.not_before), notAfter: String(session.not_after) };
  if (missing.length > 0) {
    return { ...base, actionName: 'resume', actionType: 'interactive', reasonType: 'none', missingParameters: missing, ...window };
  }
  return {
    ...base,
    actionName: 'authenticate',
    actionType: 'interactive',
    reasonType: 'none',
    mvpd: mvpd!.id,
    url: passPaths.authenticate(input.serviceProvider, session.code),
    ...window,
  };
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
