// Test harness: the whole embedded system in one process on a fresh data directory,
// driven with inject (no ports), plus helpers that walk real login redirect chains.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import * as oidc from 'openid-client';
import pg from 'pg';
import { parseConfig } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import { buildSystem, type System, type SystemOptions } from '../system.ts';
import { inProcessFetch } from '../http/in-process-fetch.ts';
import { formatDeviceIdentifier } from '../../shared/device-identifier.ts';
import { adobeConformance } from './adobe-conformance.ts';

export interface TestSystem extends System {
  dataDir: string;
  fetch: typeof fetch;
  dispose(): Promise<void>;
}

export function testConfig(mutate?: (raw: any) => void): Config {
  const raw = JSON.parse(readFileSync('playgate.config.json', 'utf8'));
  raw.dataDir = mkdtempSync(join(tmpdir(), 'playgate-test-'));
  mutate?.(raw);
  // With DATABASE_URL set (CI's second pass), the API store is PostgreSQL, one schema
  // per data directory: isolated per test system, the same again after a restart.
  if (process.env.DATABASE_URL && raw.database === undefined) {
    raw.database = { url: process.env.DATABASE_URL, schema: `t_${basename(raw.dataDir).toLowerCase().replace(/[^a-z0-9]/g, '_')}` };
  }
  return parseConfig(raw, 'test config');
}

/** `logger`: Fastify logger options for all three apps (default: off), e.g. `{ level: 'info', stream }` to capture them. */
export async function startTestSystem(config = testConfig(), opts: Pick<SystemOptions, 'wrapMvpdFetch'> & { logger?: object } = {}): Promise<TestSystem> {
  const { logger, ...rest } = opts;
  const system = await buildSystem(config, { transport: 'in-process', spaDir: null, ...rest, ...(logger ? { logger } : {}) });
  enforceAdobeConformance(system.app);
  const routes: Record<string, FastifyInstance> = { [config.app.publicUrl]: system.app };
  if (system.idp) routes[config.idp.issuer] = system.idp;
  if (system.mvpd) routes[config.mvpdSimulator.issuer] = system.mvpd;
  return {
    ...system,
    dataDir: config.dataDir,
    fetch: inProcessFetch(routes),
    async dispose() {
      // Closed first: its background jobs (roll-ups, conformance sync, key ring) would otherwise
      // race the drop (PostgreSQL answered a drop beside a roll-up with "deadlock detected").
      await system.close();
      if (config.database?.url && config.database.schema) {
        const client = new pg.Client({ connectionString: config.database.url });
        await client.connect();
        try {
          await client.query(`drop schema if exists "${config.database.schema}" cascade`);
        } finally {
          await client.end();
        }
      }
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Every response the suite receives from /api/v2 and /o/client is validated against
 * Adobe's OpenAPI documents; a mismatch fails the request (and so the test) at once.
 */
function enforceAdobeConformance(app: FastifyInstance): void {
  const inject = app.inject.bind(app) as (opts: InjectOptions) => Promise<LightMyRequestResponse>;
  (app as { inject: unknown }).inject = async (opts: InjectOptions) => {
    const res = await inject(opts);
    const url = typeof opts === 'string' ? opts : String(opts.url ?? opts.path ?? '');
    const method = typeof opts === 'string' ? 'GET' : String(opts.method ?? 'GET');
    const problem = adobeConformance().check(method, url.split('?')[0]!, res.statusCode, res.headers['content-type'] as string | undefined, res.body);
    if (problem) throw new Error(`Adobe conformance: ${problem}\nbody: ${res.body.slice(0, 500)}`);
    return res;
  };
}

/** A minimal cookie jar per origin: enough for the providers' interaction cookies. */
class CookieJar {
  private readonly jar = new Map<string, Map<string, string>>();
  store(origin: string, res: LightMyRequestResponse) {
    const raw = res.headers['set-cookie'];
    const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    for (const c of list) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(origin, cookies);
  }
  header(origin: string): string {
    return [...(this.jar.get(origin) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface BrowserLike {
  /** Follows redirects across the three apps until a URL outside them, or a page. */
  follow(url: string, opts?: { stopAt?: string }): Promise<{ url: string; res: LightMyRequestResponse }>;
  submitLogin(pageUrl: string, res: LightMyRequestResponse, username: string, password: string, opts?: { stopAt?: string }): Promise<{ url: string; res: LightMyRequestResponse }>;
  /** Posts the page's form whose action ends with `actionSuffix`, with `fields`, and follows. */
  submitForm(pageUrl: string, res: LightMyRequestResponse, actionSuffix: string, fields: Record<string, string>, opts?: { stopAt?: string }): Promise<{ url: string; res: LightMyRequestResponse }>;
}

/** A scripted "browser" over inject: cookies, redirects and form posts, no sockets. */
export function browser(sys: TestSystem): BrowserLike {
  const jar = new CookieJar();
  const apps = new Map<string, FastifyInstance>([[new URL(sys.config.app.publicUrl).origin, sys.app]]);
  if (sys.idp) apps.set(new URL(sys.config.idp.issuer).origin, sys.idp);
  if (sys.mvpd) apps.set(new URL(sys.config.mvpdSimulator.issuer).origin, sys.mvpd);

  const request = async (method: 'GET' | 'POST', url: string, form?: Record<string, string>) => {
    const u = new URL(url);
    const app = apps.get(u.origin);
    if (!app) throw new Error(`no app at ${u.origin}`);
    const res = await app.inject({
      method,
      url: u.pathname + u.search,
      headers: { cookie: jar.header(u.origin), host: u.host, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });
    jar.store(u.origin, res);
    return res;
  };

  const follow = async (start: string, opts: { stopAt?: string } = {}, first?: LightMyRequestResponse) => {
    let url = start;
    let res = first ?? (await request('GET', url));
    for (let hops = 0; hops < 20 && res.statusCode >= 300 && res.statusCode < 400; hops++) {
      url = new URL(String(res.headers.location), url).href;
      if (opts.stopAt && url.startsWith(opts.stopAt)) return { url, res };
      if (!apps.has(new URL(url).origin)) return { url, res };
      res = await request('GET', url);
    }
    return { url, res };
  };

  return {
    follow: (url, opts) => follow(url, opts),
    async submitLogin(pageUrl, page, username, password, opts = {}) {
      const action = /action="([^"]+)"/.exec(page.body)?.[1];
      if (!action) throw new Error(`no login form at ${pageUrl}: ${page.statusCode} ${page.body.slice(0, 200)}`);
      const target = new URL(action.replace(/&#47;/g, '/'), pageUrl).href;
      const res = await request('POST', target, { username, password });
      return follow(target, opts, res);
    },
    async submitForm(pageUrl, page, actionSuffix, fields, opts = {}) {
      const action = [...page.body.matchAll(/action="([^"]+)"/g)].map((m) => m[1]!.replace(/&#47;/g, '/')).find((a) => a.endsWith(actionSuffix));
      if (!action) throw new Error(`no form ending in ${actionSuffix} at ${pageUrl}: ${page.statusCode} ${page.body.slice(0, 200)}`);
      const target = new URL(action, pageUrl).href;
      const res = await request('POST', target, fields);
      return follow(target, opts, res);
    },
  };
}

/** Signs a viewer in at the IdP with the real code + PKCE flow; returns its tokens. */
export async function idpSignIn(sys: TestSystem, username: string, password = 'playgate') {
  const config = await oidc.discovery(new URL(sys.config.idp.issuer), sys.config.idp.clientId, undefined, oidc.None(), {
    [oidc.customFetch]: sys.fetch as oidc.CustomFetch,
    execute: [oidc.allowInsecureRequests],
  });
  config[oidc.customFetch] = sys.fetch as oidc.CustomFetch;
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const redirectUri = `${sys.config.app.publicUrl}/auth/callback`;
  const authUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile email offline_access playgate',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const b = browser(sys);
  const page = await b.follow(authUrl.href);
  const done = await b.submitLogin(page.url, page.res, username, password);
  if (!done.url.startsWith(redirectUri)) throw new Error(`IdP login did not return to the app: ${done.url} ${done.res.body.slice(0, 300)}`);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  return { accessToken: tokens.access_token, idToken: tokens.id_token!, refreshToken: tokens.refresh_token };
}

/** Registers a client through DCR and returns a client access token. */
export async function clientToken(sys: TestSystem): Promise<string> {
  const reg = await sys.app.inject({ method: 'POST', url: '/o/client/register', payload: { software_statement: sys.softwareStatement, redirect_uri: sys.config.app.publicUrl } });
  if (reg.statusCode !== 201) throw new Error(`register failed: ${reg.body}`);
  const { client_id, client_secret } = reg.json();
  const tok = await sys.app.inject({ method: 'POST', url: `/o/client/token?grant_type=client_credentials&client_id=${client_id}&client_secret=${client_secret}` });
  if (tok.statusCode !== 201) throw new Error(`token failed: ${tok.body}`);
  return tok.json().access_token;
}

export function passHeaders(accessToken: string, deviceId: string, serviceToken?: string): Record<string, string> {
  return {
    authorization: `Bearer ${accessToken}`,
    'ap-device-identifier': formatDeviceIdentifier(deviceId),
    ...(serviceToken ? { 'ad-service-token': serviceToken } : {}),
  };
}

/** Creates a session and completes the MVPD login as `subscriber`; returns the code. */
export async function mvpdLogin(sys: TestSystem, headers: Record<string, string>, mvpd: string, subscriber: string, password = 'playgate') {
  const redirectUrl = `${sys.config.app.publicUrl}/mvpd-done`;
  const created = await sys.app.inject({
    method: 'POST',
    url: '/api/v2/PLAYGATE/sessions',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ mvpd, domainName: 'localhost', redirectUrl }).toString(),
  });
  if (created.statusCode !== 200) throw new Error(`session failed: ${created.body}`);
  const session = created.json();
  const b = browser(sys);
  const page = await b.follow(new URL(session.url, sys.config.app.publicUrl).href);
  const done = await b.submitLogin(page.url, page.res, subscriber, password);
  return { session, landedOn: done.url, res: done.res };
}

// ---- Helpers shared by the server test files (added with the integration suites). ----

/** A config for `dataDir` exactly (no fresh temp dir): for restart tests. */
export function testConfigIn(dataDir: string, mutate?: (raw: any) => void): Config {
  return testConfig((raw) => {
    rmSync(raw.dataDir, { recursive: true, force: true });
    raw.dataDir = dataDir;
    mutate?.(raw);
  });
}

/** Registers a client through DCR and returns its credentials. */
export async function registerClient(sys: System): Promise<{ client_id: string; client_secret: string }> {
  const reg = await sys.app.inject({ method: 'POST', url: '/o/client/register', payload: { software_statement: sys.softwareStatement } });
  if (reg.statusCode !== 201) throw new Error(`register failed: ${reg.body}`);
  return reg.json();
}

/** Exchanges client credentials for a client access token (query-string form). */
export async function tokenFor(sys: System, creds: { client_id: string; client_secret: string }): Promise<string> {
  const tok = await sys.app.inject({ method: 'POST', url: `/o/client/token?${new URLSearchParams({ grant_type: 'client_credentials', ...creds })}` });
  if (tok.statusCode !== 201) throw new Error(`token failed: ${tok.body}`);
  return tok.json().access_token;
}

/** Asks for an authorize decision; returns the first decision and the raw response. */
export async function authorizeResource(sys: System, headers: Record<string, string>, mvpd: string, resource: string) {
  const res = await sys.app.inject({ method: 'POST', url: `/api/v2/PLAYGATE/decisions/authorize/${mvpd}`, headers, payload: { resources: [resource] } });
  if (res.statusCode !== 200) throw new Error(`authorize failed: ${res.statusCode} ${res.body}`);
  return { decision: res.json().decisions[0], res };
}

/** A fresh media token (Permit) for `resource`; the device must already hold a profile for `mvpd`. */
export async function mediaTokenFor(sys: System, headers: Record<string, string>, mvpd: string, resource: string): Promise<string> {
  const { decision } = await authorizeResource(sys, headers, mvpd, resource);
  if (!decision.authorized) throw new Error(`no Permit for ${resource}: ${JSON.stringify(decision.error)}`);
  return decision.token.serializedToken;
}

export interface ExpectedError {
  status: number;
  code: string;
  action?: string;
}

/**
 * Asserts that `res` is the enhanced error body {action, status, code, message, details?,
 * helpUrl, trace} with the expected status, code (and action), and that `trace` is the
 * response's x-trace-id. Never looks at the message text.
 */
export function expectErrorBody(res: LightMyRequestResponse, expected: ExpectedError): Record<string, unknown> {
  if (res.statusCode !== expected.status || !String(res.headers['content-type'] ?? '').includes('application/json')) {
    throw new Error(`expected ${expected.status} ${expected.code}, got ${res.statusCode} ${String(res.headers['content-type'])}: ${res.body.slice(0, 300)}`);
  }
  const body = res.json() as Record<string, unknown>;
  checkErrorShape(body, res);
  const got = { status: body.status, code: body.code, ...(expected.action !== undefined ? { action: body.action } : {}) };
  const want = { status: expected.status, code: expected.code, ...(expected.action !== undefined ? { action: expected.action } : {}) };
  if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`expected error ${JSON.stringify(want)}, got ${JSON.stringify(body)}`);
  return body;
}

/** The error body's shape alone (any code): every key typed, no extra keys, trace = x-trace-id, status = HTTP status. */
export function checkErrorShape(body: Record<string, unknown>, res: LightMyRequestResponse): void {
  const allowed = new Set(['action', 'status', 'code', 'message', 'details', 'helpUrl', 'trace']);
  const problems: string[] = [];
  for (const key of Object.keys(body)) if (!allowed.has(key)) problems.push(`unexpected key ${key}`);
  for (const key of ['action', 'code', 'message', 'helpUrl', 'trace']) if (typeof body[key] !== 'string' || body[key] === '') problems.push(`${key} missing`);
  if (body.details !== undefined && typeof body.details !== 'string') problems.push('details not a string');
  if (body.status !== res.statusCode) problems.push(`status ${String(body.status)} ≠ HTTP ${res.statusCode}`);
  if (!res.headers['x-trace-id'] || body.trace !== res.headers['x-trace-id']) problems.push(`trace ${String(body.trace)} ≠ x-trace-id ${String(res.headers['x-trace-id'])}`);
  if (typeof body.helpUrl === 'string' && !body.helpUrl.endsWith(`#${String(body.code)}`)) problems.push('helpUrl does not point at the code');
  if (problems.length > 0) throw new Error(`not an error body (${problems.join('; ')}): ${JSON.stringify(body)}`);
}
