// Reads playgate.config.json once, applies env overrides, and fails fast naming
// every bad or missing setting (one line per problem, with its JSON path).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { applySecretSources } from './secret-sources.ts';
import { resolveKek, type Kek } from '../tokens/kek.ts';
import { normalizeClaim, type ClaimSetting } from '../../shared/claims/entitlement-claims.ts';
import { ConfigFileSchema, type Config, type ConfigFile, type TenantConfig } from './schema.ts';

/** What the SPA asks for unless `idp.scope` says otherwise; `playgate` is the embedded IdP's API scope. */
export const DEFAULT_SCOPE = 'openid profile email offline_access';
export const EMBEDDED_SCOPE = `${DEFAULT_SCOPE} playgate`;
/** Authorization parameters the SPA owns: `idp.extraAuthParams` may not set them. */
const RESERVED_AUTH_PARAMS = ['client_id', 'redirect_uri', 'response_type', 'response_mode', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'prompt', 'id_token_hint', 'request', 'request_uri'];

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super(`Invalid configuration in ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export const DEFAULT_CONFIG_PATH = 'playgate.config.json';

/** Env overrides (default: none): ports, public URLs and the data directory. */
const ENV_OVERRIDES = {
  PLAYGATE_DATA_DIR: ['dataDir'],
  PLAYGATE_APP_PORT: ['app', 'port'],
  PLAYGATE_APP_URL: ['app', 'publicUrl'],
  PLAYGATE_IDP_PORT: ['idp', 'port'],
  PLAYGATE_IDP_ISSUER: ['idp', 'issuer'],
  PLAYGATE_MVPD_PORT: ['mvpdSimulator', 'port'],
  PLAYGATE_MVPD_ISSUER: ['mvpdSimulator', 'issuer'],
  DATABASE_URL: ['database', 'url'],
  PLAYGATE_DATABASE_SCHEMA: ['database', 'schema'],
} as const;

export function loadConfig(
  path = process.env.PLAYGATE_CONFIG ?? DEFAULT_CONFIG_PATH,
  env: NodeJS.ProcessEnv = process.env,
): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(path, [`cannot read as JSON: ${(err as Error).message}`]);
  }
  return parseConfig(raw, path, env);
}

export function parseConfig(raw: unknown, source = 'config', env: NodeJS.ProcessEnv = {}): Config {
  const problems: string[] = [];
  let input = structuredClone(raw) as Record<string, Record<string, unknown>>;
  // PLAYGATE_CONFIG_OVERRIDES: a JSON object deep-merged over the file (tests, demos).
  if (env.PLAYGATE_CONFIG_OVERRIDES) {
    try {
      input = deepMerge(input, JSON.parse(env.PLAYGATE_CONFIG_OVERRIDES)) as typeof input;
    } catch (err) {
      problems.push(`PLAYGATE_CONFIG_OVERRIDES: not valid JSON (${(err as Error).message})`);
    }
  }
  if (typeof input === 'object' && input !== null) {
    for (const [name, path] of Object.entries(ENV_OVERRIDES)) {
      const value = env[name];
      if (value === undefined || value === '') continue;
      const [section, key] = path as readonly string[];
      // Digits only: Number() would also take " " (0), "0x1F90" or "1e3".
      const asNumber = key === 'port' ? (/^\d+$/.test(value) ? Number(value) : NaN) : undefined;
      if (asNumber !== undefined && !Number.isInteger(asNumber)) {
        problems.push(`${name}: must be an integer port, got "${value}"`);
        continue;
      }
      if (key === undefined) (input as Record<string, unknown>)[section!] = value;
      else {
        // An override may create an optional section the file leaves out (e.g. `database`).
        input[section!] ??= {};
        if (typeof input[section!] === 'object' && input[section!] !== null) input[section!]![key] = asNumber ?? value;
      }
    }
  }
  // Secrets from NAME or NAME_FILE (config/secret-sources.ts) win over the file.
  problems.push(...applySecretSources(input, env));
  for (const e of Value.Errors(ConfigFileSchema, input)) {
    problems.push(`${e.path || '/'}: ${e.message}${e.value === undefined ? ' (missing)' : ''}`);
  }
  // Cross-checks run even when the schema failed, so one start-up names every problem.
  const file = input as unknown as ConfigFile;
  problems.push(...crossCheck(file));
  let kek: Kek | undefined;
  try {
    kek = resolveKek(env);
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (problems.length > 0 || !kek) throw new ConfigError(source, dedupe(problems));

  const appUrl = trimSlash(file.app.publicUrl ?? `http://localhost:${file.app.port}`);
  return {
    ...file,
    dataDir: resolve(file.dataDir),
    kek,
    app: { port: file.app.port, publicUrl: appUrl },
    idp: {
      ...file.idp,
      // An external issuer is compared byte for byte with `iss` (Auth0's ends with "/"): kept as written.
      issuer: file.idp.embedded || !file.idp.issuer ? trimSlash(file.idp.issuer ?? `http://localhost:${file.idp.port}`) : file.idp.issuer,
      entitlementClaims: file.idp.entitlementClaims.map(normalizeClaim),
      scope: file.idp.scope ?? (file.idp.embedded ? EMBEDDED_SCOPE : DEFAULT_SCOPE),
      accessTokenTypes: file.idp.accessTokenTypes ?? ['at+jwt'],
      clockToleranceSeconds: file.idp.clockToleranceSeconds ?? 30,
    },
    tenants: file.tenants?.map((t): TenantConfig => {
      const { entitlements, ...rest } = t;
      return entitlements ? { ...rest, entitlements: { ...entitlements, jwtClaims: entitlements.jwtClaims.map(normalizeClaim) } } : rest;
    }),
    mvpdSimulator: {
      ...file.mvpdSimulator,
      issuer: trimSlash(file.mvpdSimulator.issuer ?? `http://localhost:${file.mvpdSimulator.port}`),
    },
  };
}

/**
 * Rules a JSON schema cannot say: unique ids, references between sections. Runs on input
 * the schema may have refused, so it reads every part defensively.
 */
function crossCheck(file: ConfigFile): string[] {
  const problems: string[] = [];
  const list = (x: unknown): any[] => (Array.isArray(x) ? x : []);
  const unique = (entries: Array<[path: string, id: unknown]>) => {
    const seen = new Set<unknown>();
    for (const [path, id] of entries) {
      if (typeof id !== 'string') continue;
      if (seen.has(id)) problems.push(`${path}: duplicate id "${id}"`);
      seen.add(id);
    }
  };
  const mvpds = list(file?.mvpds);
  unique(mvpds.map((m, i) => [`/mvpds/${i}/id`, m?.id]));
  unique(list(file?.resources).map((r, i) => [`/resources/${i}/id`, r?.id]));
  list(file?.resources).forEach((r, i) => {
    const offer = r?.access?.offer;
    if (offer?.entitlement && !list(r.access.entitlements).includes(offer.entitlement)) {
      problems.push(`/resources/${i}/access/offer/entitlement: "${offer.entitlement}" does not open this resource (not in its entitlements)`);
    }
  });
  unique(list(file?.idp?.viewers).map((v, i) => [`/idp/viewers/${i}/username`, v?.username]));
  unique(mvpds.flatMap((m, i) => list(m?.subscribers).map((s, j): [string, unknown] => [`/mvpds/${i}/subscribers/${j}/username`, s?.username])));
  mvpds.forEach((m, i) => {
    const home = m?.simulator?.homeNetwork;
    if (typeof home === 'string' && !list(m?.subscribers).some((s) => s?.username === home && s?.homeBased === true)) {
      problems.push(`/mvpds/${i}/simulator/homeNetwork: "${home}" is not a home-based subscriber (homeBased: true) of this MVPD`);
    }
  });
  list((file as { tenants?: unknown })?.tenants).forEach((t, i) => {
    if (t?.entitlements && t?.auth) problems.push(`/tenants/${i}: set either "entitlements" (partial) or "auth" (full external entitlements), not both`);
    if (t && !t.entitlements && !t.auth) problems.push(`/tenants/${i}: needs "entitlements" (partial) or "auth" (full external entitlements) (missing)`);
  });
  unique(list((file as { tenants?: unknown })?.tenants).map((t, i) => [`/tenants/${i}/id`, t?.id]));
  // The API only ever receives the access token (AD-Service-Token, Playback bearer): a claim
  // that lives in the ID token or at userinfo cannot decide, and a client-sent copy is never trusted.
  const notFromAccessToken = (x: unknown) => typeof x === 'object' && x !== null && (x as { from?: string }).from !== undefined && (x as { from?: string }).from !== 'access_token';
  const tenantList = list((file as { tenants?: unknown })?.tenants);
  tenantList.forEach((t, i) =>
    list(t?.entitlements?.jwtClaims).forEach((c: ClaimSetting, j) => {
      if (notFromAccessToken(c)) problems.push(`/tenants/${i}/entitlements/jwtClaims/${j}: the API decides on access-token claims only; "${(c as { path?: string }).path}" is read from ${(c as { from?: string }).from} (add it to the access token at the provider)`);
    }),
  );
  const decidesWithIdpClaims = !tenantList.some((t) => t?.entitlements);
  if (decidesWithIdpClaims)
    list(file?.idp?.entitlementClaims).forEach((c: ClaimSetting, j) => {
      if (notFromAccessToken(c))
        problems.push(`/idp/entitlementClaims/${j}: with no tenant "entitlements", these claims decide, and the API sees only the access token; "${(c as { path?: string }).path}" is read from ${(c as { from?: string }).from} (add it to the access token at the provider, or configure a tenant's jwtClaims)`);
    });
  for (const name of Object.keys((file?.idp?.extraAuthParams as Record<string, unknown> | undefined) ?? {}))
    if (RESERVED_AUTH_PARAMS.includes(name)) problems.push(`/idp/extraAuthParams/${name}: set by the SPA itself; use idp.scope, idp.resource or the sign-in actions instead`);
  if (file?.idp?.extraAuthParams && 'resource' in file.idp.extraAuthParams) problems.push('/idp/extraAuthParams/resource: use idp.resource (it is also sent at the token endpoint)');
  if (file?.idp && !file.idp.embedded && !file.idp.issuer) problems.push('/idp/issuer: required when /idp/embedded is false (missing)');
  const mvpdIds = new Set(mvpds.map((m) => m?.id));
  const partners = list((file as { partnerSso?: { partners?: unknown } })?.partnerSso?.partners);
  unique(partners.map((p, i) => [`/partnerSso/partners/${i}/name`, typeof p?.name === 'string' ? p.name.toLowerCase() : p?.name]));
  partners.forEach((p, i) => {
    for (const [mappingId, mvpd] of Object.entries((p?.mvpds as Record<string, unknown> | undefined) ?? {}))
      if (typeof mvpd === 'string' && !mvpdIds.has(mvpd)) problems.push(`/partnerSso/partners/${i}/mvpds/${mappingId}: no MVPD "${mvpd}" in /mvpds`);
  });
  if (file?.mvpdSimulator && !file.mvpdSimulator.embedded && !file.mvpdSimulator.issuer)
    problems.push('/mvpdSimulator/issuer: required when /mvpdSimulator/embedded is false (missing)');
  return problems;
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base) || typeof over !== 'object' || over === null || Array.isArray(over)) return over;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(out[k], v);
  return out;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');
const dedupe = (xs: string[]) => [...new Set(xs)];
