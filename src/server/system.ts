// Builds the whole embedded system — Playgate app, identity provider, MVPD simulator —
// from one config. main.ts listens on it; tests drive it with inject and `transport:
// 'in-process'`, where server-to-server calls reach the sibling apps without sockets.
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { JWTPayload } from 'jose';
import type { Config } from './config/schema.ts';
import { apiDatabaseTarget, openDatabase, type Db, type DatabaseTarget } from './db/database.ts';
import { loadOrCreateKeySet, loadOrCreateSecrets } from './tokens/key-store.ts';
import { TokenService } from './tokens/token-service.ts';
import { SsoVerifier } from './tokens/sso-verifier.ts';
import { TOKEN_KINDS } from './tokens/token-kinds.ts';
import { KeyRing } from './tokens/key-ring.ts';
import { maxTokenLifetimeMs, SOFTWARE_STATEMENT_TTL_S } from './tokens/token-lifetimes.ts';
import type { Lifecycle } from './lifecycle/lifecycle.ts';
import { schedulePruning } from './maintenance/prune-expired.ts';
import { ensureSigningKeys, listKeys, unsealPrivateJwk } from './tokens/shared-key-store.ts';
import { MvpdGateway } from './mvpd-client/mvpd-gateway.ts';
import { ClientRegistry } from './pass/client-registry.ts';
import { RateLimiter } from './http/rate-limiter.ts';
import { CustomerSessions } from './sso/customer-sessions.ts';
import { EntitlementStore } from './entitlement/entitlement-store.ts';
import type { PassContext } from './context/pass-context.ts';
import { buildApp } from './app.ts';
import { buildIdpApp } from './idp/idp-app.ts';
import { buildMvpdApp } from './mvpd/mvpd-app.ts';
import { inProcessFetch } from './http/in-process-fetch.ts';

export interface SystemOptions {
  logger?: boolean | object;
  transport?: 'network' | 'in-process';
  spaDir?: string | null;
  /** Wraps the server-to-server fetch of the MVPD client (the bench sends the authorization calls to a simulator in its own process). */
  wrapMvpdFetch?: (f: typeof fetch) => typeof fetch;
  /** Build the embedded IdP and MVPD simulator here (default true); false for an API-only cluster instance. */
  standIns?: boolean;
  /** Named in every response's `x-playgate-instance` header (default: none). */
  instanceId?: string;
  lifecycle?: Lifecycle;
  /** Start-up notices (key import, dev KEK) before the app's logger exists (default: dropped). */
  log?: (msg: string, detail?: object) => void;
}

export interface System {
  config: Config;
  app: FastifyInstance;
  idp: FastifyInstance | null;
  mvpd: FastifyInstance | null;
  ctx: PassContext;
  softwareStatement: string;
  /** Keeps ctx.tokens in step with the shared key set in the database. */
  keyRing: KeyRing;
  close(): Promise<void>;
}

type Opener = (name: string, target?: DatabaseTarget) => Promise<Db>;

/** The embedded IdP and MVPD simulator (those the config embeds), each on its own SQLite file and key files. */
async function openStandIns(config: Config, open: Opener, opts: SystemOptions) {
  const keyDir = join(config.dataDir, 'keys');
  const idp = config.idp.embedded
    ? await buildIdpApp(
        {
          config,
          db: await open('idp.sqlite'),
          keys: await loadOrCreateKeySet(join(keyDir, 'idp.jwks.json'), ['RS256', 'ES256']),
          cookieKeys: loadOrCreateSecrets(join(keyDir, 'idp.cookies.json'), 2),
        },
        opts,
      )
    : null;
  const mvpd = config.mvpdSimulator.embedded
    ? await buildMvpdApp(
        {
          config,
          db: await open('mvpd.sqlite'),
          keys: await loadOrCreateKeySet(join(keyDir, 'mvpd.jwks.json'), ['RS256', 'ES256']),
          cookieKeys: loadOrCreateSecrets(join(keyDir, 'mvpd.cookies.json'), 2),
        },
        opts,
      )
    : null;
  return { idp, mvpd };
}

/** Only the dev stand-ins, for a cluster: they run once, beside N API instances. */
export async function buildStandIns(config: Config, opts: SystemOptions = {}): Promise<{ idp: FastifyInstance | null; mvpd: FastifyInstance | null; close(): Promise<void> }> {
  const dbs: Db[] = [];
  const { idp, mvpd } = await openStandIns(
    config,
    async (name, target = { kind: 'sqlite', file: join(config.dataDir, name) }) => {
      const db = await openDatabase(target);
      dbs.push(db);
      return db;
    },
    opts,
  );
  return {
    idp: idp?.app ?? null,
    mvpd: mvpd?.app ?? null,
    async close() {
      await Promise.all([idp?.app.close(), mvpd?.app.close()]);
      await Promise.all(dbs.map((db) => db.destroy()));
    },
  };
}


export async function buildSystem(config: Config, opts: SystemOptions = {}): Promise<System> {
  const log = opts.log ?? (() => {});
  const dbs: Db[] = [];
  const open = async (name: string, target: DatabaseTarget = { kind: 'sqlite', file: join(config.dataDir, name) }) => {
    const db = await openDatabase(target);
    dbs.push(db);
    return db;
  };
  const keyDir = join(config.dataDir, 'keys');

  // standIns: false — an API instance of a cluster: the stand-ins run once, in their own process.
  const { idp, mvpd } = opts.standIns === false ? { idp: null, mvpd: null } : await openStandIns(config, open, opts);

  const siblings: Record<string, FastifyInstance> = {};
  if (idp) siblings[config.idp.issuer] = idp.app;
  if (mvpd) siblings[config.mvpdSimulator.issuer] = mvpd.app;
  const fetchImpl = opts.transport === 'in-process' ? inProcessFetch(siblings) : fetch;

  // The API's own store may be PostgreSQL (scale-out); the dev stand-ins stay on SQLite.
  const db = await open('playgate.sqlite', apiDatabaseTarget(config));
  const { tokens, keyRing } = await openSigningKeys(config, db, join(keyDir, 'playgate.jwks.json'), log);
  const stopPruning = schedulePruning(db, log, 60_000, config.tempPass ?? []);
  const customerSessions = new CustomerSessions(db);
  const ctx: PassContext = {
    config,
    db,
    clients: new ClientRegistry(db),
    fetch: fetchImpl,
    rateLimiter: new RateLimiter(db),
    customerSessions,
    tokens,
    sso: new SsoVerifier(
      [
        {
          issuer: config.idp.issuer,
          audience: config.idp.audience,
          audienceClaim: config.idp.audienceClaim,
          algorithms: config.idp.algorithms,
          typs: config.idp.accessTokenTypes,
          clockToleranceSeconds: config.idp.clockToleranceSeconds,
        },
        ...(config.ssoIssuers ?? []).map((t) => ({
          issuer: t.issuer,
          audience: t.audiences,
          audienceClaim: t.audienceClaim,
          algorithms: t.algorithms,
          jwksUrl: t.jwksUrl,
          ...(t.typ ? { typ: t.typ } : {}),
          typs: t.accessTokenTypes,
          clockToleranceSeconds: t.clockToleranceSeconds,
        })),
        // Publisher SSO: Playgate's own customer tokens, checked with its own keys, and dead
        // as soon as their refresh-token family is revoked.
        ...(config.publisherSso
          ? [
              {
                issuer: tokens.issuer,
                audience: TOKEN_KINDS.customer.audience,
                typ: TOKEN_KINDS.customer.typ,
                algorithms: ['ES256'],
                keys: tokens.keyResolver,
                refusal: (claims: JWTPayload) => customerSessions.refusal(claims),
              },
            ]
          : []),
      ],
      fetchImpl,
    ),
    mvpdGateway: new MvpdGateway(config, opts.wrapMvpdFetch ? opts.wrapMvpdFetch(fetchImpl) : fetchImpl),
  };
  // Demo grants of the internal entitlement store (idempotent).
  await new EntitlementStore(db).seed(
    (config.internalEntitlements ?? []).map((g) => ({ ...g, issuer: g.issuer ?? config.idp.issuer })),
  );
  const softwareStatement = (
    await tokens.sign('softwareStatement', { software_id: config.requestor.softwareStatementId, requestor: config.requestor.id }, SOFTWARE_STATEMENT_TTL_S)
  ).token;
  const app = await buildApp(ctx, {
    softwareStatement,
    ...(opts.instanceId ? { instanceId: opts.instanceId } : {}),
    ...(opts.lifecycle ? { lifecycle: opts.lifecycle } : {}),
    ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
    ...(opts.spaDir !== undefined ? { spaDir: opts.spaDir } : {}),
  });

  return {
    config,
    app,
    idp: idp?.app ?? null,
    mvpd: mvpd?.app ?? null,
    ctx,
    softwareStatement,
    keyRing,
    async close() {
      keyRing.stop();
      stopPruning();
      await Promise.all([app.close(), idp?.app.close(), mvpd?.app.close()]);
      await Promise.all(dbs.map((db) => db.destroy()));
    },
  };
}

/**
 * Playgate's signing keys come from the database (shared by every instance); a legacy
 * data/keys/playgate.jwks.json is imported on the first start against an empty table.
 */
async function openSigningKeys(config: Config, db: Db, legacyFile: string, log: (msg: string, detail?: object) => void) {
  const kek = config.kek;
  if (kek.source === 'dev') log('DEV KEK IN USE: private signing keys are sealed with the shipped dev key-encryption key; set PLAYGATE_KEK or PLAYGATE_KEK_FILE outside demos');
  const first = await ensureSigningKeys(db, kek, legacyFile);
  if (first.imported) log(`signing keys: imported ${first.imported} key(s) from ${legacyFile} into the database; the file is no longer read and may be deleted`);
  const maxLifetime = maxTokenLifetimeMs(config);
  const active = (await listKeys(db, Date.now(), maxLifetime)).find((k) => k.state === 'active');
  if (!active) throw new Error('no active signing key in the database');
  const tokens = await TokenService.create(config.app.publicUrl, [unsealPrivateJwk(kek, active)]);
  const keyRing = new KeyRing(db, kek, {
    maxTokenLifetimeMs: maxLifetime,
    refreshIntervalMs: (config.signingKeys?.refreshIntervalSeconds ?? 5) * 1000,
    unknownKidCooldownMs: config.signingKeys?.unknownKidCooldownMs ?? 1000,
    log,
  });
  await keyRing.attach(tokens);
  return { tokens, keyRing };
}
