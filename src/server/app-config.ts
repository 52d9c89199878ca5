// GET /app-config.json: the SPA's public settings (never a secret) and the catalog.
import type { AppConfig } from '../shared/api/app-config.ts';
import type { Config } from './config/schema.ts';
import { SPA_CALLBACK_PATH, SPA_SCOPE } from './idp/idp-provider.ts';

export function appConfig(config: Config, softwareStatement: string): AppConfig {
  return {
    serviceProvider: config.requestor.id,
    softwareStatement,
    redirectUri: `${config.app.publicUrl}${SPA_CALLBACK_PATH}`,
    idp: {
      issuer: config.idp.issuer,
      clientId: config.idp.clientId,
      scope: SPA_SCOPE,
      audience: config.idp.audience,
      algorithms: config.idp.algorithms,
      entitlementClaims: config.idp.entitlementClaims,
    },
    catalog: config.resources.map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      kind: r.kind,
      rating: r.rating,
      access: r.access.type,
      poster: `/posters/${r.id}.svg`,
    })),
  };
}
