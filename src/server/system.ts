// Builds the whole embedded system — Playgate app, identity provider, MVPD simulator —
// from one config. main.ts listens on it; tests drive it with inject and `transport:
// 'in-process'`, where server-to-server calls reach the sibling apps without sockets.
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/schema.ts';
import { openDatabase, type Db, type DatabaseTarget } from './db/database.ts';
import { loadOrCreateKeySet, loadOrCreateSecrets } from './tokens/key-store.ts';
import { TokenService } from './tokens/token-service.ts';
import { SsoVerifier } from './tokens/sso-verifier.ts';
import { TOKEN_KINDS } from './tokens/token-kinds.ts';
import { createLocalJWKSet } from 'jose';
import { MvpdGateway } from './pass/mvpd-gateway.ts';
import { ClientRegistry } from './pass/client-registry.ts';
import { RateLimiter } from './http/rate-limiter.ts';
import { EntitlementStore } from './entitlement/entitlement-store.ts';
import type { PassContext } from './pass/pass-context.ts';
import { buildApp } from './app.ts';
import { buildIdpApp } from './idp/idp-app.ts';
import { buildMvpdApp } from './mvpd/mvpd-app.ts';
import { inProcessFetch } from './http/in-process-fetch.ts';

export interface SystemOptions {
  logger?: boolean | object;
  transport?: 'network' | 'in-process';
  spaDir?: string | null;
}

export interface System {
  config: Config;
  app: FastifyInstance;
  idp: FastifyInstance | null;
  mvpd: FastifyInstance | null;
  ctx: PassContext;
  softwareStatement: string;
  close(): Promise<void>;
}

/** Software statements are long-lived: an app ships one and registers with it. */
const SOFTWARE_STATEMENT_TTL_S = 365 * 24 * 60 * 60;

export async function buildSystem(config: Config, opts: SystemOptions = {}): Promise<System> {
  const dbs: Db[] = [];
  const open = async (name: string, target: DatabaseTarget = { kind: 'sqlite', file: join(config.dataDir, name) }) => {
    const db = await openDatabase(target);
    dbs.push(db);
    return db;
  };
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

  const siblings: Record<string, FastifyInstance> = {};
  if (idp) siblings[config.idp.issuer] = idp.app;
  if (mvpd) siblings[config.mvpdSimulator.issuer] = mvpd.app;
  const fetchImpl = opts.transport === 'in-process' ? inProcessFetch(siblings) : fetch;

  const tokens = await TokenService.create(config.app.publicUrl, await loadOrCreateKeySet(join(keyDir, 'playgate.jwks.json'), ['ES256']));
  // The API's own store may be PostgreSQL (scale-out); the dev stand-ins stay on SQLite.
  const db = await open('playgate.sqlite', config.database?.url ? { kind: 'postgres', url: config.database.url, schema: config.database.schema } : undefined);
  const ctx: PassContext = {
    config,
    db,
    clients: new ClientRegistry(db),
    fetch: fetchImpl,
    rateLimiter: new RateLimiter(db),
    tokens,
    sso: new SsoVerifier(
      [
        {
          issuer: config.idp.issuer,
          audience: config.idp.audience,
          algorithms: config.idp.algorithms,
          typs: config.idp.accessTokenTypes,
          clockToleranceSeconds: config.idp.clockToleranceSeconds,
        },
        ...(config.ssoIssuers ?? []).map((t) => ({
          issuer: t.issuer,
          audience: t.audiences,
          algorithms: t.algorithms,
          jwksUrl: t.jwksUrl,
          ...(t.typ ? { typ: t.typ } : {}),
          typs: t.accessTokenTypes,
          clockToleranceSeconds: t.clockToleranceSeconds,
        })),
        // Publisher SSO: Playgate's own customer tokens, checked with its own keys.
        ...(config.publisherSso
          ? [{ issuer: tokens.issuer, audience: TOKEN_KINDS.customer.audience, typ: TOKEN_KINDS.customer.typ, algorithms: ['ES256'], keys: createLocalJWKSet(tokens.publicJwks) }]
          : []),
      ],
      fetchImpl,
    ),
    mvpdGateway: new MvpdGateway(config, fetchImpl),
  };
  // Demo grants of the internal entitlement store (idempotent).
  await new EntitlementStore(db).seed(
    (config.internalEntitlements ?? []).map((g) => ({ ...g, issuer: g.issuer ?? config.idp.issuer })),
  );
  const softwareStatement = (
    await tokens.sign('softwareStatement', { software_id: config.requestor.softwareStatementId, requestor: config.requestor.id }, SOFTWARE_STATEMENT_TTL_S)
  ).token;
  const app = await buildApp(ctx, { softwareStatement, ...(opts.logger !== undefined ? { logger: opts.logger } : {}), ...(opts.spaDir !== undefined ? { spaDir: opts.spaDir } : {}) });

  return {
    config,
    app,
    idp: idp?.app ?? null,
    mvpd: mvpd?.app ?? null,
    ctx,
    softwareStatement,
    async close() {
      await Promise.all([app.close(), idp?.app.close(), mvpd?.app.close()]);
      await Promise.all(dbs.map((db) => db.destroy()));
    },
  };
}
