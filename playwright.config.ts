// End-to-end tests in a real Chromium against the whole system started on its own
// ports and a fresh data directory (so a running `npm start` is never disturbed).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';
import { FOREIGN_CLIENT_ID, FOREIGN_LOCAL_PLUGIN, FOREIGN_PLUGIN, FOREIGN_SCOPE } from './scripts/foreign-idp/foreign-viewers.ts';

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
const shippedConfig = JSON.parse(readFileSync(fileURLToPath(new URL('playgate.config.json', import.meta.url)), 'utf8')) as { idp: { viewers: Viewer[] }; mvpds: Array<Record<string, unknown> & { id: string }> };
const demoViewers = shippedConfig.idp.viewers;
// e2e/expired-profile.spec.ts: Northwind Satellite (no demo subscribers, no other spec) gets one
// whose sign-in lasts 20 s, so a profile expires within a test (arrays are replaced whole).
// MetroFiber's metro-reauthz: Permits with the re-authz obligation after 4 s (e2e/obligations.spec.ts).
const E2E_MVPDS = shippedConfig.mvpds.map((m) =>
  m.id === 'Northwind'
    ? { ...m, authenticationTtlSeconds: 20, subscribers: [{ username: 'north-short', householdID: 'hh-nw-1', zip: '10001', packages: ['basic'] }] }
    : m.id === 'MetroFiber'
      ? { ...m, subscribers: [...(m.subscribers as unknown[]), { username: 'metro-reauthz', householdID: 'hh-metro-2009', zip: '94105', packages: ['basic'], reAuthzSeconds: 4 }] }
      : m,
);
const ALT_OVERRIDES = {
  idp: {
    algorithms: ['RS256'],
    entitlementClaims: ['entitlements'],
    // Short lifetimes and no clock tolerance, so renewal past the first ID token's expiry happens within a test.
    embeddedTokenTtls: { accessTokenSeconds: 40, idTokenSeconds: 8 },
    clockToleranceSeconds: 0,
    // The demo viewers, with their `roles` released as `entitlements` (arrays are replaced whole).
    viewers: demoViewers.map(({ claims: { roles, ...claims }, ...viewer }) => ({ ...viewer, claims: roles === undefined ? claims : { ...claims, entitlements: roles } })),
  },
};

// A third system for the "any IdP" proof (project foreign-idp): Playgate pointed by configuration
// alone at Glewlwyd, an independent OpenID provider from Debian's packages (not oidc-provider),
// started by scripts/foreign-idp/glewlwyd.ts with its own viewers and data directory. Its access
// tokens carry `roles` as one comma string and `aud` = the RFC 8707 resource the SPA sends; they
// and its ID tokens live 40 s, so renewals past the first ID token's expiry happen within a test.
// Offsets +30..+33: engineers' bases are 100 apart and each uses +0..+2 and +100..+102.
const FOREIGN_APP_PORT = APP_PORT + 30;
const FOREIGN_DATA_DIR = `.e2e-data/${FOREIGN_APP_PORT}`;
const GLEWLWYD_PORT = APP_PORT + 33;
const FOREIGN_ISSUER = `http://localhost:${GLEWLWYD_PORT}/api/${FOREIGN_PLUGIN}`;
// Glewlwyd accepts only an http(s) URL as an RFC 8707 resource ("Invalid Resource" for a URN).
const FOREIGN_RESOURCE = 'https://api.playgate.example';
const FOREIGN_TOKEN_SECONDS = 40;
const FOREIGN_OVERRIDES = {
  idp: {
    embedded: false,
    issuer: FOREIGN_ISSUER,
    clientId: FOREIGN_CLIENT_ID,
    audience: FOREIGN_RESOURCE,
    resource: FOREIGN_RESOURCE,
    scope: `openid ${FOREIGN_SCOPE}`,
    algorithms: ['RS256'],
    entitlementClaims: [{ path: 'roles', format: 'comma', from: 'access_token' }],
    clockToleranceSeconds: 0,
  },
  tenants: [{ id: 'PLAYGATE', entitlements: { defaultEntryEntitlement: ['*'], jwtClaims: [{ path: 'roles', format: 'comma' }] } }],
};
// A fourth system (project foreign-idp-local, +40..+42): Glewlwyd's second issuer, which has no
// end_session_endpoint, so "Sign out" takes the SPA's local fallback. It sends no RFC 8707
// resource either, so `aud` is Glewlwyd's scope string: the audience is checked on `client_id`
// instead (idp.audienceClaim, the setting for Cognito-style access tokens).
const LOCAL_APP_PORT = APP_PORT + 40;
const LOCAL_DATA_DIR = `.e2e-data/${LOCAL_APP_PORT}`;
const { resource: _noResource, ...localIdp } = FOREIGN_OVERRIDES.idp;
const LOCAL_OVERRIDES = {
  ...FOREIGN_OVERRIDES,
  idp: { ...localIdp, issuer: `http://localhost:${GLEWLWYD_PORT}/api/${FOREIGN_LOCAL_PLUGIN}`, audience: FOREIGN_CLIENT_ID, audienceClaim: 'client_id' },
};
// Glewlwyd comes from Debian: installed here when missing (as root), once, by the main process
// (workers load this file too). Where it cannot be installed the project's tests skip, saying so.
const CLUSTER_RUN = process.env.PLAYGATE_CLUSTER === '1';
if (!CLUSTER_RUN && !process.env.TEST_WORKER_INDEX && !existsSync('/usr/bin/glewlwyd')) {
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/foreign-idp/glewlwyd.ts', 'ensure'], { stdio: 'inherit' });
}
const FOREIGN_IDP_AVAILABLE = existsSync('/usr/bin/glewlwyd');

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
// Viewers of e2e/test-console.spec.ts and e2e/journey-scenarios.spec.ts, which reset their state through the QA admin API.
const QA_VIEWERS: Viewer[] = [
  { username: 'quinn', name: 'Quinn Console', email: 'quinn@example.com', claims: {} },
  { username: 'piper', name: 'Piper Presets', email: 'piper@example.com', claims: {} },
  // e2e/journey-scenario-setup.spec.ts: the "Logout" and "SSO on a second device" scenarios.
  { username: 'loretta', name: 'Loretta Logout', email: 'loretta@example.com', claims: {} },
  { username: 'sondra', name: 'Sondra Second', email: 'sondra@example.com', claims: {} },
  // e2e/journey-presenter-window.spec.ts.
  { username: 'petra', name: 'Petra Projector', email: 'petra@example.com', claims: {} },
  // e2e/test-console-degradation.spec.ts
  { username: 'dora', name: 'Dora Degraded', email: 'dora@example.com', claims: {} },
];
// The viewer of e2e/dashboard.spec.ts, whose journeys the dashboard's figures include.
const DASHBOARD_VIEWER: Viewer = { username: 'dana', name: 'Dana Dashboard', email: 'dana@example.com', claims: {} };
// Viewers of the viewer-journey specs (issue 13: another provider, sign-out, first visit, phone, checkout).
const JOURNEY_VIEWERS: Viewer[] = [
  { username: 'ivan', name: 'Ivan Another', email: 'ivan@example.com', claims: {} },
  { username: 'judy', name: 'Judy Logout', email: 'judy@example.com', claims: {} },
  { username: 'kate', name: 'Kate Phone', email: 'kate@example.com', claims: {} },
  { username: 'liam', name: 'Liam Buyer', email: 'liam@example.com', claims: {} },
  { username: 'mona', name: 'Mona Second', email: 'mona@example.com', claims: {} },
  { username: 'nick', name: 'Nick Paths', email: 'nick@example.com', claims: {} },
  { username: 'pat', name: 'Pat Publisher', email: 'pat@example.com', claims: {} },
  { username: 'quentin', name: 'Quentin Picker', email: 'quentin@example.com', claims: {} },
  { username: 'rosa', name: 'Rosa Expired', email: 'rosa@example.com', claims: {} },
  { username: 'sid', name: 'Sid Family', email: 'sid@example.com', claims: {} },
];
const OBLIGATION_VIEWERS: Viewer[] = [
  { username: 'uma', name: 'Uma Upgrade', email: 'uma@example.com', claims: {} },
  { username: 'rex', name: 'Rex Recheck', email: 'rex@example.com', claims: {} },
  { username: 'rita', name: 'Rita Revoked', email: 'rita@example.com', claims: {} },
];
const E2E_VIEWERS: Viewer[] = [...demoViewers, { username: A11Y_VIEWER, name: 'Ally Axe', email: 'a11y@example.com', claims: {} }, ...SIGN_OUT_VIEWERS, ...QA_VIEWERS, DASHBOARD_VIEWER, ...JOURNEY_VIEWERS, ...OBLIGATION_VIEWERS];

// The cluster run (npm run test:cluster, PLAYGATE_CLUSTER=1): scripts/cluster/cluster.ts starts
// PostgreSQL, the stand-ins once, two API instances and HAProxy; the specs below run through
// the balancer and each asserts that both instances served it (e2e/fixtures.ts).
const CLUSTER = CLUSTER_RUN;
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
            { name: 'chromium', testIgnore: ['**/alt-idp.spec.ts', '**/foreign-idp.spec.ts', '**/foreign-idp-local-sign-out.spec.ts', '**/cluster.spec.ts'] },
            { name: 'alt-idp', testMatch: ['**/alt-idp.spec.ts'], use: { baseURL: `http://localhost:${ALT_APP_PORT}` } },
            { name: 'foreign-idp', testMatch: ['**/foreign-idp.spec.ts'], use: { baseURL: `http://localhost:${FOREIGN_APP_PORT}` } },
            { name: 'foreign-idp-local', testMatch: ['**/foreign-idp-local-sign-out.spec.ts'], use: { baseURL: `http://localhost:${LOCAL_APP_PORT}` } },
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
                PLAYGATE_CONFIG_OVERRIDES: JSON.stringify({ tokens: { livePlaybackTokenTtlSeconds: 8, vodPlaybackTokenTtlSeconds: 8 }, publisherSso: { jwtTtlSeconds: 15 }, idp: { viewers: E2E_VIEWERS }, mvpds: E2E_MVPDS }),
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
            // Short lifetimes so renewals happen within a test: live and VOD playback tokens, publisher SSO JWTs.
            // The e2e viewers: the demo ones plus A11Y_VIEWER (arrays are replaced whole).
          PLAYGATE_CONFIG_OVERRIDES: JSON.stringify({ tokens: { livePlaybackTokenTtlSeconds: 8, vodPlaybackTokenTtlSeconds: 8 }, publisherSso: { jwtTtlSeconds: 15 }, idp: { viewers: E2E_VIEWERS }, mvpds: E2E_MVPDS, tempPass: E2E_TEMP_PASS }),
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
        ...(FOREIGN_IDP_AVAILABLE
          ? [
              {
                // Ready once its OIDC plugin answers discovery: the plugin is provisioned last.
                command: `node --import tsx scripts/foreign-idp/glewlwyd.ts serve --port ${GLEWLWYD_PORT} --app-url http://localhost:${FOREIGN_APP_PORT} --app-url http://localhost:${LOCAL_APP_PORT} --dir .e2e-data/glewlwyd-${GLEWLWYD_PORT} --access-token-seconds ${FOREIGN_TOKEN_SECONDS} --resource ${FOREIGN_RESOURCE}`,
                url: `${FOREIGN_ISSUER}/.well-known/openid-configuration`,
                // SIGTERM so the script stops Glewlwyd and removes its data directory.
                gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 5_000 },
                reuseExistingServer: false,
                timeout: 60_000,
                stdout: 'ignore' as const,
                stderr: 'pipe' as const,
              },
              {
                command: `rm -rf ${FOREIGN_DATA_DIR} && node --import tsx src/server/main.ts`,
                url: `http://localhost:${FOREIGN_APP_PORT}/readyz`,
                reuseExistingServer: false,
                timeout: 120_000,
                stdout: 'ignore' as const,
                stderr: 'pipe' as const,
                env: {
                  PLAYGATE_DATA_DIR: FOREIGN_DATA_DIR,
                  PLAYGATE_APP_PORT: String(FOREIGN_APP_PORT),
                  PLAYGATE_IDP_PORT: String(FOREIGN_APP_PORT + 1),
                  PLAYGATE_MVPD_PORT: String(FOREIGN_APP_PORT + 2),
                  LOG_LEVEL: 'warn',
                  PLAYGATE_CONFIG_OVERRIDES: JSON.stringify(FOREIGN_OVERRIDES),
                },
              },
              {
                command: `rm -rf ${LOCAL_DATA_DIR} && node --import tsx src/server/main.ts`,
                url: `http://localhost:${LOCAL_APP_PORT}/readyz`,
                reuseExistingServer: false,
                timeout: 120_000,
                stdout: 'ignore' as const,
                stderr: 'pipe' as const,
                env: {
                  PLAYGATE_DATA_DIR: LOCAL_DATA_DIR,
                  PLAYGATE_APP_PORT: String(LOCAL_APP_PORT),
                  PLAYGATE_IDP_PORT: String(LOCAL_APP_PORT + 1),
                  PLAYGATE_MVPD_PORT: String(LOCAL_APP_PORT + 2),
                  LOG_LEVEL: 'warn',
                  PLAYGATE_CONFIG_OVERRIDES: JSON.stringify(LOCAL_OVERRIDES),
                },
              },
            ]
          : []),
      ],
});
