// `npm run test:deployment:local`: proves the deployment kit against a Playgate it did not
// configure for it — `npm start`'s build and server (dist-server/main.mjs) on non-default
// ports (KIT_APP_PORT, default 28600; IdP +1, MVPD simulator +2) and a fresh data directory —
// then runs `npm run test:deployment` with PLAYGATE_BASE_URL pointing at it, and stops it.
// KIT_SKIP_BUILD=1 reuses dist/ and dist-server/. Extra arguments go to Playwright.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const port = Number(process.env.KIT_APP_PORT ?? 28600);
const base = `http://localhost:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'playgate-kit-'));

if (process.env.KIT_SKIP_BUILD !== '1') {
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, ['dist-server/main.mjs'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    PLAYGATE_DATA_DIR: dataDir,
    PLAYGATE_APP_PORT: String(port),
    PLAYGATE_IDP_PORT: String(port + 1),
    PLAYGATE_MVPD_PORT: String(port + 2),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  },
});
let serverExit: number | null = null;
server.on('exit', (code) => (serverExit = code ?? 1));

async function ready(): Promise<boolean> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline && serverExit === null; await sleep(250)) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return true;
    } catch {
      // Not listening yet.
    }
  }
  return false;
}

let code = 1;
try {
  if (!(await ready())) {
    console.error(`Playgate did not become ready at ${base}/readyz (exit ${serverExit})`);
  } else {
    console.log(`==> the deployment kit against ${base} (IdP :${port + 1}, MVPD :${port + 2})`);
    const kit = spawnSync('npx', ['playwright', 'test', '-c', 'e2e/kit/playwright.config.ts', ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, PLAYGATE_BASE_URL: base },
    });
    code = kit.status ?? 1;
  }
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => (serverExit !== null ? r(null) : server.once('exit', r)));
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
