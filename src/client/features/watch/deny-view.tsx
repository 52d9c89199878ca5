// What the viewer sees after a Deny (and when the gatekeeper refuses a media token during
// playback): the reason in plain words, the error code with its help link, and the way on.
// Its own chunk: a viewer who is permitted never downloads the Deny copy (deny-messages.ts).
import type { CatalogEntry } from '../../../shared/api/app-config.ts';
import type { ErrorBody } from '../../../shared/api/error-body.ts';
import { findObligation, OBLIGATIONS } from '../../../shared/obligations.ts';
import { offerAction, requirementText } from '../checkout/offer-copy.ts';
import { denyMessage, displayCode } from './deny-messages.ts';
import type { WatchState } from './watch-flow.ts';

type DenyState = Extract<WatchState, { step: 'deny' }>;

export interface DenyViewProps {
  state: DenyState;
  entry: CatalogEntry;
  /** The TV provider's display name, when the Deny came from one. */
  provider?: string;
  /** The parental limit the viewer's profile released, if any. */
  profileMaxRating?: string;
  demoCheckout: boolean;
  onPickProvider(): void;
  onCheckout(): void;
  onRetry(): void;
}

export function DenyView({ state, entry, provider, profileMaxRating, demoCheckout, onPickProvider, onCheckout, onRetry }: DenyViewProps) {
  const noEntitlement = state.error.code === 'NO_ENTITLEMENT' || state.error.code === 'no_entitlement';
  const upgrade = findObligation(state.obligations, OBLIGATIONS.upgrade)?.attributes;
  // restrict-pc may name the limit when the profile did not release it.
  const limit = profileMaxRating ?? findObligation(state.obligations, OBLIGATIONS.restrictPc)?.attributes?.maxRating;
  const upgradePackage = upgrade?.packageName ?? upgrade?.package;
  const msg = denyMessage(state.error, {
    title: entry.title,
    rating: entry.rating,
    ...(limit ? { maxRating: limit } : {}),
    ...(upgradePackage ? { upgradePackage } : {}),
    ...(provider ? { provider } : {}),
  });
  return (
    <div className="deny" role="alert">
      <h3>{noEntitlement && entry.offer?.kind === 'purchase' ? 'Pay-per-view' : msg.title}</h3>
      <p>{noEntitlement ? requirementText(entry) : msg.text}</p>
      <p className="hint">
        Error code{' '}
        <a href={state.error.helpUrl}>
          <code>{displayCode(state.error.code)}</code>
        </a>
        {state.error.trace ? (
          <>
            {' '}
            · trace <code>{state.error.trace}</code>
          </>
        ) : null}
      </p>
      <div className="actions">
        {msg.next === 'pick-provider' || msg.next === 'sign-in-provider' ? (
          <button type="button" onClick={onPickProvider}>
            {msg.next === 'pick-provider' ? 'Try another TV provider' : 'Sign in with your TV provider'}
          </button>
        ) : null}
        {msg.next === 'buy' && entry.offer && demoCheckout ? (
          <button type="button" className="primary" onClick={onCheckout}>
            {offerAction(entry.offer)} · {entry.offer.price}
          </button>
        ) : null}
        {msg.next === 'retry' ? (
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        ) : null}
      </div>
    </div>
  );
}

/** The gatekeeper refused the media token while the player loaded: the title of that Deny. */
export function MediaTokenRefused({ detail }: { detail: string }) {
  return (
    <p>
      <strong>{denyMessage({ code: 'media_token_invalid', action: 'authorization', message: '' }).title}.</strong> {detail}
    </p>
  );
}
