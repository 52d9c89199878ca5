// The QA admin API's contract (/admin/qa/*): request and response schemas shared by the
// server routes, the test console, the CLI and the deployment test kit.
import { Type, type Static } from '@sinclair/typebox';

export const QA_PREFIX = '/admin/qa';
export const QA_MODES = ['normal', 'slow', 'down', 'deny'] as const;
export type QaMode = (typeof QA_MODES)[number];

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });

export const MvpdModeSchema = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  mode: Type.Union(QA_MODES.map((m) => Type.Literal(m))),
  slowMs: Type.Integer(),
  /** Playgate's budget for this MVPD's authorization answer (config `authorizationTimeoutMs`). */
  timeoutMs: Type.Integer(),
  /** What a viewer will see: `slow` at or above the timeout is a timeout Deny, not a late Permit. */
  effect: Type.Union([Type.Literal('answers'), Type.Literal('answers late'), Type.Literal('times out'), Type.Literal('down'), Type.Literal('denies')]),
  /** Home-based authentication: the home-based subscriber whose home network the browser is on, or null. */
  homeNetwork: Type.Union([Type.String(), Type.Null()]),
});
export type MvpdMode = Static<typeof MvpdModeSchema>;
export const MvpdModesSchema = Type.Object({ mvpds: Type.Array(MvpdModeSchema) });
export type MvpdModes = Static<typeof MvpdModesSchema>;

export const SetMvpdModeBodySchema = Type.Object(
  {
    mode: Type.Union(QA_MODES.map((m) => Type.Literal(m))),
    slowMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120000 })),
    /** A home-based subscriber of this MVPD: the browser is "at home" there (sign-in without a password); null: nobody's. */
    homeNetwork: Type.Optional(Type.Union([Text(64), Type.Null()])),
  },
  { additionalProperties: false },
);
export type SetMvpdModeBody = Static<typeof SetMvpdModeBodySchema>;

/** Who: a viewer by SSO identity (`issuer` defaults to the configured IdP) and/or devices. */
const Who = {
  subject: Type.Optional(Text(256)),
  issuer: Type.Optional(Text(512)),
  deviceIds: Type.Optional(Type.Array(Text(256), { maxItems: 20 })),
};

export const ResetViewerBodySchema = Type.Object(
  {
    ...Who,
    /** Also revoke the viewer's internal entitlement grants and restore the config's demo grants (default true). */
    grants: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ResetViewerBody = Static<typeof ResetViewerBodySchema>;
export const ResetViewerResultSchema = Type.Object({
  profiles: Type.Integer(),
  decisions: Type.Integer(),
  sessions: Type.Integer(),
  lifetimeOverrides: Type.Integer(),
  grantsRevoked: Type.Integer(),
  grantsRestored: Type.Integer(),
});
export type ResetViewerResult = Static<typeof ResetViewerResultSchema>;

export const ExpireProfilesBodySchema = Type.Object({ ...Who, mvpd: Type.Optional(Text(64)) }, { additionalProperties: false });
export type ExpireProfilesBody = Static<typeof ExpireProfilesBodySchema>;
/** No one named: the whole decision cache. */
export const ExpireDecisionsBodySchema = Type.Object(Who, { additionalProperties: false });
export type ExpireDecisionsBody = Static<typeof ExpireDecisionsBodySchema>;
export const ExpiredSchema = Type.Object({ expired: Type.Integer() });

export const SetLifetimesBodySchema = Type.Object(
  {
    subject: Type.Optional(Text(256)),
    issuer: Type.Optional(Text(512)),
    deviceId: Type.Optional(Text(256)),
    /** The lifetime of the profile the next authentication saves. At least one of the three. */
    profileSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 86400 })),
    /** The lifetime of the media tokens of that profile's Permits. */
    mediaTokenSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 86400 })),
    /** How long that profile's MVPD answers are cached (and a Permit's notAfter). */
    decisionSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 86400 })),
  },
  { additionalProperties: false },
);
export type SetLifetimesBody = Static<typeof SetLifetimesBodySchema>;
export const LifetimeOverrideSchema = Type.Object({
  id: Type.String(),
  scope: Type.String(),
  profileSeconds: Type.Optional(Type.Integer()),
  mediaTokenSeconds: Type.Optional(Type.Integer()),
  decisionSeconds: Type.Optional(Type.Integer()),
  createdAt: Type.Integer(),
  expiresAt: Type.Integer(),
});
export type LifetimeOverrideView = Static<typeof LifetimeOverrideSchema>;

/** The facts the persona × MVPD × resource matrix is computed from (no passwords). */
export const QaFactsSchema = Type.Object({
  serviceProvider: Type.String(),
  idpIssuer: Type.String(),
  mvpdIssuer: Type.String(),
  /** Rating order, least restrictive first. */
  ratings: Type.Array(Type.String()),
  subscribers: Type.Array(Type.Object({ mvpd: Type.String(), username: Type.String(), packages: Type.Array(Type.String()), maxRating: Type.Union([Type.String(), Type.Null()]) })),
  resources: Type.Array(
    Type.Object({ id: Type.String(), title: Type.String(), access: Type.Union([Type.Literal('tve'), Type.Literal('direct')]), package: Type.Union([Type.String(), Type.Null()]), rating: Type.String() }),
  ),
});
export type QaFacts = Static<typeof QaFactsSchema>;
