// The MVPD simulator on its own, in its own process, for the "authorize that asks the
// MVPD" scenario: every MVPD answers after a fixed latency (BENCH_MVPD_LATENCY_MS,
// default 20), like a real provider across a network. Prints its URL, serves until killed.
import { join } from 'node:path';
import { openDatabase } from '../../src/server/db/database.ts';
import { buildMvpdApp } from '../../src/server/mvpd/mvpd-app.ts';
import { loadOrCreateKeySet, loadOrCreateSecrets } from '../../src/server/tokens/key-store.ts';
import { testConfig } from '../../src/server/test-support/test-system.ts';

const latencyMs = Number(process.env.BENCH_MVPD_LATENCY_MS ?? 20);
const config = testConfig((raw) => {
  for (const m of raw.mvpds) m.simulator = { mode: 'slow', slowMs: latencyMs };
});
const db = await openDatabase({ kind: 'sqlite', file: join(config.dataDir, 'mvpd.sqlite') });
const { app } = await buildMvpdApp({
  config,
  db,
  keys: await loadOrCreateKeySet(join(config.dataDir, 'keys', 'mvpd.jwks.json'), ['RS256', 'ES256']),
  cookieKeys: loadOrCreateSecrets(join(config.dataDir, 'keys', 'mvpd.cookies.json'), 2),
});
const address = await app.listen({ port: Number(process.env.BENCH_MVPD_PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url: address, latencyMs })}\n`);
const stop = async () => {
  await app.close();
  await db.destroy();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
