// Restarts every API instance of a fresh cluster, one at a time, through the balancer under
// steady load (16 concurrent clients), and counts failed requests: any
// network error or 5xx. Exits 1 unless it is 0 and each instance served before and after.
import { startCluster } from './cluster.ts';

const cluster = await startCluster({ basePort: Number(process.env.CLUSTER_PORT ?? 22200) + 60, log: (l) => console.log(l) });
let failures = 0;
let total = 0;
const byInstance = new Map<string, number>();
const problems: string[] = [];
try {
  let running = true;
  const record = (res: Response | null, what: string, err?: unknown) => {
    total++;
    if (!res || res.status >= 500) {
      failures++;
      if (problems.length < 10) problems.push(`${what}: ${res ? res.status : String(err)}`);
      return;
    }
    const id = res.headers.get('x-playgate-instance') ?? 'none';
    byInstance.set(id, (byInstance.get(id) ?? 0) + 1);
  };
  const worker = async (w: number) => {
    let i = 0;
    while (running) {
      // A static read, a key-set read, and an authenticated API call (its 401 is a served answer).
      const path = ['/app-config.json', '/.well-known/jwks.json', '/api/v2/PLAYGATE/configuration'][i++ % 3]!;
      try {
        const res = await fetch(`${cluster.url}${path}`, { headers: { 'ap-device-identifier': `fingerprint ${Buffer.from(`load-${w}`).toString('base64')}` } });
        await res.arrayBuffer();
        record(res, path);
      } catch (err) {
        record(null, path, err);
      }
    }
  };
  const workers = Array.from({ length: 16 }, (_, w) => worker(w));
  await new Promise((r) => setTimeout(r, 2000));
  for (let i = 0; i < cluster.instanceIds.length; i++) {
    console.log(`==> restarting ${cluster.instanceIds[i]} under load`);
    await cluster.restart(i);
  }
  await new Promise((r) => setTimeout(r, 2000));
  running = false;
  await Promise.all(workers);
} finally {
  await cluster.stop();
}
console.log(`rolling restart of ${byInstance.size} instance(s): ${total} requests, ${failures} failed; served by ${JSON.stringify(Object.fromEntries(byInstance))}`);
for (const p of problems) console.log(`  failed: ${p}`);
process.exit(failures === 0 && byInstance.size >= 2 ? 0 : 1);
