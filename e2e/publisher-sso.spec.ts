// Journey 5 of the SPEC: publisher SSO (Cleeng-style). The e2e server mints 15-second
// customer JWTs (PLAYGATE_CONFIG_OVERRIDES in playwright.config.ts), so refreshes happen
// during the test; with two tabs open exactly one refreshes each time and nobody is
// signed out.
import { expect, test } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { ProviderLoginPage } from './pages/provider-login.page.ts';

/** The customer JWT the app holds (in its IndexedDB store, shared by its tabs). */
const pairJwt = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('playgate');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('kv').objectStore('kv').get('playgate.publisherSso');
          get.onsuccess = () => resolve((JSON.parse(get.result as string) as { jwt: string }).jwt);
          get.onerror = () => reject(get.error);
        };
      }),
  );

test('publisher SSO: exchange, play by the minted token’s claims, refresh across expiry with two tabs', async ({ app, page, context }) => {
  test.setTimeout(90_000);
  const refreshes: number[] = [];
  const exchanges: number[] = [];
  context.on('response', (res) => {
    if (res.url().endsWith('/auths/refresh_token')) refreshes.push(res.status());
    if (res.url().endsWith('/demo-middleware/sso/exchange')) exchanges.push(res.status());
  });

  await app.goto();
  await app.chooseSignInOption('Sign in with your publisher account');
  const idp = new ProviderLoginPage(page);
  await idp.expectProvider('Sign in to Playgate ID');
  await idp.signIn('alice');
  await expect(page.getByText('Signed in as')).toContainText('alice@example.com');
  await expect(page.getByText('publisher SSO')).toBeVisible();
  expect(exchanges).toEqual([200]);

  // Premium Doc is decided by the roles claim the minted token carries.
  await app.watch('Premium Doc');
  await app.expectPlaying(2);
  await expect(page.getByText('Included with your premium membership.')).toBeVisible();

  // A second tab of the same viewer.
  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByText('Signed in as')).toContainText('alice@example.com');

  // Past two token lifetimes: each tab keeps a valid token, one refresh at a time.
  const firstJwt = await pairJwt(page);
  await expect.poll(() => refreshes.filter((s) => s === 200).length, { timeout: 45_000, intervals: [1000] }).toBeGreaterThanOrEqual(2);
  expect(refreshes.every((s) => s === 200)).toBe(true);
  const lastJwt = await pairJwt(page);
  expect(lastJwt).not.toBe(firstJwt);
  await expect(page.getByText('Signed in as')).toBeVisible();
  await expect(second.getByText('Signed in as')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // The refreshed token still works where an SSO token is needed.
  const status = await second.evaluate(async (jwt) => (await fetch('/playback/v1/entry/trailer', { headers: { authorization: `Bearer ${jwt}`, 'ap-device-identifier': `fingerprint ${btoa('device-e2e-sso-0001')}` } })).status, lastJwt);
  expect(status).toBe(200);
});
