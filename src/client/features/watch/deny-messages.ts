// What the viewer is told for each refusal, chosen by error `code` (then `action`),
// with the next step the UI offers. One table, unit tested.
import type { ErrorBody } from '../../../shared/api/error-body.ts';

export type NextStep = 'pick-provider' | 'sign-in-provider' | 'retry' | 'sign-in' | 'buy' | 'none';

export interface DenyMessage {
  title: string;
  text: string;
  next: NextStep;
}

const BY_CODE: Record<string, DenyMessage> = {
  authorization_denied_by_mvpd: { title: 'Not in your package', text: 'Your TV provider does not include this title in your package. Try another provider or upgrade your package.', next: 'pick-provider' },
  authorization_denied_by_parental_controls: { title: 'Blocked by parental controls', text: 'Parental controls on your TV provider account block this title.', next: 'pick-provider' },
  network_connection_timeout: { title: 'Your TV provider is not answering', text: 'Your TV provider did not answer in time. Please try again in a moment.', next: 'retry' },
  network_received_error: { title: 'Your TV provider had a problem', text: 'Your TV provider answered with an error. Please try again in a moment.', next: 'retry' },
  authenticated_profile_missing: { title: 'Sign in with your TV provider', text: 'We could not find your TV provider sign-in on this device.', next: 'sign-in-provider' },
  authenticated_profile_expired: { title: 'Your TV provider sign-in has expired', text: 'Please sign in with your TV provider again.', next: 'sign-in-provider' },
  invalid_authentication_session: { title: 'The sign-in expired', text: 'The TV provider sign-in took too long or was already used. Please start again.', next: 'sign-in-provider' },
  temporary_access_duration_limit_exceeded: { title: 'Your free preview is over — sign in with your TV provider', text: 'Sign in with your TV provider to keep watching.', next: 'pick-provider' },
  temporary_access_resources_limit_exceeded: { title: 'Your free preview covers no more titles', text: 'Sign in with your TV provider to watch this title.', next: 'pick-provider' },
  authorization_denied_by_degradation_rule: { title: 'Not available from this TV provider right now', text: 'Your TV provider cannot authorize viewing at the moment. Please try again later or use another provider.', next: 'pick-provider' },
  NO_ENTITLEMENT: { title: 'Not included in your plan', text: 'This title needs a premium membership or a purchase. Upgrade or buy it to watch.', next: 'buy' },
  no_entitlement: { title: 'Not included in your plan', text: 'This title needs a premium membership or a purchase. Upgrade or buy it to watch.', next: 'buy' },
  NOT_AUTHENTICATED: { title: 'Sign in to watch', text: 'Sign in with your Playgate ID to watch this title.', next: 'sign-in' },
  TOKEN_ERROR: { title: 'Please sign in again', text: 'Your sign-in has expired or could not be verified.', next: 'sign-in' },
  NO_ENTITY_EXIST: { title: 'Not found', text: 'This title is no longer available.', next: 'none' },
  media_token_replayed: { title: 'Playback was refused', text: 'This playback link was already used. Ask for a new decision to continue.', next: 'retry' },
  media_token_invalid: { title: 'Playback was refused', text: 'The media server refused this playback. Ask for a new decision to continue.', next: 'retry' },
  media_token_missing: { title: 'Playback was refused', text: 'The media server refused this playback. Ask for a new decision to continue.', next: 'retry' },
};

const BY_ACTION: Record<string, DenyMessage> = {
  retry: { title: 'Something went wrong', text: 'Please try again.', next: 'retry' },
  'retry-after': { title: 'Too many requests', text: 'Please wait a moment and try again.', next: 'retry' },
  authentication: { title: 'Sign in again', text: 'Please sign in with your TV provider again.', next: 'sign-in-provider' },
  'application-registration': { title: 'Please sign in again', text: 'This app needs to register again. Reload the page.', next: 'sign-in' },
};

/** What the panel knows about the title and the provider, to say it in the viewer's words. */
export interface DenyContext {
  title?: string;
  rating?: string;
  /** The parental limit the TV provider released for this account (profile attribute). */
  maxRating?: string;
  /** The provider's display name. */
  provider?: string;
  /** The package the MVPD's `upgrade` obligation names (its display name). */
  upgradePackage?: string;
}

export function denyMessage(error: Pick<ErrorBody, 'code' | 'action' | 'message'>, ctx: DenyContext = {}): DenyMessage {
  // The MVPD's upgrade obligation: say which package would open the title.
  if (error.code === 'authorization_denied_by_mvpd' && ctx.upgradePackage) {
    return { title: 'Upgrade your package', text: `${ctx.title ?? 'This title'} is in ${ctx.upgradePackage}. Upgrade your package with ${ctx.provider ?? 'your TV provider'} to add ${ctx.upgradePackage} and watch it.`, next: 'pick-provider' };
  }
  const base = BY_CODE[error.code] ?? BY_ACTION[error.action] ?? { title: 'Not available', text: error.message, next: 'none' };
  const specific = specificText(error.code, ctx);
  return specific ? { ...base, text: specific } : base;
}

function specificText(code: string, { title, rating, maxRating, provider }: DenyContext): string | undefined {
  const what = title ?? 'This title';
  switch (code) {
    case 'authorization_denied_by_parental_controls':
      if (!rating) return undefined;
      return maxRating
        ? `${what} is rated ${rating}. Parental controls on your ${provider ?? 'TV provider'} account allow up to ${maxRating}.`
        : `${what} is rated ${rating}, above the parental limit on your ${provider ?? 'TV provider'} account.`;
    case 'authorization_denied_by_mvpd':
      return provider ? `${provider} does not include ${title ?? 'this title'} in your package. Try another TV provider, or ask ${provider} about upgrading your package.` : undefined;
    case 'network_connection_timeout':
      return provider ? `${provider} did not answer in time. Please try again in a moment.` : undefined;
    case 'network_received_error':
      return provider ? `${provider} answered with an error. Please try again in a moment.` : undefined;
    default:
      return undefined;
  }
}

/** Codes are shown one way (lower case), whichever API answered. */
export const displayCode = (code: string) => code.toLowerCase();
