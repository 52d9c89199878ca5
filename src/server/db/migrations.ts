// Schema migrations, in order. Kept in code (not files on disk) so they ship with the
// server and run identically under tsx and in tests. Never edit a landed migration: add one.
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/** Latency histogram columns of the ESM roll-ups (lat_0 …): see monitoring/esm/latency-buckets.ts. */
export const LATENCY_BUCKET_COLUMNS = 12;

const migrations: Record<string, Migration> = {
  '0001_pass_core': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('clients')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('requestor', 'text', (c) => c.notNull())
        .addColumn('software_statement_id', 'text', (c) => c.notNull())
        .addColumn('redirect_uri', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('auth_sessions')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('requestor', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('mvpd', 'text')
        .addColumn('domain_name', 'text')
        .addColumn('redirect_url', 'text')
        .addColumn('sso_issuer', 'text')
        .addColumn('sso_subject', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('oidc_state', 'text')
        .addColumn('oidc_nonce', 'text')
        .addColumn('pkce_verifier', 'text')
        .addColumn('profile_id', 'text')
        .addColumn('not_before', 'bigint', (c) => c.notNull())
        .addColumn('not_after', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('auth_sessions_state').on('auth_sessions').column('oidc_state').unique().execute();

      await db.schema
        .createTable('profiles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('requestor', 'text', (c) => c.notNull())
        .addColumn('mvpd', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('sso_issuer', 'text')
        .addColumn('sso_subject', 'text')
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('upstream_user_id', 'text', (c) => c.notNull())
        .addColumn('attributes', 'text', (c) => c.notNull())
        .addColumn('auth_code', 'text', (c) => c.notNull())
        .addColumn('not_before', 'bigint', (c) => c.notNull())
        .addColumn('not_after', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      // The hot path reads profiles by device (+ MVPD) and by SSO identity: both indexed.
      await db.schema.createIndex('profiles_device').on('profiles').columns(['requestor', 'device_id', 'mvpd']).execute();
      await db.schema.createIndex('profiles_sso').on('profiles').columns(['requestor', 'sso_issuer', 'sso_subject']).execute();
      await db.schema.createIndex('profiles_code').on('profiles').column('auth_code').execute();

      await db.schema
        .createTable('decisions_audit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('trace', 'text', (c) => c.notNull())
        .addColumn('requestor', 'text', (c) => c.notNull())
        .addColumn('mvpd', 'text', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('error_code', 'text')
        .addColumn('latency_ms', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('decisions_audit_trace').on('decisions_audit').column('trace').execute();
    },
  },
  '0002_oidc_models': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('oidc_models')
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('uid', 'text')
        .addColumn('grant_id', 'text')
        .addColumn('user_code', 'text')
        .addColumn('expires_at', 'bigint')
        .addColumn('consumed_at', 'bigint')
        .addPrimaryKeyConstraint('oidc_models_pk', ['model', 'id'])
        .execute();
      await db.schema.createIndex('oidc_models_uid').on('oidc_models').column('uid').execute();
      await db.schema.createIndex('oidc_models_grant').on('oidc_models').column('grant_id').execute();
    },
  },
  '0003_scale_out_state': {
    // State a second API instance must share: cached decisions, rate-limit buckets,
    // and client revocation.
    async up(db: Kysely<any>) {
      await db.schema.alterTable('clients').addColumn('revoked_at', 'bigint').execute();
      await db.schema
        .createTable('decision_cache')
        .addColumn('profile_id', 'text', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('error_code', 'text')
        .addColumn('details', 'text')
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('decision_cache_pk', ['profile_id', 'resource'])
        .execute();
      await db.schema
        .createTable('rate_limits')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('tokens', 'double precision', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0004_entitlements_and_media': {
    // The internal entitlement store, spent media tokens (single use), and the decision
    // trace kept with each audit row.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('entitlement_grants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('entitlement', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('not_before', 'bigint', (c) => c.notNull())
        .addColumn('not_after', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema.createIndex('entitlement_grants_viewer').on('entitlement_grants').columns(['issuer', 'subject']).execute();
      await db.schema
        .createTable('spent_media_tokens')
        .addColumn('jti', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('spent_media_tokens_expiry').on('spent_media_tokens').column('expires_at').execute();
      await db.schema.alterTable('decisions_audit').addColumn('rule', 'text').execute();
      await db.schema.alterTable('decisions_audit').addColumn('trace_json', 'text').execute();
    },
  },
  '0005_publisher_sso': {
    // Publisher SSO (Cleeng-style): customers per publisher, and single-use refresh
    // tokens (stored hashed) grouped in families so a reuse revokes the whole family.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('customers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('publisher_id', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('external_id', 'text')
        .addColumn('claims', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('customers_email').on('customers').columns(['publisher_id', 'email']).unique().execute();
      await db.schema.createIndex('customers_external').on('customers').columns(['publisher_id', 'external_id']).unique().execute();
      await db.schema
        .createTable('refresh_tokens')
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('family_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('publisher_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .addColumn('customer_ip', 'text')
        .execute();
      await db.schema.createIndex('refresh_tokens_family').on('refresh_tokens').column('family_id').execute();
    },
  },
  '0006_signing_keys': {
    // Playgate's signing keys, shared by every instance: the public JWK in clear, the
    // private JWK sealed under the operator's KEK. A key signs from `activates_at` on,
    // until a newer key activates; it verifies until the longest token lifetime after that.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('alg', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('private_jwk_sealed', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('activates_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0007_journey_events': {
    // The journey view's events, shared by every instance (journey/shared-journey-log.ts):
    // seq comes from one counter row, taken and used in the same transaction, so events
    // become visible in seq order and a poller's `since` never skips one.
    async up(db: Kysely<any>) {
      await db.schema.createTable('journey_seq').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('value', 'bigint', (c) => c.notNull()).execute();
      await db.insertInto('journey_seq').values({ id: 'journey', value: 0 }).execute();
      await db.schema
        .createTable('journey_events')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('device', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('journey_events_device').on('journey_events').columns(['device', 'seq']).execute();
      await db.schema.createIndex('journey_events_at').on('journey_events').column('at').execute();
      await db.schema
        .createTable('journey_playback')
        .addColumn('sid', 'text', (c) => c.primaryKey())
        .addColumn('device', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0008_entitlement_grant_identity': {
    // Identical grants are one grant (EntitlementStore.grant): at most one ACTIVE grant per
    // issuer, subject, entitlement, kind and notAfter. NULLs are distinct in unique indexes on
    // both databases, so an open end (NULL not_after) is indexed as -1 — no real end is negative.
    // Existing duplicates are revoked first; the one kept has the earliest notBefore (its
    // window covers the others', as they share the end), then the oldest, then the lowest id.
    async up(db: Kysely<any>) {
      const now = Date.now();
      await sql`
        UPDATE entitlement_grants SET revoked_at = ${now}
        WHERE revoked_at IS NULL AND EXISTS (
          SELECT 1 FROM entitlement_grants k
          WHERE k.revoked_at IS NULL
            AND k.issuer = entitlement_grants.issuer AND k.subject = entitlement_grants.subject
            AND k.entitlement = entitlement_grants.entitlement AND k.kind = entitlement_grants.kind
            AND COALESCE(k.not_after, -1) = COALESCE(entitlement_grants.not_after, -1)
            AND (k.not_before < entitlement_grants.not_before
              OR (k.not_before = entitlement_grants.not_before AND k.created_at < entitlement_grants.created_at)
              OR (k.not_before = entitlement_grants.not_before AND k.created_at = entitlement_grants.created_at AND k.id < entitlement_grants.id)))`.execute(db);
      await sql`
        CREATE UNIQUE INDEX entitlement_grants_active_identity
        ON entitlement_grants (issuer, subject, entitlement, kind, (COALESCE(not_after, -1)))
        WHERE revoked_at IS NULL`.execute(db);
    },
  },
  '0009_profiles_sso_partial': {
    // Only rows with an SSO identity in the SSO index. Device-only profiles all share NULLs
    // there, so the index's statistics (stat1: average rows per key) said a viewer's shared
    // profiles were thousands of rows, and without per-value samples (which the hot path
    // cannot afford: see refreshSqliteStatistics) SQLite scanned instead: 1.5 ms per read at
    // 20,000 device-only rows. `sso_subject = ?` implies NOT NULL, so both databases use it.
    async up(db: Kysely<any>) {
      await db.schema.dropIndex('profiles_sso').execute();
      await db.schema
        .createIndex('profiles_sso')
        .on('profiles')
        .columns(['requestor', 'sso_issuer', 'sso_subject'])
        .where(sql.ref('sso_subject'), 'is not', null)
        .execute();
    },
  },
  '0010_lifetime_overrides': {
    // QA's "short lifetimes for the next session" (src/server/lifetime-overrides/): shared by
    // every instance, since the session may finish on another one than the admin call hit.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('lifetime_overrides')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('requestor', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('profile_seconds', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('consumed_at', 'bigint')
        .execute();
      await db.schema.createIndex('lifetime_overrides_scope').on('lifetime_overrides').columns(['requestor', 'scope']).execute();
    },
  },
  '0011_monitoring': {
    // Monitoring (monitoring/): what kind of decision an audit row is (authorize or
    // preauthorize) and the platform the client named; time indexes the roll-up job reads
    // by; the ESM roll-ups (per minute and per hour, summed across instances, built from the
    // audit rows, sessions and profiles); and the client conformance warnings.
    async up(db: Kysely<any>) {
      await db.schema.alterTable('decisions_audit').addColumn('kind', 'text').execute();
      await db.schema.alterTable('decisions_audit').addColumn('platform', 'text').execute();
      // created_at only grows: each insert appends at the index's right edge (cheap).
      await db.schema.createIndex('decisions_audit_created').on('decisions_audit').column('created_at').execute();
      await db.schema.createIndex('profiles_created').on('profiles').column('created_at').execute();
      await db.schema.createIndex('auth_sessions_not_before').on('auth_sessions').column('not_before').execute();
      await db.schema.createIndex('auth_sessions_not_after').on('auth_sessions').column('not_after').execute();
      for (const table of ['esm_rollup_minute', 'esm_rollup_hour']) {
        let t = db.schema
          .createTable(table)
          .addColumn('bucket', 'bigint', (c) => c.notNull())
          .addColumn('event', 'text', (c) => c.notNull())
          .addColumn('requestor', 'text', (c) => c.notNull())
          .addColumn('mvpd', 'text', (c) => c.notNull())
          .addColumn('resource', 'text', (c) => c.notNull())
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('result', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('n', 'bigint', (c) => c.notNull())
          .addColumn('media_tokens', 'bigint', (c) => c.notNull())
          .addColumn('latency_sum', 'bigint', (c) => c.notNull());
        for (let i = 0; i < LATENCY_BUCKET_COLUMNS; i++) t = t.addColumn(`lat_${i}`, 'bigint', (c) => c.notNull());
        await t.addPrimaryKeyConstraint(`${table}_pk`, ['bucket', 'event', 'requestor', 'mvpd', 'resource', 'platform', 'result', 'reason']).execute();
      }
      await db.schema
        .createTable('esm_accounts')
        .addColumn('bucket', 'bigint', (c) => c.notNull())
        .addColumn('requestor', 'text', (c) => c.notNull())
        .addColumn('mvpd', 'text', (c) => c.notNull())
        .addColumn('account', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('esm_accounts_pk', ['bucket', 'requestor', 'mvpd', 'account'])
        .execute();
      await db.schema.createTable('esm_watermarks').addColumn('source', 'text', (c) => c.primaryKey()).addColumn('upto', 'bigint', (c) => c.notNull()).execute();
      await db.schema
        .createTable('conformance_warnings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('device', 'text')
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('conformance_warnings_client').on('conformance_warnings').columns(['client_id', 'at']).execute();
      await db.schema.createIndex('conformance_warnings_device').on('conformance_warnings').columns(['device', 'at']).execute();
    },
  },
  '0012_degradation_rules': {
    // Degraded access (degradation/): at most one rule per requestor and MVPD. Read whole into
    // memory every few seconds by each instance, never per decision, so no other index.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('degradation_rules')
        .addColumn('requestor', 'text', (c) => c.notNull())
        .addColumn('mvpd', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('details', 'text')
        .addColumn('not_before', 'bigint', (c) => c.notNull())
        .addColumn('not_after', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('degradation_rules_pk', ['requestor', 'mvpd'])
        .execute();
    },
  },
  '0013_cm_sessions': {
    // Concurrency Monitoring (stream-limits/): one row per stream session, shared by every
    // instance. A session is live while expires_at is ahead and terminated_at is null; an
    // evicted one keeps its terminator so its next heartbeat can say who took over. One
    // lock row per subject serialises the count-then-insert of racing session starts.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('cm_sessions')
        .addColumn('session_id', 'text', (c) => c.primaryKey())
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('policy', 'text', (c) => c.notNull())
        .addColumn('idp', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('termination_code', 'text', (c) => c.notNull())
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('terminated_at', 'bigint')
        .addColumn('terminator', 'text')
        .execute();
      await db.schema.createIndex('cm_sessions_subject').on('cm_sessions').columns(['idp', 'subject', 'expires_at']).execute();
      await db.schema.createIndex('cm_sessions_expiry').on('cm_sessions').column('expires_at').execute();
      await db.schema
        .createTable('cm_subject_locks')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('touched_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0014_temp_passes': {
    // TempPass (temp-pass/): one pass per requestor, TempPass MVPD and key (a device hash for
    // basic, an identity hash for promotional), started at the first authorization.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('temp_passes')
        .addColumn('requestor', 'text', (c) => c.notNull())
        .addColumn('mvpd', 'text', (c) => c.notNull())
        .addColumn('pass_key', 'text', (c) => c.notNull())
        .addColumn('device_hash', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('resources', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('temp_passes_pk', ['requestor', 'mvpd', 'pass_key'])
        .execute();
      await db.schema.createIndex('temp_passes_device').on('temp_passes').columns(['requestor', 'mvpd', 'device_hash']).execute();
    },
  },
  '0015_spent_partner_responses': {
    // Partner SSO (partner-sso/): a partner's signed authentication response makes one profile,
    // once; its jti is kept until the response expires (then pruned).
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('spent_partner_responses')
        .addColumn('jti', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('spent_partner_responses_expiry').on('spent_partner_responses').column('expires_at').execute();
    },
  },
  '0016_decision_cache_obligations': {
    // MVPD obligations (upgrade, restrict-pc, re-authz) kept with a cached decision, as JSON,
    // so a cache hit passes them through like the MVPD's own answer did.
    async up(db: Kysely<any>) {
      await db.schema.alterTable('decision_cache').addColumn('obligations', 'text').execute();
    },
  },
  '0017_qa_lifetimes': {
    // QA's short lifetimes go beyond the profile (issue #14): a media-token and a decision(-cache)
    // lifetime, taken with the override by the next sign-in and kept on the profile it saves, so
    // every instance's decisions for that profile use them. profile_seconds 0: the MVPD's own
    // (SQLite cannot drop a NOT NULL; 0 is below the API's minimum of 5, so it cannot collide).
    async up(db: Kysely<any>) {
      await db.schema.alterTable('lifetime_overrides').addColumn('media_token_seconds', 'integer').execute();
      await db.schema.alterTable('lifetime_overrides').addColumn('decision_seconds', 'integer').execute();
      await db.schema.alterTable('profiles').addColumn('media_token_seconds', 'integer').execute();
      await db.schema.alterTable('profiles').addColumn('decision_seconds', 'integer').execute();
    },
  },
  '0018_mvpd_breaker_resets': {
    // QA's "MVPD back to normal" closes the MVPD's circuit breaker on every instance: the reset is
    // a row here, and each instance polls the table (mvpd-client/breaker-resets.ts).
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('mvpd_breaker_resets')
        .addColumn('mvpd', 'text', (c) => c.primaryKey())
        .addColumn('reset_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0019_esm_accounts_day': {
    // unique-accounts per UTC day (the hour table stays for hours and for the partial days at a
    // range's edges): a week's distinct count then reads ~7 rows per account instead of ~168.
    // Filled by the roll-up job with the hour table, in the same transaction; back-filled here
    // from the hour rows already rolled up, so the day rows cover what the watermark says.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('esm_accounts_day')
        .addColumn('bucket', 'bigint', (c) => c.notNull())
        .addColumn('requestor', 'text', (c) => c.notNull())
        .addColumn('mvpd', 'text', (c) => c.notNull())
        .addColumn('account', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('esm_accounts_day_pk', ['bucket', 'requestor', 'mvpd', 'account'])
        .execute();
      await sql`insert into esm_accounts_day (bucket, requestor, mvpd, account)
        select distinct bucket - bucket % 86400000, requestor, mvpd, account from esm_accounts`.execute(db);
      // The distinct count of each whole hour and day, per requestor and MVPD and across them
      // ('*'), made once when the roll-up passes the bucket's end: an hour or day report
      // then reads one row per bucket. Back-filled for the buckets already passed.
      await db.schema
        .createTable('esm_accounts_counts')
        .addColumn('grain', 'text', (c) => c.notNull())
        .addColumn('bucket', 'bigint', (c) => c.notNull())
        .addColumn('requestor', 'text', (c) => c.notNull())
        .addColumn('mvpd', 'text', (c) => c.notNull())
        .addColumn('n', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('esm_accounts_counts_pk', ['grain', 'bucket', 'requestor', 'mvpd'])
        .execute();
      const mark = (await sql<{ upto: number }>`select upto from esm_watermarks where source = 'audit'`.execute(db)).rows[0];
      if (!mark || Number(mark.upto) <= 0) return;
      for (const [grain, table, ms] of [['hour', 'esm_accounts', 3600_000], ['day', 'esm_accounts_day', 86400_000]] as const) {
        const upto = Number(mark.upto) - (Number(mark.upto) % ms);
        const combos: Array<[string, string]> = [['requestor', 'mvpd'], ["'*'", 'mvpd'], ['requestor', "'*'"], ["'*'", "'*'"]];
        for (const [r, m] of combos) {
          const groups = ['bucket', r, m].filter((c) => !c.startsWith("'")).join(', ');
          await sql`insert into esm_accounts_counts (grain, bucket, requestor, mvpd, n)
            select ${sql.lit(grain)}, bucket, ${sql.raw(r)}, ${sql.raw(m)}, count(distinct account) from ${sql.table(table)} where bucket < ${upto} group by ${sql.raw(groups)}`.execute(db);
        }
      }
    },
  },
  '0020_conformance_state': {
    // The conformance check's memory, shared by every instance (monitoring/conformance/):
    // one row per remembered key, last write (by observation time) wins; stored_at is when
    // an instance wrote it, so the others read only what changed since their last look.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('conformance_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('stored_at', 'bigint', (c) => c.notNull())
        .addColumn('instance', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('conformance_state_stored').on('conformance_state').column('stored_at').execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
