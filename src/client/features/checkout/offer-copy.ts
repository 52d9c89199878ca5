// What a direct title asks of a viewer who does not have it, in its own words: a
// pay-per-view title is bought once; a plan title comes with the plan (an upgrade).
import type { CatalogEntry } from '../../../shared/api/app-config.ts';

export type Offer = NonNullable<CatalogEntry['offer']>;

export function offerAction(offer: Offer): string {
  return offer.kind === 'purchase' ? `Buy ${offer.name}` : `Upgrade to ${offer.name}`;
}

export function requirementText(entry: Pick<CatalogEntry, 'title' | 'offer'>): string {
  const { offer } = entry;
  if (!offer) return `${entry.title} is not included in your plan.`;
  return offer.kind === 'purchase'
    ? `${entry.title} is pay-per-view: it is not part of any plan, Premium included. Buy it once (${offer.price}) to watch it.`
    : `${entry.title} is included with ${offer.name} (${offer.price}). Upgrade your plan to watch it.`;
}

/** The catalog badge of a title the viewer cannot watch yet. */
export function lockedLabel(offer: Offer | undefined): string {
  if (!offer) return 'Not in your plan';
  return offer.kind === 'purchase' ? 'Pay-per-view' : `With ${offer.name}`;
}
