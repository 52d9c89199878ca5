// GET /app-config.json: the public settings the SPA boots with. Never a secret.
import { Type, type Static } from '@sinclair/typebox';
import { CLAIM_FORMATS, CLAIM_SOURCES } from '../claims/entitlement-claims.ts';
import { AUDIENCE_CLAIMS } from '../tokens/audience-rule.ts';

export const CatalogEntrySchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  kind: Type.Union([Type.Literal('live'), Type.Literal('vod')]),
  rating: Type.String(),
  /** `tve` = decided by the viewer's TV provider; `direct` = by the viewer's own entitlements. */
  access: Type.Union([Type.Literal('tve'), Type.Literal('direct')]),
  poster: Type.String(),
  /** A direct title's way in for a viewer without it: buy this title, or a plan that includes it. */
  offer: Type.Optional(Type.Object({ kind: Type.Union([Type.Literal('purchase'), Type.Literal('subscription')]), name: Type.String(), price: Type.String() })),
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
    /** Where the access token names its audience: `aud`, or `client_id` (Cognito-style, no `aud`). */
    audienceClaim: Type.Union(AUDIENCE_CLAIMS.map((c) => Type.Literal(c))),
    /** RFC 8707 resource indicator, sent at authorization and token requests; null: none. */
    resource: Type.Union([Type.String(), Type.Null()]),
    /** Further authorization request parameters. */
    extraAuthParams: Type.Record(Type.String(), Type.String()),
    algorithms: Type.Array(Type.String()),
    /** Accepted access-token `typ` values; empty: not checked. */
    accessTokenTypes: Type.Array(Type.String()),
    clockToleranceSeconds: Type.Integer(),
    switchViewerPrompt: Type.Union([Type.Literal('login'), Type.Literal('select_account')]),
    /** The entitlement claims, resolved (see src/shared/claims/entitlement-claims.ts). */
    entitlementClaims: Type.Array(
      Type.Object({
        path: Type.String(),
        format: Type.Union(CLAIM_FORMATS.map((f) => Type.Literal(f))),
        from: Type.Union(CLAIM_SOURCES.map((f) => Type.Literal(f))),
        map: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))),
        unmapped: Type.Optional(Type.Union([Type.Literal('keep'), Type.Literal('drop')])),
      }),
    ),
  }),
  catalog: Type.Array(CatalogEntrySchema),
  /** Where the TV providers' sign-in pages are (the MVPD simulator's origin): the deployment test kit expects its popups there. */
  mvpdOrigin: Type.Optional(Type.String()),
  /** The QA admin API is on here (an admin token is configured, not production mode): the app offers its test console. */
  qaConsole: Type.Optional(Type.Boolean()),
  /** The demo checkout's base path (no payment is taken), or null when it is off. */
  demoCheckout: Type.Union([Type.String(), Type.Null()]),
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
  /** Stream limits (Concurrency Monitoring, /cm/v2): the web app's application id; null when off. */
  concurrency: Type.Optional(Type.Union([Type.Object({ applicationId: Type.String() }), Type.Null()])),
});
export type AppConfig = Static<typeof AppConfigSchema>;
