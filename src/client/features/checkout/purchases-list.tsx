// Account's "Purchases and plans": the viewer's own grants from the demo checkout (and any
// recorded for them), each with a Refund that revokes it.
import type { ViewerGrant } from '../../../shared/api/checkout.ts';
import { toErrorBody } from '../../lib/api-error.ts';
import { useRefund, useViewerGrants } from './checkout-api.ts';

export function PurchasesList({ viewer, ssoToken }: { viewer: string; ssoToken: string }) {
  const grants = useViewerGrants(viewer, ssoToken, true);
  const refund = useRefund(ssoToken);
  const describe = (g: ViewerGrant) => (g.kind === 'purchase' ? `Purchase · ${g.name}` : `Plan · ${g.name}`);
  return (
    <>
      <h3>Purchases and plans</h3>
      {grants.isPending ? <p role="status">Loading…</p> : null}
      {grants.error ? <p role="alert">Your purchases could not be loaded.</p> : null}
      {grants.data && grants.data.grants.length === 0 ? <p>No purchases or plans yet.</p> : null}
      {grants.data && grants.data.grants.length > 0 ? (
        <ul className="grants">
          {grants.data.grants.map((g) => (
            <li key={g.id} aria-label={describe(g)}>
              <span>
                <strong>{describe(g)}</strong>
                <span className="hint">
                  {' '}
                  · watch {g.titles.join(', ')} · since {new Date(g.createdAt).toLocaleDateString()}
                </span>
              </span>
              <button type="button" disabled={refund.isPending} onClick={() => refund.mutate(g.id)}>
                Refund {g.name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {refund.isSuccess ? <p role="status">Refunded. The title is no longer available to you.</p> : null}
      {refund.error ? <p role="alert">The refund did not work: {toErrorBody(refund.error).message}</p> : null}
    </>
  );
}
