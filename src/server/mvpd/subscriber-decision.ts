// The MVPD's own Permit/Deny for (subscriber, resource): the resource's channel package
// must be in the subscriber's packages, and its rating within their parental limit. Like
// a real MVPD's XACML answer, a verdict may carry obligations: `upgrade` (naming the
// package) when the subscriber is offered it, `restrict-pc` on a parental Deny, and
// `re-authz` on a Permit for a subscriber configured with `reAuthzSeconds`.
import { RATINGS, type Rating, type ResourceConfig, type SubscriberConfig } from '../config/schema.ts';
import { OBLIGATIONS, type Obligation } from '../../shared/obligations.ts';

export type MvpdVerdict =
  | { decision: 'Permit'; obligations?: Obligation[] }
  | { decision: 'Deny'; reason: 'not_in_package' | 'parental_control' | 'unknown_resource' | 'unknown_subscriber'; obligations?: Obligation[] };

export function decideForSubscriber(subscriber: SubscriberConfig | undefined, resource: ResourceConfig | undefined): MvpdVerdict {
  if (!subscriber) return { decision: 'Deny', reason: 'unknown_subscriber' };
  if (!resource || resource.access.type !== 'tve') return { decision: 'Deny', reason: 'unknown_resource' };
  const pkg = resource.access.package;
  if (!subscriber.packages.includes(pkg)) {
    const offer = subscriber.upgradeOffers?.find((o) => o.package === pkg);
    return { decision: 'Deny', reason: 'not_in_package', ...(offer ? { obligations: [{ id: OBLIGATIONS.upgrade, attributes: { package: offer.package, packageName: offer.name } }] } : {}) };
  }
  if (subscriber.maxRating && ratingRank(resource.rating) > ratingRank(subscriber.maxRating)) {
    return { decision: 'Deny', reason: 'parental_control', obligations: [{ id: OBLIGATIONS.restrictPc, attributes: { maxRating: subscriber.maxRating } }] };
  }
  return subscriber.reAuthzSeconds ? { decision: 'Permit', obligations: [{ id: OBLIGATIONS.reAuthz, attributes: { seconds: String(subscriber.reAuthzSeconds) } }] } : { decision: 'Permit' };
}

const ratingRank = (r: Rating) => RATINGS.indexOf(r);
