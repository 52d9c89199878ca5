// Restarts every API instance of a fresh cluster, one at a time, through the balancer under
// steady load (16 concurrent clients), then rotates the signing key with `npm run keys --
// rotate` while the load goes on, and counts failed requests: any network error or 5xx.
// Exits 1 unless it is 0, both instances served, and after the rotation every instance
// publishes the new key and tokens it signs are accepted through the balancer.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeProtectedHeader } from 'jose';
import { startCluster } from './cluster.ts';

const cluster = await startCluster({ basePort: Number(process.env.CLUSTER_PORT ?? 22200) + 60, log: (l) => console.log(l) });
let failures = 0;
let phase = 'warm-up';
let total = 0;
const byInstance = new Map<string, number>();
const problems: string[] = [];
try {
  let running = true;
  const record = (res: Response | null, what: string, err?: unknown) => {
    total++;
    if (!res || res.status >= 500) {
      failures++;
      if (problems.length < 10) problems.push(`${what} during "${phase}": ${res ? res.status : `${String(err)} (${String((err as { cause?: { code?: string; message?: string } })?.cause?.code ?? (err as { cause?: { message?: string } })?.cause?.message)})`}`);
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
    phase = `restart ${cluster.instanceIds[i]}`;
    await cluster.restart(i);
  }
  phase = 'key rotation';
  // Rotation on the running cluster: publish now, sign 6 s later, no restart.
  // Asynchronously: a blocked load generator would let its idle keep-alive sockets expire.
  const { stdout: rotated } = await promisify(execFile)('npm', ['run', '-s', 'keys', '--', 'rotate', '--activate-in', '6'], {
    env: { ...process.env, DATABASE_URL: cluster.databaseUrl, PLAYGATE_KEK: cluster.kek, PLAYGATE_DATA_DIR: '/nonexistent-playgate-cli' },
    encoding: 'utf8',
  });
  const newKid = /published (\S+);/.exec(rotated)?.[1];
  console.log(`==> ${rotated.trim().split('\n')[0]}`);
  await new Promise((r) => setTimeout(r, 8000));
  for (const [i, u] of cluster.instanceUrls.entries()) {
    const kids = ((await (await fetch(`${u}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
    if (!newKid || !kids.includes(newKid)) problems.push(`${cluster.instanceIds[i]} does not publish ${newKid}`);
  }
  for (let i = 0; i < 4; i++) {
    const auth = await fetch(`${cluster.url}/sso/auths`, { method: 'POST', headers: { authorization: 'Bearer dev-publisher-token-change-me-0001', 'content-type': 'application/json' }, body: JSON.stringify({ customerEmail: 'alice@example.com' }) });
    const { jwt } = (await auth.json()) as { jwt: string };
    if (decodeProtectedHeader(jwt).kid !== newKid) problems.push(`${auth.headers.get('x-playgate-instance')} still signs with ${decodeProtectedHeader(jwt).kid}`);
    for (let j = 0; j < 2; j++) {
      const play = await fetch(`${cluster.url}/playback/v1/entry/premium-doc`, { headers: { authorization: `Bearer ${jwt}`, 'ap-device-identifier': `fingerprint ${Buffer.from('rolling-restart-device').toString('base64')}` } });
      if (play.status !== 200) problems.push(`new-key token refused by ${play.headers.get('x-playgate-instance')}: ${play.status}`);
    }
  }
  running = false;
  await Promise.all(workers);
} finally {
  await cluster.stop();
}
console.log(`rolling restart of ${byInstance.size} instance(s): ${total} requests, ${failures} failed; served by ${JSON.stringify(Object.fromEntries(byInstance))}`);
for (const p of problems.slice(0, Math.min(failures, 10))) console.log(`  failed: ${p}`);
for (const p of problems.slice(failures > 0 ? Math.min(failures, 10) : 0)) console.log(`  problem: ${p}`);
process.exit(failures === 0 && problems.length === 0 && byInstance.size >= 2 ? 0 : 1);
