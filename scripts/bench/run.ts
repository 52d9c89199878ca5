// `npm run bench`: measures the SPEC's speed targets side by side, in one run, as ratios —
// figures to read, not pass/fail tests. The server runs in a child process; autocannon
// drives it from this one, 50 connections, a few seconds per scenario.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon, { type Options, type Result } from 'autocannon';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 50;

interface Targets {
  bare: string;
  authorize: { url: string; headers: Record<string, string>; body: string };
  gatedSegment: string;
  ungatedSegment: string;
  database: string;
}

const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/bench-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } });
const targets = await new Promise<Targets>((resolve, reject) => {
  createInterface({ input: server.stdout! }).once('line', (line) => resolve(JSON.parse(line) as Targets));
  server.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
});

const run = (title: string, opts: Partial<Options> & { url: string }) =>
  new Promise<Result>((resolve, reject) => autocannon({ connections: CONNECTIONS, duration: DURATION, title, ...opts }, (err, res) => (err ? reject(err) : resolve(res))));

async function measure(title: string, opts: Partial<Options> & { url: string }) {
  await run(`${title} (warm-up)`, { ...opts, duration: 1 });
  const res = await run(title, opts);
  const failures = res.errors + res.timeouts + res.non2xx;
  return { title, rps: Math.round(res.requests.average), p99: res.latency.p99, failures };
}

try {
  const bare = await measure('bare Fastify JSON route', { url: targets.bare });
  const authorize = await measure('authorize decision', { url: targets.authorize.url, method: 'POST', headers: targets.authorize.headers, body: targets.authorize.body });
  const ungated = await measure('segment, ungated', { url: targets.ungatedSegment });
  const gated = await measure('segment through the gatekeeper', { url: targets.gatedSegment });

  const rows = [bare, authorize, ungated, gated];
  console.log(`\nPlaygate benchmarks — ${CONNECTIONS} connections, ${DURATION} s each, store: ${targets.database}\n`);
  console.log('scenario                          req/s    p99 ms   failures');
  for (const r of rows) console.log(`${r.title.padEnd(32)} ${String(r.rps).padStart(7)} ${String(r.p99).padStart(9)} ${String(r.failures).padStart(10)}`);
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const authzRatio = ratio(authorize.rps, bare.rps);
  const gateCost = 1 - ratio(gated.rps, ungated.rps);
  console.log('\ntarget                                            figure   target');
  console.log(`authorize / bare route throughput                 ${authzRatio.toFixed(2).padStart(6)}   ≥ 0.50  ${authzRatio >= 0.5 ? 'met' : 'NOT MET'}`);
  console.log(`authorize p99 at ${CONNECTIONS} connections (ms)            ${String(authorize.p99).padStart(6)}   ≤ 25    ${authorize.p99 <= 25 ? 'met' : 'NOT MET'}`);
  console.log(`gatekeeper throughput cost vs ungated             ${(gateCost * 100).toFixed(0).padStart(5)}%   ≤ 20%   ${gateCost <= 0.2 ? 'met' : 'NOT MET'}`);
  console.log(`requests that failed (any scenario)               ${String(rows.reduce((n, r) => n + r.failures, 0)).padStart(6)}   0`);
} finally {
  server.kill('SIGTERM');
}
