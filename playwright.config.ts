// End-to-end tests in a real Chromium against the whole system started on its own
// ports and a fresh data directory (so a running `npm start` is never disturbed).
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 18080);
const IDP_PORT = APP_PORT + 1;
const MVPD_PORT = APP_PORT + 2;
// Per port, so two runs on one machine (E2E_APP_PORT=28080 …) never share state.
const DATA_DIR = `.e2e-data/${APP_PORT}`;

// Debian's Chromium where it exists (CI, this machine); Playwright's own browser elsewhere.
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'e2e',
  outputDir: `test-results/${APP_PORT}`,
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${APP_PORT}`,
    trace: 'retain-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      ...(chromiumPath ? { executablePath: chromiumPath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
    },
  },
  webServer: {
    command: `rm -rf ${DATA_DIR} && npm run build && node --import tsx src/server/main.ts`,
    url: `http://localhost:${APP_PORT}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PLAYGATE_DATA_DIR: DATA_DIR,
      PLAYGATE_APP_PORT: String(APP_PORT),
      PLAYGATE_IDP_PORT: String(IDP_PORT),
      PLAYGATE_MVPD_PORT: String(MVPD_PORT),
      LOG_LEVEL: 'warn',
      // Short live playback tokens, so e2e/live.spec.ts sees several renewals in one run.
      // Short lifetimes so renewals happen within a test: live playback tokens, publisher SSO JWTs.
      PLAYGATE_CONFIG_OVERRIDES: JSON.stringify({ tokens: { livePlaybackTokenTtlSeconds: 8 }, publisherSso: { jwtTtlSeconds: 15 } }),
    },
  },
});
