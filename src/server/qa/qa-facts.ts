// The configuration facts a test matrix is computed from: every MVPD subscriber with
// packages and parental limit, every title with its package and rating. Never a password.
import { RATINGS, type Config } from '../config/schema.ts';
import type { QaFacts } from '../../shared/api/qa.ts';

export function qaFacts(config: Config): QaFacts {
  return {
    serviceProvider: config.requestor.id,
    idpIssuer: config.idp.issuer,
    mvpdIssuer: config.mvpdSimulator.issuer,
    ratings: [...RATINGS],
    subscribers: config.mvpds
      .filter((m) => m.enabled !== false)
      .flatMap((m) => m.subscribers.map((s) => ({ mvpd: m.id, username: s.username, packages: [...s.packages], maxRating: s.maxRating ?? null }))),
    resources: config.resources.map((r) => ({
      id: r.id,
      title: r.title,
      access: r.access.type,
      package: r.access.type === 'tve' ? r.access.package : null,
      rating: r.rating,
    })),
  };
}
