// `npm run bench`: the SPEC's speed targets measured outside-in, as figures (never pass/fail).
// The system under test runs in a child process, the MVPD simulator for the "asks the MVPD"
// scenario in another (fixed latency), and wrk (1 thread, 50 connections) drives them from a
// third, so the load generator never shares a JS event loop with the server. Each scenario
// runs beside its own baseline in the same run: on a shared machine only ratios compare.
// SQLite always; PostgreSQL too when DATABASE_URL is set. BENCH_SECONDS shortens each run.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { formatDeviceIdentifier } from '../../src/shared/device-identifier.ts';
import { ensureWrk, runWrk, type WrkResult, type WrkScenario } from './wrk.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PROFILE_ROWS = [1000, Number(process.env.BENCH_MAX_PROFILES ?? 1_000_000)];

interface Targets {
  app: string;
  bare: string;
  database: string;
  headers: Record<string, string>;
  authorize: { path: string; body: string };
  preauthorize: { path: string; body: string };
  miss: { path: string; body: string; authorization: string; devices: number; devicePrefix: string };
  profiles: { path: string };
  master: { path: string; device: string };
  masterUngated: string;
  child: string;
  childUngated: string;
  segment: string;
  segmentUngated: string;
  mvpd: string;
}

interface Row extends WrkResult {
  store: string;
  scenario: string;
  baseline?: string;
  ratio?: number;
  target?: string;
  met?: boolean;
}

function startChild(script: string, env: Record<string, string | undefined>): { child: ChildProcess; lines: Interface; first: Promise<any> } {
  const child = spawn(process.execPath, ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), script], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
  });
  const lines = createInterface({ input: child.stdout! });
  const first = new Promise((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
  return { child, lines, first };
}

const CEILING = 'ceiling: bare route + one media-token signature';

async function benchStore(databaseUrl: string | undefined, sim: string): Promise<Row[]> {
  const sut = startChild('scripts/bench/bench-server.ts', { DATABASE_URL: databaseUrl, BENCH_MVPD_URL: sim });
  const t = (await sut.first) as Targets;
  const control = (cmd: object) =>
    new Promise<{ ok: boolean; ms: number; error?: string }>((resolve) => {
      sut.lines.once('line', (line) => resolve(JSON.parse(line)));
      sut.child.stdin!.write(`${JSON.stringify(cmd)}\n`);
    });
  const rows: Row[] = [];
  const opts = { seconds: SECONDS, connections: CONNECTIONS };
  const measure = async (scenario: string, s: WrkScenario, warm = true): Promise<Row> => {
    if (warm) await runWrk(s, { ...opts, seconds: 1 });
    const r = await runWrk(s, opts);
    const row = { store: t.database, scenario, ...r };
    console.log(`  ${t.database.padEnd(10)} ${scenario.padEnd(44)} ${String(r.rps).padStart(7)} req/s  p50 ${r.p50Ms.toFixed(1)} ms  p99 ${r.p99Ms.toFixed(1)} ms  failures ${r.failures}`);
    rows.push(row);
    return row;
  };
  /** The throughput ratio against a baseline; with a target, whether it is met. */
  const compare = (row: Row, baseline: Row, target?: number, extra?: { p99Ms: number }) => {
    row.baseline = baseline.scenario;
    row.ratio = baseline.rps ? row.rps / baseline.rps : 0;
    if (target === undefined) return;
    row.target = `≥ ${target}×${extra ? `, p99 ≤ ${extra.p99Ms} ms` : ''}`;
    row.met = row.ratio >= target && (!extra || row.p99Ms <= extra.p99Ms) && row.failures === 0;
  };
  const post = (path: string, body: string): WrkScenario => ({ base: t.app, method: 'POST', path, headers: t.headers, body });
  try {
    const bare = await measure('bare Fastify JSON route', { base: t.bare, path: '/bare' });
    // The bare route plus one media-token signature: no authorize can be faster than this.
    const ceiling = await measure(CEILING, { base: t.bare, path: '/bare-signed' });
    compare(ceiling, bare);
    await control({ cmd: 'seed', total: PROFILE_ROWS[0] });
    const cached = await measure('authorize, cached MVPD answer', post(t.authorize.path, t.authorize.body));
    compare(cached, bare, t.database === 'sqlite' ? 0.5 : 0.3, { p99Ms: 25 });
    const missDevices = Array.from({ length: t.miss.devices }, (_, i) => formatDeviceIdentifier(`${t.miss.devicePrefix}${i}`));
    const miss = await measure(
      `authorize, asks the MVPD (${t.mvpd === 'in-process' ? 'in-process' : 'own process'})`,
      { base: t.app, method: 'POST', path: t.miss.path, body: t.miss.body, headers: { authorization: t.miss.authorization, 'content-type': 'application/json', 'ap-device-identifier': '{item}' }, items: missDevices },
      false,
    );
    compare(miss, bare);
    const pre = await measure('preauthorize, 5 resources (cached)', post(t.preauthorize.path, t.preauthorize.body));
    compare(pre, bare);
    const profilesAt: Row[] = [];
    for (const total of PROFILE_ROWS) {
      const seed = await control({ cmd: 'seed', total });
      if (!seed.ok) throw new Error(`seeding failed: ${seed.error}`);
      console.log(`  ${t.database.padEnd(10)} (seeded ${total} stored profiles in ${seed.ms} ms)`);
      profilesAt.push(await measure(`GET profiles, ${total} stored profiles`, { base: t.app, path: t.profiles.path, headers: t.headers }));
    }
    const at1k = profilesAt[0]!;
    const atMax = profilesAt[profilesAt.length - 1]!;
    // Latency ratio (lower is better): p50 at the largest table against p50 at 1k.
    atMax.baseline = at1k.scenario;
    atMax.ratio = at1k.p50Ms ? atMax.p50Ms / at1k.p50Ms : 0;
    atMax.target = 'p50 latency ≤ 1.5× at 1k';
    atMax.met = atMax.ratio <= 1.5 && atMax.failures === 0;
    const cachedBig = await measure(`authorize, cached, ${atMax.scenario.split(', ')[1]}`, post(t.authorize.path, t.authorize.body));
    compare(cachedBig, bare);

    // Master playlists spend their media token: one freshly minted token per request.
    const count = Number(process.env.BENCH_MASTER_TOKENS ?? Math.max(2000, Math.round(SECONDS * 4000)));
    const file = join(tmpdir(), `playgate-bench-tokens-${process.pid}.txt`);
    const minted = await control({ cmd: 'mint', count, file });
    if (!minted.ok) throw new Error(`minting failed: ${minted.error}`);
    const tokens = readFileSync(file, 'utf8').trim().split('\n');
    const masterUngated = await measure('master playlist, ungated', { base: t.bare, path: t.masterUngated });
    const master = await measure(`master playlist, gated (${count} fresh tokens)`, { base: t.app, path: `${t.master.path}?token={item}&device=${t.master.device}`, items: tokens }, false);
    compare(master, masterUngated);
    // The gated child playlist and segment measure a playing session's steady state: a
    // playback token due for renewal would be re-signed on every request (wrk never takes up
    // the renewed one), which is another scenario.
    for (const path of [t.child, t.segment]) {
      const res = await fetch(`${t.app}${path}`, { method: 'HEAD' });
      if (res.status !== 200 || res.headers.has('x-playgate-playback-token')) throw new Error(`${path.split('?')[0]}: ${res.status}${res.headers.has('x-playgate-playback-token') ? ', playback token due for renewal' : ''}`);
    }
    const childUngated = await measure('child playlist, ungated', { base: t.bare, path: t.childUngated });
    const child = await measure('child playlist, gated', { base: t.app, path: t.child });
    compare(child, childUngated);
    const segUngated = await measure('segment, ungated', { base: t.bare, path: t.segmentUngated });
    const seg = await measure('segment, gated', { base: t.app, path: t.segment });
    compare(seg, segUngated, 0.8);
  } finally {
    sut.child.kill('SIGTERM');
  }
  return rows;
}

ensureWrk();
console.log(`\nPlaygate benchmarks — wrk, 1 thread, ${CONNECTIONS} connections, ${SECONDS} s per scenario (after a 1 s warm-up)\n`);
const sim = startChild('scripts/bench/mvpd-sim-server.ts', {});
const { url: simUrl, latencyMs } = (await sim.first) as { url: string; latencyMs: number };
console.log(`  MVPD simulator in its own process at ${simUrl}, fixed latency ${latencyMs} ms\n`);
const rows: Row[] = [];
try {
  rows.push(...(await benchStore(undefined, simUrl)));
  if (process.env.DATABASE_URL) rows.push(...(await benchStore(process.env.DATABASE_URL, simUrl)));
} finally {
  sim.child.kill('SIGTERM');
}

const fmt = (v: number | undefined, d = 2) => (v === undefined ? '' : v.toFixed(d));
console.log('\nstore      scenario                                        req/s   p50 ms   p99 ms  fail   ratio  target                      ');
for (const r of rows) {
  console.log(
    `${r.store.padEnd(10)} ${r.scenario.padEnd(44)} ${String(r.rps).padStart(8)} ${fmt(r.p50Ms, 1).padStart(8)} ${fmt(r.p99Ms, 1).padStart(8)} ${String(r.failures).padStart(5)} ${fmt(r.ratio).padStart(7)}  ${(r.target ?? '').padEnd(26)} ${r.met === undefined ? '' : r.met ? 'met' : 'NOT MET'}`,
  );
}
const bareRows = rows.filter((r) => r.scenario === 'bare Fastify JSON route');
console.log(`\nLoad generator check: wrk drove the bare route at ${bareRows.map((r) => r.rps).join(' / ')} req/s, far above every Playgate scenario: it is not the bottleneck.`);
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/latest.json', `${JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, connections: CONNECTIONS, loadGenerator: 'wrk -t1', mvpdLatencyMs: latencyMs, rows }, null, 2)}\n`);
console.log('Written to bench-results/latest.json');
