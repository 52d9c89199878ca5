// A foreign OpenID provider for the "any IdP" proof: Glewlwyd (a C OAuth2/OIDC server from
// Debian's packages, not panva's oidc-provider), run as a plain process with a throwaway data
// directory, configured only through its own config file and REST admin API.
//
//   node --import tsx scripts/foreign-idp/glewlwyd.ts ensure          installs it if missing (exit 3: cannot be installed)
//   node --import tsx scripts/foreign-idp/glewlwyd.ts serve [options]  starts, provisions, runs until SIGTERM/SIGINT, stops
//   node --import tsx scripts/foreign-idp/glewlwyd.ts start [options]  the same, detached: prints the issuer and exits
//   node --import tsx scripts/foreign-idp/glewlwyd.ts stop --dir D     stops a started one and removes its data directory
//
// Options: --port P (default: a free one) · --app-url URL (a Playgate origin allowed to redirect back,
// repeatable, default http://localhost:8080) · --dir D (default a new temp dir) · --access-token-seconds N (default 3600)
// · --resource URI (the RFC 8707 resource naming the Playgate API, default https://api.playgate.example).
// See scripts/foreign-idp/README.md for what gets provisioned and why.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { FOREIGN_CLIENT_ID, FOREIGN_LOCAL_PLUGIN, FOREIGN_PASSWORD, FOREIGN_PLUGIN, FOREIGN_SCOPE, FOREIGN_VIEWERS } from './foreign-viewers.ts';

const BIN = '/usr/bin/glewlwyd';
const WEBAPP = '/usr/share/glewlwyd/webapp';
/** The webapp's config.json is a symlink into /etc (a directory holding config.json in Debian's package). */
const WEBAPP_CONFIG = ['/etc/glewlwyd/config-2.7.json/config.json', '/etc/glewlwyd/config-2.7.json', '/usr/share/glewlwyd/templates/config.json'];
const INIT_SQL = '/usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz';
/** The package's own first administrator (init.sqlite3.sql): a throwaway instance on 127.0.0.1 only. */
const ADMIN = { username: 'admin', password: 'password' };
export const CANNOT_INSTALL = 3;

interface Options {
  port: number;
  /** Playgate origins allowed to redirect back (--app-url, repeatable). */
  appUrls: string[];
  dir: string;
  accessTokenSeconds: number;
  /** The RFC 8707 resource (the Playgate API) a `playgate` scope may ask for. */
  resource: string;
}

function parseOptions(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const all = (name: string) => argv.flatMap((a, i) => (a === `--${name}` && argv[i + 1] ? [argv[i + 1]!] : []));
  return {
    port: Number(get('port') ?? 0),
    appUrls: (all('app-url').length ? all('app-url') : ['http://localhost:8080']).map((u) => u.replace(/\/$/, '')),
    dir: resolve(get('dir') ?? mkdtempSync(join(tmpdir(), 'glewlwyd-'))),
    accessTokenSeconds: Number(get('access-token-seconds') ?? 3600),
    resource: get('resource') ?? 'https://api.playgate.example',
  };
}

/** Installs Debian's glewlwyd when it is missing (as root); false when that is impossible here. */
export function ensureInstalled(log: (s: string) => void = console.error): boolean {
  if (existsSync(BIN)) return true;
  if (process.getuid?.() !== 0) {
    log(`glewlwyd is not installed and this is not root: apt-get install glewlwyd`);
    return false;
  }
  log('installing glewlwyd from Debian (apt-get)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', 'glewlwyd'], { stdio: 'inherit', env });
  if (r.status !== 0 || !existsSync(BIN)) {
    log('glewlwyd cannot be installed on this machine');
    return false;
  }
  return true;
}

/** The data directory: SQLite database from the package's init script, a copy of the webapp, the config file. */
function prepare(o: Options): string {
  // Throwaway by contract: whatever a killed run left there goes (and only that).
  clearDataDir(o.dir);
  mkdirSync(o.dir, { recursive: true });
  const db = new Database(join(o.dir, 'glewlwyd.db'));
  db.exec(gunzipSync(readFileSync(INIT_SQL)).toString('utf8'));
  db.close();
  // Its static server refuses symlinks that leave the served folder: a real copy (4.5 MB).
  const webapp = join(o.dir, 'webapp');
  cpSync(WEBAPP, webapp, { recursive: true, dereference: true, filter: (src) => !src.endsWith('/config.json') });
  const configJson = WEBAPP_CONFIG.find((p) => existsSync(p) && readableFile(p));
  if (!configJson) throw new Error('glewlwyd webapp config.json not found');
  writeFileSync(join(webapp, 'config.json'), readFileSync(configJson));
  const mime = readFileSync('/etc/glewlwyd/glewlwyd.conf', 'utf8').match(/static_files_mime_types\s*=\s*\([\s\S]*?\n\)/)?.[0] ?? '';
  // No `use_secure_connection` line at all: 2.7.5 treats any value, false included, as "on".
  const conf = `port=${o.port}
bind_address="127.0.0.1"
external_url="http://localhost:${o.port}"
login_url="login.html"
api_prefix="api"
static_files_path="${webapp}/"
allow_origin="${o.appUrls.length === 1 ? o.appUrls[0] : '*'}"
log_mode="console"
log_level="WARNING"
cookie_domain="localhost"
cookie_secure=0
cookie_same_site="empty"
session_expiration=2419200
session_key="GLEWLWYD2_SESSION_ID"
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="/usr/lib/glewlwyd/user"
client_module_path="/usr/lib/glewlwyd/client"
user_auth_scheme_module_path="/usr/lib/glewlwyd/scheme"
plugin_module_path="/usr/lib/glewlwyd/plugin"
hash_algorithm="SHA512"
database = { type = "sqlite3" path = "${join(o.dir, 'glewlwyd.db')}" };
${mime}
`;
  const confPath = join(o.dir, 'glewlwyd.conf');
  writeFileSync(confPath, conf);
  return confPath;
}

function readableFile(p: string): boolean {
  try {
    readFileSync(p);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) throw new Error(`glewlwyd did not answer ${url} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The admin REST API, with the session cookie of the package's administrator. */
class Admin {
  private constructor(
    private readonly api: string,
    private readonly cookie: string,
  ) {}

  static async signIn(api: string): Promise<Admin> {
    const res = await fetch(`${api}/auth/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    if (!res.ok) throw new Error(`admin sign-in failed: HTTP ${res.status}`);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return new Admin(api, cookie);
  }

  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.api}${path}`, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }
}

type ModuleInstance = { parameters: { 'data-format': Record<string, unknown> } & Record<string, unknown> } & Record<string, unknown>;

/** Users, their roles, the Playgate scope, the SPA client, and the OIDC plugins (last: `oidc`'s discovery document means "ready"). */
async function provision(o: Options): Promise<string> {
  const base = `http://localhost:${o.port}`;
  const issuer = `${base}/api/${FOREIGN_PLUGIN}`;
  const admin = await Admin.signIn(`${base}/api`);

  // Multi-valued properties the database backends store only once declared in their data format.
  const users = (await admin.call('GET', '/mod/user/database')) as ModuleInstance;
  users.parameters['data-format'].roles = { multiple: true, read: true, write: true, 'profile-read': true, 'profile-write': false };
  await admin.call('PUT', '/mod/user/database', users);
  // A changed instance keeps running with its old parameters until it is reset.
  await admin.call('PUT', '/mod/user/database/reset');
  const clients = (await admin.call('GET', '/mod/client/database')) as ModuleInstance;
  clients.parameters['data-format'].post_logout_redirect_uris = { multiple: true, read: true, write: true };
  await admin.call('PUT', '/mod/client/database', clients);
  await admin.call('PUT', '/mod/client/database/reset');

  await admin.call('POST', '/scope/', { name: FOREIGN_SCOPE, display_name: 'Playgate', description: 'Watch on Playgate', password_required: true, scheme: {} });
  for (const v of FOREIGN_VIEWERS) {
    await admin.call('POST', '/user/', {
      username: v.username,
      name: v.name,
      email: v.email,
      password: FOREIGN_PASSWORD,
      enabled: true,
      scope: ['openid', FOREIGN_SCOPE],
      ...(v.roles.length ? { roles: v.roles } : {}),
    });
  }
  await admin.call('POST', '/client/', {
    client_id: FOREIGN_CLIENT_ID,
    name: 'Playgate web app',
    description: 'Public SPA client: authorization code + PKCE',
    confidential: false,
    enabled: true,
    redirect_uri: o.appUrls.map((u) => `${u}/auth/callback`),
    post_logout_redirect_uris: o.appUrls.map((u) => `${u}/`),
    authorization_type: ['code', 'refresh_token'],
    resource: [o.resource],
    scope: [],
  });

  // Two OIDC plugin instances (two issuers, same users and client): `oidc` with session management
  // (an end_session_endpoint), and `oidc-local` without one, for the SPA's local sign-out fallback.
  for (const [name, endSession] of [[FOREIGN_LOCAL_PLUGIN, false], [FOREIGN_PLUGIN, true]] as const) {
    await addOidcPlugin(admin, o, name, `${base}/api/${name}`, endSession);
  }
  await waitFor(`${issuer}/.well-known/openid-configuration`, 10_000);
  return issuer;
}

/** One OIDC plugin instance: RS256 with a fresh key, the claims of issue #12, resources allowed. */
async function addOidcPlugin(admin: Admin, o: Options, name: string, iss: string, endSession: boolean): Promise<void> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await admin.call('POST', '/mod/plugin/', {
    module: 'oidc',
    name,
    display_name: 'Glewlwyd OpenID Connect',
    enabled: true,
    parameters: {
      iss,
      'jwt-type': 'rsa',
      'jwt-key-size': '256',
      key: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      cert: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      'access-token-duration': o.accessTokenSeconds,
      'refresh-token-duration': 1209600,
      'code-duration': 600,
      'refresh-token-rolling': true,
      'allow-non-oidc': false,
      'auth-type-code-enabled': true,
      'auth-type-token-enabled': false,
      'auth-type-password-enabled': false,
      'auth-type-client-enabled': false,
      'auth-type-refresh-enabled': true,
      'pkce-allowed': true,
      'pkce-method-plain-allowed': false,
      'subject-type': 'public',
      'name-claim': 'mandatory',
      'email-claim': 'mandatory',
      // The access token carries roles as ONE comma-separated string ("premium,subscriber"),
      // and the email the publisher sign-in reads; the ID token carries roles as an array.
      'additional-parameters': [
        { 'user-parameter': 'roles', 'token-parameter': 'roles' },
        { 'user-parameter': 'email', 'token-parameter': 'email' },
      ],
      claims: [{ name: 'roles', 'user-property': 'roles', type: 'string', mandatory: true, scopes: [] }],
      // RFC 8707: the access token's `aud` is the Playgate API only when the SPA names it as
      // `resource`; without it Glewlwyd sets `aud` to the granted scope string.
      'resource-allowed': true,
      // Allowed for the client (its `resource` property) or for the playgate scope, either will do.
      'resource-scope': { [FOREIGN_SCOPE]: [o.resource] },
      'resource-client-property': 'resource',
      'resource-scope-and-client-property': false,
      'session-management-allowed': endSession,
      'session-cookie-name': `GLEWLWYD2_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_SID`,
      'session-cookie-expiration': 2419200,
      // Its end_session page lists the session's front-channel clients, and answers 400 (an
      // "Error in Glewlwyd API" box, no way out) unless front-channel logout is allowed.
      'front-channel-logout-allowed': true,
    },
  });
}

/** A port nobody listens on now (the kernel's pick), when none was given. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolvePort(port));
    });
  });
}

async function startServer(o: Options, detached: boolean): Promise<{ pid: number; issuer: string; exited: Promise<never> }> {
  if (!o.port) o.port = await freePort();
  const conf = prepare(o);
  const logFd = openSync(join(o.dir, 'glewlwyd.log'), 'a');
  const child = spawn(BIN, ['-c', conf], { cwd: o.dir, stdio: ['ignore', logFd, logFd], detached });
  if (detached) child.unref();
  writeFileSync(join(o.dir, 'glewlwyd.pid'), String(child.pid));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`glewlwyd exited (${code}): see ${join(o.dir, 'glewlwyd.log')}`))));
  await Promise.race([waitFor(`http://localhost:${o.port}/config`, 15_000), exited]);
  const issuer = await Promise.race([provision(o), exited]);
  return { pid: child.pid!, issuer, exited };
}

/** Deletes `dir` only when it is empty or one of ours (it holds glewlwyd.conf): never a folder that merely was named by mistake. */
function clearDataDir(dir: string): void {
  if (!existsSync(dir)) return;
  if (readdirSync(dir).length > 0 && !existsSync(join(dir, 'glewlwyd.conf'))) throw new Error(`refusing to delete ${dir}: not a Glewlwyd data directory made by this script`);
  rmSync(dir, { recursive: true, force: true });
}

function stop(dir: string): void {
  const pidFile = join(dir, 'glewlwyd.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  clearDataDir(dir);
}

async function main() {
  const [cmd = 'serve', ...rest] = process.argv.slice(2);
  if (cmd === 'ensure') process.exit(ensureInstalled() ? 0 : CANNOT_INSTALL);
  if (cmd === 'stop') {
    const i = rest.indexOf('--dir');
    if (i < 0) throw new Error('stop needs --dir');
    return stop(resolve(rest[i + 1]!));
  }
  if (cmd !== 'serve' && cmd !== 'start') throw new Error(`unknown command ${cmd}`);
  if (!ensureInstalled()) process.exit(CANNOT_INSTALL);
  const o = parseOptions(rest);
  const { pid, issuer, exited } = await startServer(o, cmd === 'start').catch((err: unknown) => {
    stop(o.dir);
    throw err;
  });
  console.log(JSON.stringify({ issuer, clientId: FOREIGN_CLIENT_ID, pid, dir: o.dir }));
  if (cmd === 'start') return;
  // Glewlwyd gone on its own: say so and end, so Playwright does not test against nothing.
  exited.catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
  const shutdown = () => {
    stop(o.dir);
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // Stay in the foreground (Playwright's webServer) until told to stop.
  setInterval(() => undefined, 60_000);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('glewlwyd.ts')) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
