// The demo checkout page for one title's offer: plainly marked as a demo (no payment is
// taken, no card asked for). Confirming records the grant in the internal store; the
// caller then asks for a new decision, and the title plays at once.
import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { CatalogEntry } from '../../../shared/api/app-config.ts';
import { toErrorBody } from '../../lib/api-error.ts';
import { placeOrder } from './checkout-api.ts';
import { offerAction, type Offer } from './offer-copy.ts';

export function DemoCheckout({ entry, offer, ssoToken, onDone, onCancel }: { entry: CatalogEntry; offer: Offer; ssoToken: string; onDone(): void; onCancel(): void }) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await placeOrder(entry.id, ssoToken);
      await queryClient.invalidateQueries({ queryKey: ['checkout'] });
      await queryClient.invalidateQueries({ queryKey: ['playback'] });
      onDone();
    } catch (err) {
      setError(toErrorBody(err).message);
      setBusy(false);
    }
  };

  return (
    <div className="checkout" aria-labelledby="checkout-title" role="group">
      <p className="demo-banner">
        <strong>Demo checkout.</strong> No payment is taken and no card is needed: confirming records the {offer.kind === 'purchase' ? 'purchase' : 'plan'} in
        Playgate’s own entitlement store.
      </p>
      <h3 id="checkout-title" ref={headingRef} tabIndex={-1}>
        {offerAction(offer)}
      </h3>
      <dl className="facts">
        <dt>{offer.kind === 'purchase' ? 'Pay-per-view' : 'Plan'}</dt>
        <dd>{offer.name}</dd>
        <dt>Price</dt>
        <dd>
          {offer.price} <span className="hint">(demo: you are not charged)</span>
        </dd>
        <dt>Watch</dt>
        <dd>{offer.kind === 'purchase' ? entry.title : `${entry.title} and everything else in ${offer.name}`}</dd>
      </dl>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>
          {offer.kind === 'purchase' ? 'Confirm demo purchase' : 'Confirm demo upgrade'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
