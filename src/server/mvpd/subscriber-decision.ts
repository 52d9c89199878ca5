// The MVPD's own Permit/Deny for (subscriber, resource): the resource's channel package
// must be in the subscriber's packages, and its rating within their parental limit.
import { RATINGS, type Rating, type ResourceConfig, type SubscriberConfig } from '../config/schema.ts';

export type MvpdVerdict =
  | { decision: 'Permit' }
  | { decision: 'Deny'; reason: 'not_in_package' | 'parental_control' | 'unknown_resource' | 'unknown_subscriber' };

export function decideForSubscriber(subscriber: SubscriberConfig | undefined, resource: ResourceConfig | undefined): MvpdVerdict {
  if (!subscriber) return { decision: 'Deny', reason: 'unknown_subscriber' };
  if (!resource || resource.access.type !== 'tve') return { decision: 'Deny', reason: 'unknown_resource' };
  if (!subscriber.packages.includes(resource.access.package)) return { decision: 'Deny', reason: 'not_in_package' };
  if (subscriber.maxRating && ratingRank(resource.rating) > ratingRank(subscriber.maxRating)) {
    return { decision: 'Deny', reason: 'parental_control' };
  }
  return { decision: 'Permit' };
}

const ratingRank = (r: Rating) => RATINGS.indexOf(r);
