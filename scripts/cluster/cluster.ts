// A throwaway production-shaped cluster on this machine: PostgreSQL (as user postgres),
// the dev stand-ins (IdP + MVPD simulator) once, N API instances (PLAYGATE_ROLE=api, each its
// own data dir, one DATABASE_URL, one KEK, one public URL) and HAProxy in front — round robin,
// no sticky sessions, active health checks on /readyz. Ports (CLUSTER_PORT, default 22200):
//   base        the balancer: the one public URL (PLAYGATE_APP_URL)
//   base+1/+2   IdP / MVPD simulator
//   base+10+i   API instance i
//   base+50     PostgreSQL
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ClusterOptions {
  basePort?: number;
  instances?: number;
  /** Extra env for every Playgate process (e.g. PLAYGATE_CONFIG_OVERRIDES). */
  env?: Record<string, string>;
  /** Drain period of an instance on SIGTERM (s; default 3). */
  drainSeconds?: number;
  log?: (line: string) => void;
}

export interface Cluster {
  url: string;
  instanceUrls: string[];
  instanceIds: string[];
  databaseUrl: string;
  /** The cluster's key-encryption key (base64), for `npm run keys` against it. */
  kek: string;
  /** SIGTERM instance i (it drains), wait for it to exit, start it again, wait until ready. */
  restart(i: number): Promise<void>;
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, '../..');
const isRoot = process.getuid?.() === 0;

function pgBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = process.env.PG_BIN ?? (versions[0] ? join(base, versions[0], 'bin') : '');
  if (!bin || !existsSync(join(bin, 'initdb'))) throw new Error('PostgreSQL server binaries not found (apt-get install -y postgresql, or set PG_BIN)');
  return bin;
}

/** PostgreSQL refuses to run as root: as root it runs as `postgres` through runuser. */
function asPostgres(cmd: string, args: string[]) {
  const res = isRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${cmd} failed: ${res.stderr || res.stdout}`);
}

async function waitFor(url: string, timeoutMs: number, ok = (s: number) => s === 200): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (ok(res.status)) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const exited = (p: ChildProcess) => new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('exit', () => r())));

export function haproxyConfig(basePort: number, instancePorts: number[]): string {
  return `global
  maxconn 4000
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 2s
  option http-server-close
  # A connection refused by a stopping instance is safe to try elsewhere (nothing was sent).
  retries 3
  option redispatch
  retry-on conn-failure empty-response
frontend playgate
  bind 127.0.0.1:${basePort}
  default_backend api
backend api
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 500ms fall 1 rise 2
${instancePorts.map((p, i) => `  server api-${i + 1} 127.0.0.1:${p} check`).join('\n')}
`;
}

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const base = opts.basePort ?? Number(process.env.CLUSTER_PORT ?? 22200);
  const n = opts.instances ?? Number(process.env.CLUSTER_INSTANCES ?? 2);
  const log = opts.log ?? ((l: string) => console.log(l));
  const work = mkdtempSync(join(tmpdir(), 'playgate-cluster-'));
  const children: ChildProcess[] = [];
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    // 1. PostgreSQL
    const bin = pgBin();
    const pgData = join(work, 'pg');
    const pgSock = join(work, 'pgsock');
    for (const d of [pgData, pgSock]) {
      spawnSync('mkdir', ['-p', d]);
      if (isRoot) chownSync(d, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
    }
    if (isRoot) chownSync(work, 0, 0);
    spawnSync('chmod', ['755', work]);
    const pgPort = base + 50;
    asPostgres(join(bin, 'initdb'), ['-D', pgData, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
    asPostgres(join(bin, 'pg_ctl'), ['-D', pgData, '-l', join(pgData, 'log'), '-w', 'start', '-o', `-p ${pgPort} -k ${pgSock} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`]);
    stops.push(() => {
      try {
        asPostgres(join(bin, 'pg_ctl'), ['-D', pgData, '-m', 'fast', '-w', 'stop']);
      } catch {
        /* already down */
      }
    });
    const databaseUrl = `postgres://postgres@127.0.0.1:${pgPort}/postgres`;
    log(`==> PostgreSQL on ${databaseUrl}`);

    // 2. Shared settings: one public URL, one KEK, one database.
    const url = `http://localhost:${base}`;
    const kek = randomBytes(32).toString('base64');
    const common: Record<string, string> = {
      ...(process.env as Record<string, string>),
      PLAYGATE_APP_URL: url,
      PLAYGATE_IDP_PORT: String(base + 1),
      PLAYGATE_MVPD_PORT: String(base + 2),
      PLAYGATE_KEK: kek,
      DATABASE_URL: databaseUrl,
      PLAYGATE_DRAIN_SECONDS: String(opts.drainSeconds ?? 3),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...opts.env,
    };
    const spawnPlaygate = (name: string, env: Record<string, string>) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: root, env: { ...common, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
      children.push(child);
      child.once('exit', (code, signal) => log(`${name} exited (${signal ?? code})`));
      return child;
    };

    // 3. The stand-ins, once.
    const standIns = spawnPlaygate('stand-ins', { PLAYGATE_ROLE: 'standins', PLAYGATE_DATA_DIR: join(work, 'standins'), PLAYGATE_APP_PORT: String(base) });
    stops.push(async () => {
      standIns.kill('SIGTERM');
      await exited(standIns);
    });
    await waitFor(`http://localhost:${base + 1}/.well-known/openid-configuration`, 60_000);
    log(`==> IdP on http://localhost:${base + 1}, MVPD simulator on http://localhost:${base + 2}`);

    // 4. N API instances, started one after the other (the first runs the migrations).
    const instancePorts = Array.from({ length: n }, (_, i) => base + 10 + i);
    const instanceIds = instancePorts.map((_, i) => `api-${i + 1}`);
    const procs: ChildProcess[] = [];
    const startInstance = async (i: number) => {
      procs[i] = spawnPlaygate(instanceIds[i]!, {
        PLAYGATE_ROLE: 'api',
        PLAYGATE_INSTANCE_ID: instanceIds[i]!,
        PLAYGATE_APP_PORT: String(instancePorts[i]),
        PLAYGATE_DATA_DIR: join(work, instanceIds[i]!),
      });
      await waitFor(`http://127.0.0.1:${instancePorts[i]}/readyz`, 60_000);
    };
    for (let i = 0; i < n; i++) await startInstance(i);
    stops.push(async () => {
      for (const p of procs) p?.kill('SIGTERM');
      await Promise.all(procs.map((p) => p && exited(p)));
    });
    log(`==> ${n} API instances on ${instancePorts.map((p) => `:${p}`).join(', ')}`);

    // 5. HAProxy.
    const cfg = join(work, 'haproxy.cfg');
    writeFileSync(cfg, haproxyConfig(base, instancePorts));
    const haproxy = spawn(process.env.HAPROXY ?? 'haproxy', ['-db', '-f', cfg], { stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(haproxy);
    stops.splice(1, 0, async () => {
      haproxy.kill('SIGTERM');
      await exited(haproxy);
    });
    await waitFor(`${url}/readyz`, 20_000);
    log(`==> HAProxy round robin on ${url} (health checks on /readyz)`);

    return {
      url,
      instanceUrls: instancePorts.map((p) => `http://127.0.0.1:${p}`),
      instanceIds,
      databaseUrl,
      kek,
      async restart(i) {
        const p = procs[i]!;
        p.kill('SIGTERM');
        await exited(p);
        await startInstance(i);
        // Back in rotation once HAProxy saw it healthy twice (rise 2, inter 500 ms).
        await new Promise((r) => setTimeout(r, 1500));
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(join(root, 'dist', 'index.html'))) {
    console.log('==> building the SPA (dist/ is missing)');
    if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
  }
  const cluster = await startCluster();
  console.log(`\nPlaygate cluster ready: open ${cluster.url}  (Ctrl-C stops everything)`);
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    cluster.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
