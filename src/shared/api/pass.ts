// Contracts of the viewer-facing API (/api/v2), shaped like Adobe's restApiV2.json.
import { Type, type Static } from '@sinclair/typebox';
import { ErrorBodySchema } from './error-body.ts';
import { SafeText } from './safe-text.ts';
import { OBLIGATION_IDS } from '../obligations.ts';

export const MvpdSchema = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  logoUrl: Type.String(),
  isTempPass: Type.Boolean(),
  isProxy: Type.Boolean(),
  boardingStatus: Type.String(),
  displayInPlatformPicker: Type.Boolean(),
  enablePlatformServices: Type.Boolean(),
});

export const ConfigurationResponseSchema = Type.Object({
  requestor: Type.Object({
    id: Type.String(),
    name: Type.String(),
    domains: Type.Array(Type.Object({ name: Type.String(), mvpdInitiated: Type.Boolean() })),
    mvpds: Type.Array(MvpdSchema),
  }),
});
export type ConfigurationResponse = Static<typeof ConfigurationResponseSchema>;

export const CreateSessionBodySchema = Type.Object({
  mvpd: Type.Optional(SafeText(128)),
  domainName: Type.Optional(SafeText(255)),
  redirectUrl: Type.Optional(SafeText(2048)),
});

export const SessionResponseSchema = Type.Object({
  actionName: Type.String(),
  actionType: Type.String(),
  reasonType: Type.String(),
  serviceProvider: Type.String(),
  sessionId: Type.String(),
  mvpd: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  notBefore: Type.Optional(Type.String()),
  notAfter: Type.Optional(Type.String()),
  missingParameters: Type.Optional(Type.Array(Type.String())),
});
export type SessionResponse = Static<typeof SessionResponseSchema>;

/** Partner SSO (sessions/sso/{partner}): both parameters are required by Adobe, but a missing one is a fallback (missing_parameters_fallback), not an error. */
export const PartnerSessionBodySchema = Type.Object({
  domainName: Type.Optional(SafeText(255)),
  redirectUrl: Type.Optional(SafeText(2048)),
});

export const PartnerSessionResponseSchema = Type.Composite([
  SessionResponseSchema,
  Type.Object({
    /** Present with actionName partner_profile: what the app hands the partner framework. */
    authenticationRequest: Type.Optional(Type.Object({ type: Type.String(), request: Type.String(), attributesNames: Type.Array(Type.String()) })),
  }),
]);

export const PartnerProfileBodySchema = Type.Object({
  /** The partner framework's authentication response, Base64-encoded (then URL-encoded in the form). */
  SAMLResponse: Type.String({ minLength: 1, maxLength: 24576 }),
});

export const SessionStatusSchema = Type.Object({
  existingParameters: Type.Record(Type.String(), Type.String()),
  missingParameters: Type.Array(Type.String()),
  notBefore: Type.String(),
  notAfter: Type.String(),
});

export const LogoutResponseSchema = Type.Object({
  logouts: Type.Record(
    Type.String(),
    Type.Object({ mvpd: Type.String(), actionName: Type.String(), actionType: Type.String(), url: Type.Optional(Type.String()) }),
  ),
});
export type LogoutResponse = Static<typeof LogoutResponseSchema>;

export const AttributeSchema = Type.Object({ value: Type.Unknown(), state: Type.String() });

export const ProfileSchema = Type.Object({
  notBefore: Type.Integer(),
  notAfter: Type.Integer(),
  issuer: Type.String(),
  type: Type.String(),
  attributes: Type.Record(Type.String(), AttributeSchema),
});
export type Profile = Static<typeof ProfileSchema>;

export const ProfilesResponseSchema = Type.Object({
  profiles: Type.Record(Type.String(), ProfileSchema),
});
export type ProfilesResponse = Static<typeof ProfilesResponseSchema>;

export const DecisionRequestSchema = Type.Object({
  resources: Type.Array(SafeText(4096, 1), { minItems: 1, maxItems: 20 }),
});

export const MediaTokenSchema = Type.Object({
  notBefore: Type.Integer(),
  notAfter: Type.Integer(),
  serializedToken: Type.String(),
});

/**
 * An MVPD obligation passed through a decision (a Playgate extension of Adobe's
 * DecisionResponse, which does not forbid extra properties): the XACML obligation id and
 * its attribute assignments. Adobe's own fields carry the effect too: a re-authz sets the
 * Permit's `notAfter`, and a Deny keeps its enhanced error code.
 */
export const ObligationSchema = Type.Object({
  id: Type.Union(OBLIGATION_IDS.map((id) => Type.Literal(id))),
  attributes: Type.Optional(Type.Record(Type.String(), Type.String())),
});

export const DecisionSchema = Type.Object({
  resource: Type.String(),
  serviceProvider: Type.String(),
  mvpd: Type.String(),
  source: Type.String(),
  authorized: Type.Boolean(),
  notBefore: Type.Optional(Type.Integer()),
  notAfter: Type.Optional(Type.Integer()),
  token: Type.Optional(MediaTokenSchema),
  error: Type.Optional(ErrorBodySchema),
  obligations: Type.Optional(Type.Array(ObligationSchema)),
});
export type Decision = Static<typeof DecisionSchema>;

export const DecisionsResponseSchema = Type.Object({ decisions: Type.Array(DecisionSchema) });
export type DecisionsResponse = Static<typeof DecisionsResponseSchema>;
