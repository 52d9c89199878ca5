// `node --import tsx scripts/bench/interleave.ts segment segment-ungated [more scenarios…]`:
// an A/B comparison the machine's noise does not drown. One system under test (its own
// process, as in `npm run bench`), the named scenarios run one after another in rounds
// (ROUNDS, default 6; BENCH_SECONDS per run, default 3, after a 1 s warm-up each), then the
// median req/s, server CPU per request (from /proc) and p99 of each. Separate runs of
// profile-authorize.ts swing ±25 % on this shared machine; interleaved medians within one
// process move a few percent. Scenario names are profile-authorize.ts's.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ensureWrk, runWrk, type WrkScenario } from './wrk.ts';

const scenarios = process.argv.slice(2);
if (scenarios.length === 0) throw new Error('name the scenarios to interleave, e.g. segment segment-ungated');
const rounds = Number(process.env.ROUNDS ?? 6);
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
ensureWrk();
const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/bench-server.ts'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } });
const t = await new Promise<any>((res) => createInterface({ input: child.stdout! }).once('line', (l) => res(JSON.parse(l))));

function scenario(name: string): WrkScenario {
  switch (name) {
    case 'bare':
    case 'bare-signed':
      return { base: t.bare, path: `/${name}` };
    case 'segment-ungated':
      return { base: t.bare, path: t.segmentUngated };
    case 'child-ungated':
      return { base: t.bare, path: t.childUngated };
    case 'segment':
    case 'child':
      return { base: t.app, path: t[name] };
    case 'profiles':
      return { base: t.app, path: t.profiles.path, headers: t.headers };
    case 'authorize':
    case 'preauthorize':
      return { base: t.app, method: 'POST', path: t[name].path, headers: t.headers, body: t[name].body };
    default:
      throw new Error(`unknown scenario ${name}`);
  }
}

const cpuTicks = () => readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ').slice(11, 13).reduce((a, b) => a + Number(b), 0);
const results = new Map(scenarios.map((s) => [s, { rps: [] as number[], cpuUs: [] as number[], p99: [] as number[] }]));
for (let round = 0; round < rounds; round++) {
  for (const name of scenarios) {
    await runWrk(scenario(name), { seconds: 1, connections: 50 });
    const before = cpuTicks();
    const run = await runWrk(scenario(name), { seconds, connections: 50 });
    const r = results.get(name)!;
    r.rps.push(run.rps);
    r.cpuUs.push(Math.round(((cpuTicks() - before) * 1e6) / 100 / run.requests)); // USER_HZ = 100
    r.p99.push(Math.round(run.p99Ms));
  }
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
for (const [name, r] of results) {
  console.log(`${name.padEnd(16)} req/s ${String(median(r.rps)).padStart(6)} [${r.rps.join(' ')}]  CPU µs/request ${median(r.cpuUs)} [${r.cpuUs.join(' ')}]  p99 ms ${median(r.p99)} [${r.p99.join(' ')}]`);
}
if (scenarios.length >= 2) {
  const [a, b] = scenarios.map((s) => median(results.get(s)!.rps));
  console.log(`${scenarios[0]} / ${scenarios[1]}: ${(a! / b!).toFixed(2)}× (medians)`);
}
const exited = new Promise((res) => child.once('exit', res));
child.kill('SIGTERM');
await exited;
