// Specs import `test` and `expect` from here: each test gets a fresh browser context
// (new device, no SSO session) and an AppPage.
import { test as base, expect } from '@playwright/test';
import { AppPage } from './pages/app.page.ts';

export const test = base.extend<{ app: AppPage }>({
  app: async ({ page }, use) => {
    await use(new AppPage(page));
  },
});

export { expect };
