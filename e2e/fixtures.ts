// Specs import `test` and `expect` from here: each test gets a fresh browser context
// (new device, no SSO session) and an AppPage. In the cluster run (PLAYGATE_CLUSTER=1) every
// test that used the page also asserts that more than one instance served it, read from
// the `x-playgate-instance` header of every response through the balancer.
import { test as base, expect } from '@playwright/test';
import { AppPage } from './pages/app.page.ts';

export const CLUSTER = process.env.PLAYGATE_CLUSTER === '1';

export const test = base.extend<{ app: AppPage; instances: Set<string> }>({
  app: async ({ page }, use) => {
    await use(new AppPage(page));
  },
  instances: [
    async ({ context }, use) => {
      const seen = new Set<string>();
      let responses = 0;
      context.on('response', (res) => {
        const id = res.headers()['x-playgate-instance'];
        if (id) {
          seen.add(id);
          responses++;
        }
      });
      await use(seen);
      if (CLUSTER && responses > 0) expect([...seen].sort(), `instances that served this test (${responses} responses)`).toEqual(expect.arrayContaining(['api-1', 'api-2']));
    },
    { auto: true },
  ],
});

export { expect };
