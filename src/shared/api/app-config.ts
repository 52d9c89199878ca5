// GET /app-config.json: the public settings the SPA boots with. Never a secret.
import { Type, type Static } from '@sinclair/typebox';

export const CatalogEntrySchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  kind: Type.Union([Type.Literal('live'), Type.Literal('vod')]),
  rating: Type.String(),
  /** `tve` = decided by the viewer's TV provider; `direct` = by the viewer's own entitlements. */
  access: Type.Union([Type.Literal('tve'), Type.Literal('direct')]),
  poster: Type.String(),
});
export type CatalogEntry = Static<typeof CatalogEntrySchema>;

export const AppConfigSchema = Type.Object({
  serviceProvider: Type.String(),
  softwareStatement: Type.String(),
  redirectUri: Type.String(),
  idp: Type.Object({
    issuer: Type.String(),
    clientId: Type.String(),
    scope: Type.String(),
    audience: Type.String(),
    algorithms: Type.Array(Type.String()),
    entitlementClaims: Type.Array(Type.String()),
  }),
  catalog: Type.Array(CatalogEntrySchema),
  /** Publisher SSO (Cleeng-style) for the SPA's publisher mode; null when not configured. */
  publisherSso: Type.Union([
    Type.Object({
      exchangePath: Type.String(),
      refreshPath: Type.String(),
      issuer: Type.String(),
      audience: Type.String(),
      typ: Type.String(),
      jwksUri: Type.String(),
    }),
    Type.Null(),
  ]),
});
export type AppConfig = Static<typeof AppConfigSchema>;
