// The shape of playgate.config.json. Parsed once at start-up (see load-config.ts);
// everything downstream receives the resolved, typed `Config`.
import { Type, type Static } from '@sinclair/typebox';
import { ConcurrencySchema } from './concurrency-schema.ts';
import { TempPassSchema } from './temp-pass-schema.ts';
import { PartnerSsoSchema } from './partner-sso-schema.ts';
import type { Kek } from '../tokens/kek.ts';
import { CLAIM_FORMATS, CLAIM_SOURCES, type ClaimSpec } from '../../shared/claims/entitlement-claims.ts';
import { AUDIENCE_CLAIMS } from '../../shared/tokens/audience-rule.ts';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' });
const Port = Type.Integer({ minimum: 0, maximum: 65535 });
const Url = Type.String({ pattern: '^https?://[^\\s]+$' });
const Seconds = Type.Integer({ minimum: 1 });
/** JWS algorithms a verifier may be pinned to. */
const Algorithms = Type.Array(Type.Union([Type.Literal('ES256'), Type.Literal('RS256'), Type.Literal('PS256'), Type.Literal('EdDSA')]), { minItems: 1 });
/** TV parental ratings, least to most restrictive content. */
export const RATINGS = ['TV-Y', 'TV-Y7', 'TV-G', 'TV-PG', 'TV-14', 'TV-MA'] as const;
const Rating = Type.Union(RATINGS.map((r) => Type.Literal(r)));
/** normal; slow: answers after slowMs; down: HTTP 503; deny: refuses everything. */
export const SIMULATOR_MODES = ['normal', 'slow', 'down', 'deny'] as const;
export type SimulatorMode = (typeof SIMULATOR_MODES)[number];

/** An entitlement claim: a bare name (access token, auto format) or a full setting. See src/shared/claims. */
const ClaimSetting = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Object(
    {
      /** Top-level name (namespaced allowed), JSON pointer (`/a/b`) or dot path (`a.b`). */
      path: Type.String({ minLength: 1 }),
      format: Type.Optional(Type.Union(CLAIM_FORMATS.map((f) => Type.Literal(f)))),
      from: Type.Optional(Type.Union(CLAIM_SOURCES.map((f) => Type.Literal(f)))),
      map: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }))]))),
      unmapped: Type.Optional(Type.Union([Type.Literal('keep'), Type.Literal('drop')])),
    },
    { additionalProperties: false },
  ),
]);
const ClaimSettings = Type.Array(ClaimSetting, { minItems: 1 });
const AudienceClaimSetting = Type.Union(AUDIENCE_CLAIMS.map((c) => Type.Literal(c)));

const Viewer = Type.Object(
  {
    username: Id,
    name: Type.String({ minLength: 1 }),
    email: Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$' }),
    password: Type.Optional(Type.String({ minLength: 1 })),
    /** Extra claims released in the ID token and access token (e.g. `roles`). */
    claims: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);

const Subscriber = Type.Object(
  {
    username: Id,
    password: Type.Optional(Type.String({ minLength: 1 })),
    householdID: Type.String({ minLength: 1 }),
    zip: Type.String({ minLength: 1 }),
    packages: Type.Array(Id),
    maxRating: Type.Optional(Rating),
    /** Packages the simulator offers this subscriber: a Deny for a title in one carries the `upgrade` obligation naming it. */
    upgradeOffers: Type.Optional(Type.Array(Type.Object({ package: Id, name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }), { maxItems: 20 })),
    /** The simulator's Permits for this subscriber carry `re-authz` after this many seconds. */
    reAuthzSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86400 })),
    /** Home-based authentication: on their home network (the simulator's `homeNetwork` knob) they sign in without a password. */
    homeBased: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const Mvpd = Type.Object(
  {
    id: Id,
    displayName: Type.String({ minLength: 1 }),
    logo: Type.String({ minLength: 1 }),
    enabled: Type.Optional(Type.Boolean()),
    authenticationTtlSeconds: Seconds,
    authorizationTtlSeconds: Seconds,
    authorizationTimeoutMs: Type.Integer({ minimum: 50, maximum: 60000 }),
    /** Profile lifetime of a home-based sign-in (`hba_status` true) (default: 1 h, and never above authenticationTtlSeconds). */
    hbaAuthenticationTtlSeconds: Type.Optional(Seconds),
    /** Circuit breaker of the authorization calls (defaults: 5 consecutive failures open it for 10 s, then one probe). */
    breaker: Type.Optional(
      Type.Object(
        { failureThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), coolDownSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })) },
        { additionalProperties: false },
      ),
    ),
    /** interactive: logout also signs out at the MVPD (a URL to open); none: Playgate only. */
    logout: Type.Optional(Type.Union([Type.Literal('interactive'), Type.Literal('none')])),
    /** The simulator's failure knob for this MVPD's authorization endpoint (default: normal). */
    simulator: Type.Optional(
      Type.Object(
        {
          mode: Type.Union(SIMULATOR_MODES.map((m) => Type.Literal(m))),
          slowMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120000 })),
          /** The browser is on this home-based subscriber's home network (default: none). */
          homeNetwork: Type.Optional(Id),
        },
        { additionalProperties: false },
      ),
    ),
    subscribers: Type.Array(Subscriber),
  },
  { additionalProperties: false },
);

const Access = Type.Union([
  Type.Object({ type: Type.Literal('tve'), package: Id }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('direct'),
      entitlements: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
      /** How a viewer without it gets it: a purchase of this title, or a plan (subscription) that grants `entitlement`. */
      offer: Type.Optional(
        Type.Object(
          {
            kind: Type.Union([Type.Literal('purchase'), Type.Literal('subscription')]),
            /** The entitlement the grant carries: one of this resource's `entitlements`. */
            entitlement: Type.String({ minLength: 1 }),
            /** What the viewer buys, e.g. "Fight Night" or "Premium". */
            name: Type.String({ minLength: 1, maxLength: 80 }),
            /** Shown as-is, e.g. "$29.99" or "$9.99 a month". */
            price: Type.String({ minLength: 1, maxLength: 40 }),
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
]);

const Tenant = Type.Object(
  {
    id: Id,
    entitlements: Type.Optional(
      Type.Object(
        { defaultEntryEntitlement: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }), jwtClaims: ClaimSettings },
        { additionalProperties: false },
      ),
    ),
    auth: Type.Optional(
      Type.Object(
        {
          jwks: Type.Object(
            {
              url: Url,
              iss: Type.String({ minLength: 1 }),
              aud: Type.String({ minLength: 1 }),
              algorithms: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
              /** Least time between two JWKS fetches when an unknown kid shows up (default 30). */
              cooldownSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
              /** The `typ` header the tenant's entitlement JWTs must carry (default JWT). */
              typ: Type.Optional(Type.String({ minLength: 1 })),
              claims: Type.Object({ customer: Type.String({ minLength: 1 }), session: Type.String({ minLength: 1 }), entry: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const Resource = Type.Object(
  {
    id: Id,
    title: Type.String({ minLength: 1 }),
    description: Type.String(),
    kind: Type.Union([Type.Literal('live'), Type.Literal('vod')]),
    rating: Rating,
    access: Access,
  },
  { additionalProperties: false },
);

export const ConfigFileSchema = Type.Object(
  {
    dataDir: Type.String({ minLength: 1 }),
    /** Playgate's own store. Absent: SQLite under dataDir. `url`: PostgreSQL. `file`: that SQLite file (instances on one host may share it). */
    database: Type.Optional(
      Type.Object(
        {
          url: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
          file: Type.Optional(Type.String({ minLength: 1 })),
          schema: Type.Optional(Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$' })),
        },
        { additionalProperties: false },
      ),
    ),
    app: Type.Object({ port: Port, publicUrl: Type.Optional(Url) }, { additionalProperties: false }),
    idp: Type.Object(
      {
        /** Run the embedded oidc-provider. false = use an external issuer (set `issuer`). */
        embedded: Type.Boolean(),
        port: Port,
        issuer: Type.Optional(Url),
        clientId: Type.String({ minLength: 1 }),
        /** Audience of the viewer's access token (the Playgate API as a resource server). */
        audience: Type.String({ minLength: 1 }),
        /** Where the audience is: `aud` (default) or `client_id` (Amazon Cognito access tokens have no `aud`; set audience to the app client id). */
        audienceClaim: Type.Optional(AudienceClaimSetting),
        algorithms: Algorithms,
        /** Claims whose values are entitlements: shown to the viewer, and decide when no tenant says otherwise. */
        entitlementClaims: Type.Array(ClaimSetting),
        /** Scope the SPA asks for (default: "openid profile email offline_access", plus "playgate" for the embedded IdP). */
        scope: Type.Optional(Type.String({ minLength: 1, pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*$' })),
        /** RFC 8707 resource indicator the SPA sends at authorization and token requests (e.g. the API's URI). */
        resource: Type.Optional(Type.String({ minLength: 1 })),
        /** Further authorization request parameters (e.g. Auth0 `audience`). Never secrets. */
        extraAuthParams: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9_.-]+$' }), Type.String())),
        /** `typ` values accepted on access tokens (default ["at+jwt"]); [] = the provider sets none (e.g. "JWT"): not checked. */
        accessTokenTypes: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
        /** Clock skew tolerated on exp/nbf/iat, in seconds (default 30, at most 60). */
        clockToleranceSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
        /** The access-token claim the publisher sign-in takes the customer's email from (default "email"). */
        emailClaim: Type.Optional(Type.String({ minLength: 1 })),
        /** Embedded IdP only: lifetimes of its access and ID tokens (default 3600 s each), short for renewal tests. */
        embeddedTokenTtls: Type.Optional(
          Type.Object({ accessTokenSeconds: Type.Integer({ minimum: 10, maximum: 86400 }), idTokenSeconds: Type.Integer({ minimum: 5, maximum: 86400 }) }, { additionalProperties: false }),
        ),
        /** How "Switch viewer" asks the provider (default "login"). */
        switchViewerPrompt: Type.Optional(Type.Union([Type.Literal('login'), Type.Literal('select_account')])),
        viewers: Type.Array(Viewer),
        demoPassword: Type.String({ minLength: 1 }),
      },
      { additionalProperties: false },
    ),
    /**
     * Further issuers whose tokens are trusted as AD-Service-Token (the configured IdP
     * always is). jwksUrl defaults to the issuer's discovery document.
     */
    ssoIssuers: Type.Optional(
      Type.Array(
        Type.Object(
          {
            issuer: Url,
            jwksUrl: Type.Optional(Url),
            audiences: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
            audienceClaim: Type.Optional(AudienceClaimSetting),
            algorithms: Algorithms,
            typ: Type.Optional(Type.String({ minLength: 1 })),
            /** Several accepted `typ` values; [] = not checked (overrides `typ`). */
            accessTokenTypes: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
            clockToleranceSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    mvpdSimulator: Type.Object(
      {
        embedded: Type.Boolean(),
        port: Port,
        issuer: Type.Optional(Url),
        clientId: Type.String({ minLength: 1 }),
        clientSecret: Type.String({ minLength: 16 }),
        demoPassword: Type.String({ minLength: 1 }),
      },
      { additionalProperties: false },
    ),
    requestor: Type.Object(
      {
        id: Id,
        name: Type.String({ minLength: 1 }),
        domains: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
        softwareStatementId: Id,
      },
      { additionalProperties: false },
    ),
    /** Polling limits per device (token bucket): about 1 request/s with a burst of 10. */
    limits: Type.Optional(
      Type.Object({ pollRatePerSecond: Type.Number({ exclusiveMinimum: 0 }), pollBurst: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
    ),
    tokens: Type.Object(
      {
        clientAccessTokenTtlSeconds: Seconds,
        mediaTokenTtlSeconds: Seconds,
        /** The playback session: the longest any playback token is renewed for (VOD and live). */
        playbackTokenTtlSeconds: Seconds,
        /** Live playback tokens are short and renewed as the player asks for the media playlist and segments (default: 120). */
        livePlaybackTokenTtlSeconds: Type.Optional(Seconds),
        /** VOD playback tokens are short too, renewed the same way; a token read from a log is dead in minutes (default: 300). */
        vodPlaybackTokenTtlSeconds: Type.Optional(Seconds),
        authenticationSessionTtlSeconds: Seconds,
      },
      { additionalProperties: false },
    ),
    /**
     * Playback API tenants (StreamAMG-style), each in exactly one mode: `entitlements`
     * (partial: claims of the viewer's SSO token) or `auth.jwks` (full: customer-signed JWTs).
     */
    tenants: Type.Optional(Type.Array(Tenant, { minItems: 1 })),
    /**
     * The demo checkout (src/server/checkout): a viewer "buys" a resource's offer and the
     * grant is recorded in the internal store, with no payment. Default false; refused in production.
     */
    demoCheckout: Type.Optional(Type.Boolean()),
    /** Internal entitlement store seed (demo data), applied idempotently at start. */
    internalEntitlements: Type.Optional(
      Type.Array(
        Type.Object(
          {
            issuer: Type.Optional(Url),
            subject: Type.String({ minLength: 1 }),
            entitlement: Type.String({ minLength: 1 }),
            kind: Type.Union([Type.Literal('purchase'), Type.Literal('subscription')]),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    /** Publisher SSO (Cleeng-style /sso/auths): publishers, token lifetimes, the demo middleware. */
    publisherSso: Type.Optional(
      Type.Object(
        {
          publishers: Type.Array(
            Type.Object(
              {
                id: Id,
                /** SHA-256 (hex) of the publisher token; the token itself is never stored. */
                tokenSha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
                /** Create a customer on first use for a viewer token (`idpToken`) of this publisher's own IdP (default false). */
                autoCreateFromIdp: Type.Optional(Type.Boolean()),
                /** That IdP's issuer: its viewers only, keyed by (publisher, issuer, subject) (default: idp.issuer). */
                idpIssuer: Type.Optional(Type.String({ minLength: 1 })),
                /** This publisher's own customers, created at start when missing (demo data; default none). */
                customers: Type.Optional(
                  Type.Array(
                    Type.Object(
                      {
                        email: Type.Optional(Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$' })),
                        externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
                        claims: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
                      },
                      { additionalProperties: false },
                    ),
                  ),
                ),
              },
              { additionalProperties: false },
            ),
            { minItems: 1 },
          ),
          jwtTtlSeconds: Seconds,
          refreshTokenTtlDays: Type.Integer({ minimum: 1, maximum: 3650 }),
          /** The demo middleware's own publisher credentials (server side only). */
          demoMiddleware: Type.Optional(Type.Object({ publisherId: Id, publisherToken: Type.String({ minLength: 16 }) }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    ),
    /** Playgate's shared signing keys (tokens/key-ring.ts); the KEK itself comes only from PLAYGATE_KEK / PLAYGATE_KEK_FILE. */
    signingKeys: Type.Optional(
      Type.Object(
        {
          /** How often each instance reloads the key set from the database (default 5). */
          refreshIntervalSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 300 })),
          /** `npm run keys -- rotate`: a new key signs this long after it is published (default 30; > 2 × refresh). */
          activationDelaySeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86400 })),
          /** Least time between two reloads caused by an unknown kid (default 1000). */
          unknownKidCooldownMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60000 })),
        },
        { additionalProperties: false },
      ),
    ),
    /** TempPass pseudo-MVPDs (free previews); absent: none. */
    tempPass: Type.Optional(TempPassSchema),
    /** Partner single sign-on (sessions/sso/{partner}, profiles/sso/{partner}); absent: every partner request falls back to the basic flow. */
    partnerSso: Type.Optional(PartnerSsoSchema),
    /** Concurrency Monitoring (stream limits, /cm/v2); absent: the service is off. */
    concurrency: Type.Optional(ConcurrencySchema),
    /** Hash (sha256 hex) of the admin API token; absent: the admin API is off. */
    adminTokenSha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
    mvpds: Type.Array(Mvpd, { minItems: 1 }),
    resources: Type.Array(Resource, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type ConfigFile = Static<typeof ConfigFileSchema>;
export type MvpdConfig = Static<typeof Mvpd>;
export type SubscriberConfig = Static<typeof Subscriber>;
export type ResourceConfig = Static<typeof Resource>;
export type ViewerConfig = Static<typeof Viewer>;
type TenantFile = Static<typeof Tenant>;
/** A tenant with its claims resolved to full specs. */
export type TenantConfig = Omit<TenantFile, 'entitlements'> & { entitlements?: { defaultEntryEntitlement: string[]; jwtClaims: ClaimSpec[] } | undefined };
export type Rating = (typeof RATINGS)[number];

/** The resolved configuration: file + env overrides, with every URL made absolute. */
export interface Config extends ConfigFile {
  dataDir: string;
  /** The key-encryption key for the signing keys (env only; the dev KEK when unset). */
  kek: Kek;
  app: { port: number; publicUrl: string };
  idp: Omit<ConfigFile['idp'], 'entitlementClaims' | 'scope' | 'accessTokenTypes' | 'clockToleranceSeconds'> & {
    issuer: string;
    entitlementClaims: ClaimSpec[];
    scope: string;
    accessTokenTypes: string[];
    clockToleranceSeconds: number;
  };
  tenants?: TenantConfig[] | undefined;
  mvpdSimulator: ConfigFile['mvpdSimulator'] & { issuer: string };
}
