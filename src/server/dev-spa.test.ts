// `npm run dev` sends the security headers of `npm start`, with a policy that differs only
// by Vite's nonce and HMR websocket — and the SPA really runs under it: a real Chromium
// renders the app from Vite with no CSP violation (without the nonce, the React refresh
// preamble and Vite's injected styles are refused and the app stays blank).
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser } from '@playwright/test';
import { startTestSystem, testConfig, type TestSystem } from './test-support/test-system.ts';
import { installDevSpa } from './dev-spa.ts';
import { contentSecurityPolicy } from './http/security-headers.ts';

let sys: TestSystem;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  sys = await startTestSystem(testConfig());
  await installDevSpa(sys.app, { connectSrc: [new URL(sys.config.idp.issuer).origin], appOrigin: sys.config.app.publicUrl });
  origin = await sys.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await sys.dispose();
});

it('serves the SPA with the same headers as npm start; the CSP adds only the nonce and the HMR websocket', async () => {
  const res = await fetch(`${origin}/`);
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('/@vite/client');
  for (const name of ['x-frame-options', 'x-content-type-options', 'referrer-policy', 'permissions-policy', 'cross-origin-opener-policy']) {
    expect(res.headers.get(name), name).toBe(String((await sys.app.inject({ url: '/docs/errors' })).headers[name] ?? 'same-origin-allow-popups'));
  }
  const csp = res.headers.get('content-security-policy')!;
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toContain("frame-ancestors 'none'");
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  const ws = new URL(sys.config.app.publicUrl);
  ws.protocol = 'ws:';
  const dev = { scriptSrc: [`'nonce-${nonce}'`], styleSrc: [`'nonce-${nonce}'`], connectSrc: [ws.origin] };
  expect(csp).toBe(contentSecurityPolicy([new URL(sys.config.idp.issuer).origin], dev));
  // Every inline script Vite wrote carries that nonce.
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
  expect(inline.length).toBeGreaterThan(0);
  for (const [, attrs] of inline) expect(attrs).toContain(`nonce="${nonce}"`);
  // API paths keep the production policy.
  expect((await fetch(`${origin}/app-config.json`)).headers.get('content-security-policy')).toBe(contentSecurityPolicy([new URL(sys.config.idp.issuer).origin]));
});

it('the SPA renders from Vite in a real Chromium with no CSP violation', async () => {
  const page = await browser.newPage();
  const violations: string[] = [];
  // Strings, not functions: this file is typed for node (no DOM lib).
  await page.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => console.error('csp-violation ' + e.violatedDirective + ' ' + e.blockedURI));" });
  page.on('console', (msg) => {
    if (/csp-violation|Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  await page.goto(`${origin}/`);
  // React mounted (the refresh preamble ran) and Vite's injected CSS applied (styles.css sets the body's font).
  await page.waitForFunction("(document.getElementById('root')?.children.length ?? 0) > 0", undefined, { timeout: 45_000 });
  expect(await page.evaluate("document.querySelectorAll('style[data-vite-dev-id]').length")).toBeGreaterThan(0);
  expect(violations).toEqual([]);
  await page.close();
}, 60_000);
