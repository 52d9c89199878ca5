// `node --import tsx scripts/bench/profile-authorize.ts [authorize|preauthorize|profiles|child|segment|segment-ungated|child-ungated|bare|bare-signed]`: the system under test with
// `--cpu-prof` while wrk drives one scenario (default: authorize on a cached answer), then a
// summary of the profile: where the CPU time of one request goes, in µs, by function and by
// package. The .cpuprofile file is kept (open it in Chrome DevTools) under bench-results/.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureWrk, runWrk } from './wrk.ts';

const scenario = process.argv[2] ?? 'authorize';
const seconds = Number(process.env.BENCH_SECONDS ?? 6);
const dir = resolve('bench-results', `cpu-${Date.now()}`);
mkdirSync(dir, { recursive: true });
ensureWrk();
// PROFILE=0: the same run without the profiler (the CPU per request of an A/B comparison).
const profiling = process.env.PROFILE !== '0';
// BENCH_NODE_FLAGS: extra V8/Node flags for the server (e.g. `--trace-gc`, `--max-semi-space-size=64`).
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const child = spawn(process.execPath, [...nodeFlags, ...(profiling ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []), '--import', 'tsx', 'scripts/bench/bench-server.ts'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } });
const t = await new Promise<any>((res) => createInterface({ input: child.stdout! }).once('line', (l) => res(JSON.parse(l))));
const s =
  scenario === 'bare' || scenario === 'bare-signed'
    ? { base: t.bare, path: `/${scenario}` }
    : scenario === 'segment-ungated' || scenario === 'child-ungated'
    ? { base: t.bare, path: t[scenario === 'segment-ungated' ? 'segmentUngated' : 'childUngated'] }
    : scenario === 'segment' || scenario === 'child'
    ? { base: t.app, path: t[scenario] }
    : scenario === 'profiles'
      ? { base: t.app, path: t.profiles.path, headers: t.headers }
      : { base: t.app, method: 'POST' as const, path: t[scenario].path, headers: t.headers, body: t[scenario].body };
await runWrk(s, { seconds: 1, connections: 50 });
// CPU the server process used (all its threads, user + system, from /proc): per request, this
// moves far less with the machine's load than req/s or the profile's wall-clock samples do.
const cpuTicks = () => readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ').slice(11, 13).reduce((a, b) => a + Number(b), 0);
const ticksBefore = cpuTicks();
const r = await runWrk(s, { seconds, connections: 50 });
const cpuUs = ((cpuTicks() - ticksBefore) * 1e6) / 100 / r.requests; // USER_HZ = 100
console.log(`${scenario}: ${r.rps} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, failures ${r.failures}, server CPU ${cpuUs.toFixed(0)} µs per request ${profiling ? ' (profiler on)' : ''}`);
// The bare route in the same process right after, so the run carries its own baseline (the
// machine is shared: only the ratio compares across runs). Its samples fall outside the window below.
const bareTicks = cpuTicks();
const bare = await runWrk({ base: t.bare, path: '/bare' }, { seconds: Math.min(seconds, 4), connections: 50 });
const bareCpuUs = ((cpuTicks() - bareTicks) * 1e6) / 100 / bare.requests;
console.log(`bare route: ${bare.rps} req/s, p99 ${bare.p99Ms} ms, server CPU ${bareCpuUs.toFixed(0)} µs per request → ${scenario} ${(r.rps / bare.rps).toFixed(2)}× the bare route, ${(cpuUs / bareCpuUs).toFixed(1)}× its CPU`);
const exited = new Promise((res) => child.once('exit', res));
child.kill('SIGTERM');
await exited;
if (!profiling) process.exit(0);

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
const prof = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
// Only the samples of the measured run (the profile's last `seconds`, less shutdown), as µs per request.
let at = prof.startTime;
const self = new Map<number, number>();
const total = prof.timeDeltas.reduce((a, b) => a + b, 0);
const bareUs = Math.min(seconds, 4) * 1e6;
const from = total - seconds * 1e6 - bareUs - 500_000;
const to = total - bareUs - 300_000;
let acc = 0;
for (let i = 0; i < prof.samples.length; i++) {
  acc += prof.timeDeltas[i]!;
  at += prof.timeDeltas[i]!;
  if (acc < from || acc > to) continue;
  self.set(prof.samples[i]!, (self.get(prof.samples[i]!) ?? 0) + (prof.timeDeltas[i + 1] ?? 0));
}
const perReq = (us: number) => us / r.requests;
const byFn = new Map<string, number>();
const byPkg = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const url = n.callFrame.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
  const key = `${n.callFrame.functionName || '(anonymous)'} ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`;
  byFn.set(key, (byFn.get(key) ?? 0) + us);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith('src/') ? url.split('/').slice(0, 3).join('/') : url.startsWith('node:') ? 'node core' : n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : 'native/other');
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
}
const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
console.log(`\nCPU per request (µs), ${r.requests} requests — by package/folder:`);
for (const [k, v] of top(byPkg, 18)) console.log(`${perReq(v).toFixed(1).padStart(8)}  ${k}`);
console.log('\nby function (self time):');
for (const [k, v] of top(byFn, 30)) console.log(`${perReq(v).toFixed(1).padStart(8)}  ${k}`);
// Inclusive (synchronous) time of Playgate's own functions: where one request's work goes.
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
for (const [id, us] of self) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    const url = n.callFrame.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
    if (!url.startsWith('src/')) continue;
    const key = `${n.callFrame.functionName || '(anonymous)'} ${url}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}
console.log('\nPlaygate functions, inclusive synchronous time:');
for (const [k, v] of top(inclusive, 25)) console.log(`${perReq(v).toFixed(1).padStart(8)}  ${k}`);
console.log(`\nprofile: ${join(dir, file)}`);
