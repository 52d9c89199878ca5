// `npm run test:load`: decisions right under load, and nothing committed lost on kill -9.
// 1. Starts the system as `npm start` does (the esbuild bundle, its own process, MVPD simulator embedded, SQLite,
//    or PostgreSQL when DATABASE_URL is set), seeds device profiles for every configured
//    subscriber, then sends LOAD_REQUESTS (default 10,000) authorize requests over
//    LOAD_CONNECTIONS (default 100) concurrent connections, spread over subscribers and TV
//    Everywhere resources. Each verdict is checked against the one computed here from the
//    config (packages, parental ratings); every answered decision must have its audit row.
// 2. Under load again (authorize + new authentication sessions), kill -9, restart: every
//    session and audit row answered before the kill, and every stored profile, must be
//    there; the time from restart to /readyz must be ≤ LOAD_READY_MS (default 2,000).
// Exits non-zero on any wrong decision, error, missing row or slow restart.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../../src/server/config/load-config.ts';
import { RATINGS, type Config } from '../../src/server/config/schema.ts';
import { formatDeviceIdentifier } from '../../src/shared/device-identifier.ts';
import { seedProfiles } from '../bench/seed-profiles.ts';

const REQUESTS = Number(process.env.LOAD_REQUESTS ?? 10_000);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 100);
const DEVICES_PER_SUBSCRIBER = Number(process.env.LOAD_DEVICES ?? 20);
const KILL_AFTER_MS = Number(process.env.LOAD_KILL_AFTER_MS ?? 1500);
const READY_MS = Number(process.env.LOAD_READY_MS ?? 2000);
const PORT = Number(process.env.LOAD_PORT ?? 21210);

const dataDir = mkdtempSync(join(tmpdir(), 'playgate-load-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PLAYGATE_DATA_DIR: dataDir,
  PLAYGATE_APP_PORT: String(PORT),
  PLAYGATE_IDP_PORT: String(PORT + 1),
  PLAYGATE_MVPD_PORT: String(PORT + 2),
  LOG_LEVEL: 'warn',
  ...(process.env.DATABASE_URL ? { PLAYGATE_DATABASE_SCHEMA: `load_${process.pid}` } : {}),
};
const config = loadConfig(undefined, env);
const store = config.database?.url ? 'postgresql' : 'sqlite';
const base = `http://127.0.0.1:${PORT}`;
const problems: string[] = [];

// As `npm start` runs it: the server bundled by esbuild (no TypeScript loader at start-up).
execFileSync('npm', ['run', '--silent', 'build:server'], { stdio: 'inherit' });

function startServer(): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['dist-server/main.mjs'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  return { child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

async function waitReady(timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return Math.round(performance.now() - started);
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`/readyz not ready within ${timeoutMs} ms`);
}

/** The MVPD's verdict computed from the config alone: package, then parental rating. */
function expectedVerdict(cfg: Config, subscriber: string, resourceId: string): boolean {
  const sub = cfg.mvpds.flatMap((m) => m.subscribers).find((s) => s.username === subscriber)!;
  const resource = cfg.resources.find((r) => r.id === resourceId)!;
  if (resource.access.type !== 'tve' || !sub.packages.includes(resource.access.package)) return false;
  return !sub.maxRating || RATINGS.indexOf(resource.rating) <= RATINGS.indexOf(sub.maxRating);
}

async function clientToken(): Promise<string> {
  const { softwareStatement } = (await (await fetch(`${base}/app-config.json`)).json()) as { softwareStatement: string };
  const reg = await fetch(`${base}/o/client/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ software_statement: softwareStatement, redirect_uri: config.app.publicUrl }) });
  const { client_id, client_secret } = (await reg.json()) as { client_id: string; client_secret: string };
  const tok = await fetch(`${base}/o/client/token?grant_type=client_credentials&client_id=${client_id}&client_secret=${client_secret}`, { method: 'POST' });
  return ((await tok.json()) as { access_token: string }).access_token;
}

interface Device {
  id: string;
  mvpd: string;
  subscriber: string;
}

/** Runs `count` jobs over `connections` concurrent loops; stops early when `stop()` says so. */
async function pool(count: number, connections: number, job: (i: number) => Promise<void>, stop = () => false): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < count && !stop()) await job(next++);
    }),
  );
}

async function auditTraces(traces: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const chunks = Array.from({ length: Math.ceil(traces.length / 500) }, (_, i) => traces.slice(i * 500, i * 500 + 500));
  if (config.database?.url) {
    const client = new pg.Client({ connectionString: config.database.url, options: `-c search_path=${config.database.schema}` });
    await client.connect();
    for (const c of chunks) for (const r of (await client.query('select trace from decisions_audit where trace = any($1)', [c])).rows) found.add(r.trace);
    await client.end();
  } else {
    const db = new SQLite(join(dataDir, 'playgate.sqlite'), { readonly: true });
    for (const c of chunks) for (const r of db.prepare(`select trace from decisions_audit where trace in (${c.map(() => '?').join(',')})`).all(...c) as Array<{ trace: string }>) found.add(r.trace);
    db.close();
  }
  return found;
}

async function mvpdCalls(): Promise<number> {
  const sim = config.mvpdSimulator;
  const res = await fetch(`http://127.0.0.1:${PORT + 2}/admin/stats`, { headers: { authorization: `Basic ${Buffer.from(`${sim.clientId}:${sim.clientSecret}`).toString('base64')}` } });
  const { authorizeCalls } = (await res.json()) as { authorizeCalls: Record<string, number> };
  return Object.values(authorizeCalls).reduce((a, b) => a + b, 0);
}

console.log(`==> test:load on ${store}: ${REQUESTS} authorize requests, ${CONNECTIONS} connections`);
let server = startServer();
try {
  await waitReady(60_000);
  const token = await clientToken();
  // Profiles of every configured subscriber, on many devices (device-bound, no SSO).
  const devices: Device[] = [];
  for (const m of config.mvpds.filter((x) => x.enabled !== false)) {
    for (const s of m.subscribers) {
      const prefix = `load-${s.username}-`;
      await seedProfiles(config, { prefix, from: 0, to: DEVICES_PER_SUBSCRIBER, mvpd: m.id, upstreamUserId: s.username, withSso: false });
      for (let i = 0; i < DEVICES_PER_SUBSCRIBER; i++) devices.push({ id: `${prefix}${i}`, mvpd: m.id, subscriber: s.username });
    }
  }
  const storedProfiles = devices.length;
  const resources = config.resources.filter((r) => r.access.type === 'tve').map((r) => r.id);
  const authorize = async (i: number) => {
    const d = devices[(i * 7919) % devices.length]!;
    const resource = resources[Math.floor(i / devices.length) % resources.length]!;
    const res = await fetch(`${base}/api/v2/${config.requestor.id}/decisions/authorize/${d.mvpd}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'ap-device-identifier': formatDeviceIdentifier(d.id), 'content-type': 'application/json' },
      body: JSON.stringify({ resources: [resource] }),
    });
    const body = (await res.json()) as { decisions?: Array<{ authorized: boolean; error?: { code: string } }> };
    return { res, d, resource, decision: body.decisions?.[0] };
  };

  // Part 1: 10,000 decisions, each checked.
  const callsBefore = await mvpdCalls();
  let wrong = 0;
  let errors = 0;
  const traces: string[] = [];
  const wrongExamples: string[] = [];
  const pairs = new Set<string>();
  const started = performance.now();
  await pool(REQUESTS, CONNECTIONS, async (i) => {
    try {
      const { res, d, resource, decision } = await authorize(i);
      pairs.add(`${d.subscriber}/${resource}`);
      if (res.status !== 200 || !decision) {
        errors++;
        return;
      }
      traces.push(res.headers.get('x-trace-id')!);
      if (decision.authorized !== expectedVerdict(config, d.subscriber, resource)) {
        wrong++;
        if (wrongExamples.length < 5) wrongExamples.push(`${d.subscriber} ${resource}: authorized=${decision.authorized} ${decision.error?.code ?? ''}`);
      }
    } catch (err) {
      errors++;
      if (wrongExamples.length < 5) wrongExamples.push(String(err));
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const audited = await auditTraces(traces);
  const missingAudit = traces.filter((t) => !audited.has(t)).length;
  const calls = (await mvpdCalls()) - callsBefore;
  console.log(`    ${REQUESTS} decisions in ${seconds.toFixed(1)} s (${Math.round(REQUESTS / seconds)}/s): wrong ${wrong}, errors ${errors}, missing audit rows ${missingAudit}`);
  console.log(`    MVPD calls: ${calls} for ${pairs.size} distinct (subscriber, resource) questions over ${storedProfiles} profiles`);
  if (wrongExamples.length) console.log(`    e.g. ${wrongExamples.join('; ')}`);
  if (wrong) problems.push(`${wrong} wrong decisions`);
  if (errors) problems.push(`${errors} errors`);
  if (missingAudit) problems.push(`${missingAudit} audit rows missing`);

  // Part 2: kill -9 under load, restart, count what is missing.
  const sessionCodes: string[] = [];
  const answeredTraces: string[] = [];
  let killed = false;
  const killAt = setTimeout(() => {
    killed = true;
    server.child.kill('SIGKILL');
  }, KILL_AFTER_MS);
  await pool(
    Number.MAX_SAFE_INTEGER,
    CONNECTIONS,
    async (i) => {
      try {
        if (i % 4 === 0) {
          const res = await fetch(`${base}/api/v2/${config.requestor.id}/sessions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'ap-device-identifier': formatDeviceIdentifier(`load-kill-${i}`), 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl: `${config.app.publicUrl}/done` }).toString(),
          });
          if (res.status === 200) sessionCodes.push(((await res.json()) as { code: string }).code);
        } else {
          const { res } = await authorize(i);
          if (res.status === 200) answeredTraces.push(res.headers.get('x-trace-id')!);
        }
      } catch {
        // the server is gone: requests in flight at the kill have no answer, nothing is owed
      }
    },
    () => killed,
  );
  clearTimeout(killAt);
  await server.exited;
  // From the new process's spawn to its first 200 on /readyz.
  server = startServer();
  const readyMs = await waitReady(60_000);
  const audited2 = await auditTraces(answeredTraces);
  const missingAudit2 = answeredTraces.filter((t) => !audited2.has(t)).length;
  let missingSessions = 0;
  for (const code of sessionCodes) {
    const res = await fetch(`${base}/api/v2/${config.requestor.id}/sessions/${code}`, { headers: { authorization: `Bearer ${token}`, 'ap-device-identifier': formatDeviceIdentifier('load-check') } });
    if (res.status !== 200) missingSessions++;
  }
  let missingProfiles = 0;
  for (const d of devices) {
    const res = await fetch(`${base}/api/v2/${config.requestor.id}/profiles/${d.mvpd}`, { headers: { authorization: `Bearer ${token}`, 'ap-device-identifier': formatDeviceIdentifier(d.id) } });
    const body = (await res.json()) as { profiles?: Record<string, unknown> };
    if (res.status !== 200 || !body.profiles?.[d.mvpd]) missingProfiles++;
  }
  console.log(`    kill -9 after ${KILL_AFTER_MS} ms under load: ${answeredTraces.length} decisions and ${sessionCodes.length} sessions answered before it`);
  console.log(`    after restart: missing audit rows ${missingAudit2}, missing sessions ${missingSessions}, missing profiles ${missingProfiles} of ${storedProfiles}; /readyz in ${readyMs} ms (target ≤ ${READY_MS})`);
  if (missingAudit2) problems.push(`${missingAudit2} audit rows lost on kill -9`);
  if (missingSessions) problems.push(`${missingSessions} sessions lost on kill -9`);
  if (missingProfiles) problems.push(`${missingProfiles} profiles lost on kill -9`);
  if (readyMs > READY_MS) problems.push(`/readyz after ${readyMs} ms (> ${READY_MS})`);
} catch (err) {
  problems.push(err instanceof Error ? err.message : String(err));
} finally {
  server.child.kill('SIGTERM');
  await server.exited;
  if (config.database?.url) {
    const client = new pg.Client({ connectionString: config.database.url });
    await client.connect();
    await client.query(`drop schema if exists ${config.database.schema} cascade`);
    await client.end();
  }
  rmSync(dataDir, { recursive: true, force: true });
}
if (problems.length) {
  console.error(`FAILED (${store}): ${problems.join('; ')}`);
  process.exit(1);
}
console.log(`OK (${store})`);
