// The ceiling of any authorize decision on this machine: Playgate's own media-token signature
// (TokenService.sign: jose, ES256 through WebCrypto) in a loop, with nothing else — no HTTP, no
// database — at the benchmark's concurrency, in its own process. Every Permit signs exactly one
// such token, so no authorize scenario can run faster than this, and the bench prints it beside
// the bare route: when it is below half the bare route's rate, the "≥ 0.5×" target cannot be
// met with a JWT-per-decision design on this machine, whatever the rest of the path costs.
// Prints one JSON line: { rps, cpuUsPerSign } (CPU of all threads: WebCrypto signs in the pool).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deviceHash } from '../../src/server/context/device-hash.ts';
import { loadOrCreateKeySet } from '../../src/server/tokens/key-store.ts';
import { TokenService } from '../../src/server/tokens/token-service.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const dir = mkdtempSync(join(tmpdir(), 'playgate-sign-'));
const tokens = await TokenService.create('https://playgate.bench', await loadOrCreateKeySet(join(dir, 'keys.json'), ['ES256']));
rmSync(dir, { recursive: true, force: true });
const claims = { sub: 'u'.repeat(32), resource: 'news-24', requestor: 'demo-requestor', mvpd: 'Skyline', did: deviceHash('bench-device-0001') };

async function run(ms: number): Promise<number> {
  const until = performance.now() + ms;
  let n = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        await tokens.sign('media', claims, 300);
        n++;
      }
    }),
  );
  return n;
}

await run(1000); // warm-up
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const n = await run(seconds * 1000);
const elapsed = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ rps: Math.round(n / elapsed), cpuUsPerSign: Math.round((cpu.user + cpu.system) / n) }));
