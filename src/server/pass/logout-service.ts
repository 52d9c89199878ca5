// Logout for one MVPD: deletes this device's profile and, with a service token, the
// viewer's SSO profiles too (and their cached decisions). The answer says what the app
// does next: open the MVPD's logout URL (logout/interactive), nothing (complete/none),
// or nothing because there was no profile (invalid/none).
import type { PassContext } from '../context/pass-context.ts';
import { PassError } from '../http/pass-error.ts';
import { ProfileStore } from './profile-store.ts';
import { DecisionCache } from './decision-cache.ts';
import { isRegisteredDomain } from './session-service.ts';
import { MVPD_LOGOUT_RETURNS } from '../mvpd/mvpd-provider.ts';
import type { SsoIdentity } from '../tokens/sso-verifier.ts';

export interface LogoutInput {
  serviceProvider: string;
  mvpdId: string;
  deviceId: string;
  sso: SsoIdentity | null;
  redirectUrl?: string | undefined;
}

export async function logout(ctx: PassContext, input: LogoutInput) {
  const mvpd = ctx.config.mvpds.find((m) => m.id === input.mvpdId);
  if (!mvpd) throw new PassError('invalid_integration', `no integration with "${input.mvpdId.slice(0, 64)}"`);
  if (input.redirectUrl && !isRegisteredDomain(input.redirectUrl, ctx.config.requestor.domains)) {
    throw new PassError('invalid_parameter_redirect_url', 'redirectUrl must be an http(s) URL on a registered domain');
  }
  const profiles = new ProfileStore(ctx.db);
  const lookup = { requestor: input.serviceProvider, deviceId: input.deviceId, sso: input.sso, mvpd: mvpd.id };
  const live = await profiles.findLive(lookup);
  // Every deleted profile's decisions go too, not only the one findLive picked per MVPD.
  const deleted = await profiles.deleteFor(lookup);
  await new DecisionCache(ctx.db).dropProfile(deleted);

  const entry = (actionName: string, actionType: string, url?: string) => ({ logouts: { [mvpd.id]: { mvpd: mvpd.id, actionName, actionType, ...(url ? { url } : {}) } } });
  if (live.length === 0 && deleted.length === 0) return entry('invalid', 'none');
  if (mvpd.logout !== 'interactive') return entry('complete', 'none');
  return entry('logout', 'interactive', mvpdLogoutUrl(ctx, input.redirectUrl));
}

/** The simulator's end-session endpoint, returning to a registered app page. */
function mvpdLogoutUrl(ctx: PassContext, redirectUrl: string | undefined): string {
  const app = ctx.config.app.publicUrl;
  const registered = MVPD_LOGOUT_RETURNS.map((p) => `${app}${p}`);
  const back = redirectUrl && registered.includes(redirectUrl) ? redirectUrl : registered[0]!;
  const url = new URL(`${ctx.config.mvpdSimulator.issuer}/session/end`);
  url.searchParams.set('client_id', ctx.config.mvpdSimulator.clientId);
  url.searchParams.set('post_logout_redirect_uri', back);
  return url.href;
}
