// `PLAYGATE_BASE_URL=<url> npm run test:deployment`: the kit's specs against an already
// running Playgate. Starts no server; everything else is discovered (e2e/kit/deployment.ts).
// One worker: MVPD modes are global to a deployment, so a test that switches one must not
// run beside one that expects that MVPD to answer.
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'specs',
  testMatch: '**/*.kit.ts',
  outputDir: '../../test-results/deployment',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { outputFolder: '../../playwright-report/deployment', open: 'never' }]],
  use: {
    trace: 'retain-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      ...(chromiumPath ? { executablePath: chromiumPath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
    },
  },
});
