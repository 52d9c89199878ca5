// Specs import `test` and `expect` from here: each test gets a fresh browser context
// (new device, no SSO session) and an AppPage. Every page of the context (popups too)
// reports Content Security Policy violations; a test that saw one fails.
import { test as base, expect } from '@playwright/test';
import { AppPage } from './pages/app.page.ts';

export const CSP_VIOLATION = 'playgate:csp-violation';

export const test = base.extend<{ app: AppPage; cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const seen: string[] = [];
      await context.addInitScript((tag: string) => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`${tag} ${e.violatedDirective} ${e.blockedURI} on ${location.origin}${location.pathname}`));
      }, CSP_VIOLATION);
      context.on('console', (msg) => {
        const text = msg.text();
        // A refusal to be framed is reported on the framing (foreign) page: that is the policy working.
        if (/frame-ancestors|X-Frame-Options/i.test(text)) return;
        if (text.startsWith(CSP_VIOLATION) || /Content Security Policy/i.test(text)) seen.push(text);
      });
      await use(seen);
      expect(seen, 'CSP violations reported by the pages of this test').toEqual([]);
    },
    { auto: true },
  ],
  app: async ({ page }, use) => {
    await use(new AppPage(page));
  },
});

export { expect };
