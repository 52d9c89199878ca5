// Table types for Kysely. Times are epoch milliseconds (integers) everywhere.

export interface ClientsTable {
  client_id: string;
  secret_hash: string;
  requestor: string;
  software_statement_id: string;
  redirect_uri: string | null;
  created_at: number;
  revoked_at: number | null;
}

export interface AuthSessionsTable {
  code: string;
  session_id: string;
  requestor: string;
  client_id: string;
  device_id: string;
  mvpd: string | null;
  domain_name: string | null;
  redirect_url: string | null;
  sso_issuer: string | null;
  sso_subject: string | null;
  /** pending → authenticating (sent to the MVPD) → authenticated (profile saved). */
  status: string;
  oidc_state: string | null;
  oidc_nonce: string | null;
  pkce_verifier: string | null;
  profile_id: string | null;
  not_before: number;
  not_after: number;
}

export interface ProfilesTable {
  id: string;
  requestor: string;
  mvpd: string;
  device_id: string;
  sso_issuer: string | null;
  sso_subject: string | null;
  issuer: string;
  upstream_user_id: string;
  /** JSON object of released attributes (householdID, zip, maxRating, …). */
  attributes: string;
  auth_code: string;
  not_before: number;
  not_after: number;
  created_at: number;
  /** QA lifetimes taken at sign-in (lifetime-overrides/): null, the config's. */
  media_token_seconds?: number | null;
  decision_seconds?: number | null;
}

/** oidc-provider's models (sessions, grants, codes, …) for the embedded providers. */
export interface OidcModelsTable {
  model: string;
  id: string;
  payload: string;
  uid: string | null;
  grant_id: string | null;
  user_code: string | null;
  expires_at: number | null;
  consumed_at: number | null;
}

export interface DecisionsAuditTable {
  id: string;
  trace: string;
  requestor: string;
  mvpd: string;
  resource: string;
  device_id: string;
  decision: string;
  source: string;
  error_code: string | null;
  latency_ms: number;
  created_at: number;
  rule: string | null;
  /** The decision trace as JSON (never a token or secret). */
  trace_json: string | null;
  /** authorize | preauthorize (null: rows written before 0010, all authorize). */
  kind?: string | null;
  /** The platform the client named in X-Device-Info, bounded (monitoring/platform.ts). */
  platform?: string | null;
}

/** ESM roll-ups (monitoring/esm): one row per time bucket and dimension values, summed. */
export interface EsmRollupTable {
  bucket: number;
  /** authn | authz | preauthz */
  event: string;
  requestor: string;
  mvpd: string;
  resource: string;
  platform: string;
  /** authz: Permit | Deny; authn: started | completed | failed. */
  result: string;
  /** The Deny's error code ('' otherwise). */
  reason: string;
  n: number;
  media_tokens: number;
  latency_sum: number;
  [latencyBucket: `lat_${number}`]: number;
}

/** Accounts (hashed device ids) seen per hour (esm_accounts) or per UTC day (esm_accounts_day), for unique-accounts. */
export interface EsmAccountsTable {
  bucket: number;
  requestor: string;
  mvpd: string;
  account: string;
}

/** Distinct accounts of a whole hour or UTC day, per requestor and MVPD ('*': across them). */
export interface EsmAccountsCountsTable {
  grain: 'hour' | 'day';
  bucket: number;
  requestor: string;
  mvpd: string;
  n: number;
}

/** One remembered key of the conformance check, shared by the instances (value null: forgotten). */
export interface ConformanceStateTable {
  key: string;
  value: string | null;
  at: number;
  stored_at: number;
  instance: string;
}

/** How far each roll-up source has been summed (exclusive, epoch ms). */
export interface EsmWatermarksTable {
  source: string;
  upto: number;
}

/** A client breaking Adobe's REST v2 rules (monitoring/conformance). */
export interface ConformanceWarningsTable {
  id: string;
  client_id: string;
  rule: string;
  at: number;
  /** The device's hash (never the id in clear). */
  device: string | null;
  detail: string;
}

/** Purchases and subscriptions recorded for a viewer (issuer + subject). */
export interface EntitlementGrantsTable {
  id: string;
  issuer: string;
  subject: string;
  entitlement: string;
  kind: string;
  not_before: number;
  not_after: number | null;
  created_at: number;
  revoked_at: number | null;
}

/** Media tokens already used at a master playlist: each works once. */
export interface SpentMediaTokensTable {
  jti: string;
  expires_at: number;
}

/** A decision per (profile, resource), reused until the MVPD's authorization TTL. */
export interface DecisionCacheTable {
  profile_id: string;
  resource: string;
  decision: string;
  source: string;
  error_code: string | null;
  details: string | null;
  expires_at: number;
  /** The MVPD's obligations with this decision (JSON array), or null. */
  obligations: string | null;
}

/** Token buckets for rate limits, shared by every API instance. */
export interface RateLimitsTable {
  key: string;
  tokens: number;
  updated_at: number;
}

/** A publisher's customer (Cleeng-style SSO): found by email or external id. */
export interface CustomersTable {
  id: string;
  publisher_id: string;
  email: string | null;
  external_id: string | null;
  /** JSON object of entitlement claims released in the customer's JWT. */
  claims: string;
  created_at: number;
}

/** Refresh tokens: only the SHA-256 is stored; each works once. */
export interface RefreshTokensTable {
  hash: string;
  family_id: string;
  customer_id: string;
  publisher_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
  /** The customer's IP as the publisher reported it at /sso/auths (optional). */
  customer_ip: string | null;
}

/** Playgate's signing keys (see tokens/shared-key-store.ts). */
export interface SigningKeysTable {
  kid: string;
  alg: string;
  public_jwk: string;
  /** The private JWK sealed with AES-256-GCM under the KEK (tokens/kek.ts). */
  private_jwk_sealed: string;
  created_at: number;
  /** From this instant (epoch ms) the key signs, until a newer key activates. */
  activates_at: number;
}

/** The journey view's events (journey/shared-journey-log.ts), bounded per device and by age. */
export interface JourneyEventsTable {
  seq: number;
  device: string;
  at: number;
  /** The JourneyEvent as JSON (already reduced to a safe path). */
  event: string;
}

export interface JourneySeqTable {
  id: string;
  value: number;
}

/** Which device a playback session (media token jti) was opened for, so any instance attributes its media requests. */
export interface JourneyPlaybackTable {
  sid: string;
  device: string;
  at: number;
}

/** Degraded access: one rule per requestor and MVPD (degradation/degradation-store.ts). */
export interface DegradationRulesTable {
  requestor: string;
  mvpd: string;
  /** AuthNAll | AuthZAll | AuthZNone */
  rule: string;
  details: string | null;
  not_before: number;
  /** null: until removed. */
  not_after: number | null;
  created_at: number;
}

/** Concurrency Monitoring stream sessions (stream-limits/cm-session-store.ts). */
export interface CmSessionsTable {
  session_id: string;
  application_id: string;
  policy: string;
  idp: string;
  subject: string;
  termination_code: string;
  /** JSON object of string metadata (deviceId, deviceName, channel, assetId, superseded, …). */
  metadata: string;
  started_at: number;
  /** The next heartbeat is due by then; past it the session is gone. */
  expires_at: number;
  terminated_at: number | null;
  /** JSON of who evicted it (remote-termination advice), when it was evicted. */
  terminator: string | null;
}

export interface CmSubjectLocksTable {
  key: string;
  touched_at: number;
}

/** TempPass passes (temp-pass/temp-pass-store.ts). */
export interface TempPassesTable {
  requestor: string;
  mvpd: string;
  /** device:<hash> (basic) or identity:<sha256 of the identity> (promotional). */
  pass_key: string;
  device_hash: string;
  started_at: number;
  expires_at: number;
  /** JSON array of the distinct resources authorized (promotional limits). */
  resources: string;
}

/** Partner SSO responses already used (one profile each), until they expire. */
export interface SpentPartnerResponsesTable {
  jti: string;
  expires_at: number;
}

export interface Database {
  clients: ClientsTable;
  auth_sessions: AuthSessionsTable;
  profiles: ProfilesTable;
  oidc_models: OidcModelsTable;
  decisions_audit: DecisionsAuditTable;
  decision_cache: DecisionCacheTable;
  rate_limits: RateLimitsTable;
  entitlement_grants: EntitlementGrantsTable;
  spent_media_tokens: SpentMediaTokensTable;
  customers: CustomersTable;
  refresh_tokens: RefreshTokensTable;
  signing_keys: SigningKeysTable;
  journey_events: JourneyEventsTable;
  journey_seq: JourneySeqTable;
  journey_playback: JourneyPlaybackTable;
  lifetime_overrides: LifetimeOverridesTable;
  esm_rollup_minute: EsmRollupTable;
  esm_rollup_hour: EsmRollupTable;
  esm_accounts: EsmAccountsTable;
  esm_accounts_day: EsmAccountsTable;
  esm_accounts_counts: EsmAccountsCountsTable;
  conformance_state: ConformanceStateTable;
  esm_watermarks: EsmWatermarksTable;
  conformance_warnings: ConformanceWarningsTable;
  degradation_rules: DegradationRulesTable;
  cm_sessions: CmSessionsTable;
  cm_subject_locks: CmSubjectLocksTable;
  temp_passes: TempPassesTable;
  mvpd_breaker_resets: MvpdBreakerResetsTable;
  spent_partner_responses: SpentPartnerResponsesTable;
}

/** A shorter profile lifetime for a viewer's or device's next authentication (QA). */
export interface LifetimeOverridesTable {
  id: string;
  requestor: string;
  /** `sso:<issuer> <subject>` or `device:<device id>`. */
  scope: string;
  /** 0: the MVPD's own profile lifetime (only the other lifetimes are shortened). */
  profile_seconds: number;
  /** Media tokens of the profile's Permits (null: the config's). */
  media_token_seconds: number | null;
  /** How long the profile's MVPD answers are cached, and a Permit's notAfter (null: the MVPD's). */
  decision_seconds: number | null;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

/** The last QA breaker reset per MVPD: every instance closes its breaker when it sees a newer one. */
export interface MvpdBreakerResetsTable {
  mvpd: string;
  reset_at: number;
}
