// Clickjacking: a page on a foreign origin cannot frame the app, /mvpd-done, /docs, the
// IdP login or the MVPD login (frame-ancestors 'none' + X-Frame-Options DENY), and every
// one of them answers under its CSP with no violation of its own.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from './fixtures.ts';

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 18080);
// A foreign origin of its own: another port (and host name) than the system's three. Each
// worker runs this file's beforeAll, so each takes a free port of its own (port 0).
let foreignPort = 0;
const APP = `http://localhost:${APP_PORT}`;

let server: Server;
test.beforeAll(async () => {
  server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://x').searchParams.get('target') ?? '';
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><title>evil</title><iframe id="victim" src="${target.replace(/"/g, '&quot;')}" width="600" height="400"></iframe>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  foreignPort = (server.address() as AddressInfo).port;
});
test.afterAll(async () => {
  await new Promise((r) => server.close(r));
});

/** The URL of the IdP's and the MVPD's login pages, as the app's sign-in would open them. */
async function loginPages(request: import('@playwright/test').APIRequestContext) {
  const config = await (await request.get(`${APP}/app-config.json`)).json();
  const redirect = encodeURIComponent(`${APP}/auth/callback`);
  const idpAuth = `${config.idp.issuer}/auth?client_id=${config.idp.clientId}&response_type=code&scope=openid&redirect_uri=${redirect}&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`;
  const idpLogin = (await request.get(idpAuth)).url();
  return { idpLogin };
}

test.describe('a foreign origin cannot frame', () => {
  const targets: Array<[string, () => Promise<string>]> = [];
  for (const path of ['/', '/mvpd-done', '/docs', '/docs/static/index.html', '/docs/errors']) targets.push([path, async () => `${APP}${path}`]);

  for (const [name, url] of targets) {
    test(`the app's ${name}`, async ({ page }) => {
      await expectNotFramed(page, await url());
    });
  }

  test('the IdP login page', async ({ page, request }) => {
    const { idpLogin } = await loginPages(request);
    expect(idpLogin).toContain('/interaction/');
    await expectNotFramed(page, idpLogin);
  });

  test('the MVPD login page', async ({ page, request }) => {
    // A real session's login URL (what the MVPD popup opens), without touching any viewer.
    const config = await (await request.get(`${APP}/app-config.json`)).json();
    const reg = await (await request.post(`${APP}/o/client/register`, { data: { software_statement: config.softwareStatement } })).json();
    const tok = await (await request.post(`${APP}/o/client/token?${new URLSearchParams({ grant_type: 'client_credentials', client_id: reg.client_id, client_secret: reg.client_secret })}`)).json();
    const session = await (
      await request.post(`${APP}/api/v2/${config.serviceProvider}/sessions`, {
        headers: { authorization: `Bearer ${tok.access_token}`, 'ap-device-identifier': `fingerprint ${Buffer.from('framing-device-0001').toString('base64')}` },
        form: { mvpd: 'Skyline', domainName: 'localhost', redirectUrl: `${APP}/mvpd-done` },
      })
    ).json();
    const mvpdLogin = (await request.get(new URL(session.url, APP).href)).url();
    expect(mvpdLogin).toContain('/interaction/');
    await expectNotFramed(page, mvpdLogin);
  });
});

async function expectNotFramed(page: import('@playwright/test').Page, target: string) {
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/frame-ancestors|X-Frame-Options/i.test(m.text())) refused.push(m.text());
  });
  const foreign = `http://127.0.0.1:${foreignPort}/?target=${encodeURIComponent(target)}`;
  await page.goto(foreign);
  await expect.poll(() => refused.length, { message: `the browser refused to frame ${target}` }).toBeGreaterThan(0);
  // Nothing of the victim rendered inside the frame.
  const frame = page.frames().find((f) => f !== page.mainFrame());
  expect(frame?.url().startsWith(new URL(target).origin) && (await frame.locator('body').innerText().catch(() => '')) !== '').toBeFalsy();
}
