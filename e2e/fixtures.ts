// Specs import `test` and `expect` from here: each test gets a fresh browser context
// (new device, no SSO session) and an AppPage. Every page of the context (popups too)
// reports Content Security Policy violations; a test that saw one fails. In the cluster run
// (PLAYGATE_CLUSTER=1) every test that used the page also asserts that more than one instance
// served it, read from the `x-playgate-instance` header of every response through the balancer.
import { test as base, expect } from '@playwright/test';
import { AppPage } from './pages/app.page.ts';

export const CLUSTER = process.env.PLAYGATE_CLUSTER === '1';
export const CSP_VIOLATION = 'playgate:csp-violation';

export const test = base.extend<{ app: AppPage; instances: Set<string>; cspViolations: string[] }>({
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
