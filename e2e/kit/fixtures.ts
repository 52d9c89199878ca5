// The kit's fixtures: `deployment` (what the Playgate under test publishes, read once per
// worker), `qa` (its admin API, PLAYGATE_ADMIN_TOKEN), `app` (the web app), `pass` (the Pass
// API over HTTP) and `cleanup` — every viewer, device and MVPD mode a test touches is reset
// through the admin API after it, pass or fail.
import { test as base, expect } from '@playwright/test';
import { QaClient } from '../../src/shared/qa/qa-client.ts';
import { discoverDeployment, type Deployment } from './deployment.ts';
import { KitAppPage } from './kit-app.page.ts';
import { PassApi } from './pass-api.ts';

export interface Cleanup {
  /** Reset this viewer (profiles, cached decisions, sessions, overrides, grants back to demo) after the test. */
  viewer(subject: string): void;
  /** Reset these devices after the test. */
  devices(...deviceIds: string[]): void;
  /** Put every MVPD back to normal after the test. */
  mvpdModes(): void;
}

export const test = base.extend<{ qa: QaClient; app: KitAppPage; pass: PassApi; cleanup: Cleanup }, { deployment: Deployment }>({
  deployment: [async ({}, use) => use(await discoverDeployment()), { scope: 'worker' }],
  baseURL: async ({ deployment }, use) => use(deployment.baseUrl),
  qa: async ({ deployment }, use) => use(new QaClient({ baseUrl: deployment.baseUrl, adminToken: deployment.adminToken })),
  cleanup: async ({ qa }, use) => {
    const viewers = new Set<string>();
    const devices = new Set<string>();
    let modes = false;
    await use({ viewer: (s) => void viewers.add(s), devices: (...ids) => ids.forEach((id) => devices.add(id)), mvpdModes: () => void (modes = true) });
    if (modes) await qa.resetMvpdModes();
    for (const subject of viewers) await qa.resetViewer({ subject });
    if (devices.size) await qa.resetViewer({ deviceIds: [...devices] });
  },
  app: async ({ page, deployment, cleanup }, use) => {
    const app = new KitAppPage(page, deployment);
    await use(app);
    const device = await app.deviceId();
    if (device) cleanup.devices(device);
  },
  pass: async ({ deployment }, use) => {
    const pass = await PassApi.connect(deployment);
    await use(pass);
    await pass.dispose();
  },
});

export { expect };
