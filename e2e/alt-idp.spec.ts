// "Any IdP by config", in a real Chromium: the alt-idp project's own system runs the same
// code with the embedded IdP configured differently (playwright.config.ts): its issuer has
// a path (/oidc), it signs with RS256 only, and entitlements travel in the claim
// `entitlements` instead of `roles`. The app and API work unchanged.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { expect, test } from './fixtures.ts';
import type { Page } from '@playwright/test';

/** The oidc-client-ts user the SPA stored (IndexedDB "playgate", store "kv", keys "oidc.*"). */
async function storedOidcUser(page: Page): Promise<{ id_token: string; access_token: string }> {
  const raw = await page.evaluate(
    () =>
      new Promise<string | null>((resolve, reject) => {
        const open = indexedDB.open('playgate');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction('kv', 'readonly').objectStore('kv');
          const keys = store.getAllKeys();
          keys.onsuccess = () => {
            const key = (keys.result as string[]).find((k) => k.startsWith('oidc.user:'));
            if (!key) return resolve(null);
            const value = store.get(key);
            value.onsuccess = () => resolve(value.result as string);
          };
        };
      }),
  );
  expect(raw, 'a signed-in user in IndexedDB under oidc.user:*').not.toBeNull();
  return JSON.parse(raw!) as { id_token: string; access_token: string };
}

test('alice signs in at an IdP under /oidc with RS256 tokens, plays Premium Doc by her `entitlements` claim, and a TV Everywhere title through an MVPD', async ({ app, page, baseURL }) => {
  await app.resetViewer('alice');
  await app.goto();

  // The sign-in page is served under the issuer's path, on the IdP's own origin.
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Playgate ID' })).toBeVisible();
  const login = new URL(page.url());
  expect(login.origin).not.toBe(new URL(baseURL!).origin);
  expect(login.pathname).toMatch(/^\/oidc\/interaction\/[^/]+$/);
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill('playgate');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Signed in as')).toBeVisible();

  // The tokens the SPA verified and kept are RS256.
  const user = await storedOidcUser(page);
  expect(decodeProtectedHeader(user.id_token).alg).toBe('RS256');
  expect(decodeProtectedHeader(user.access_token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });

  // Direct entitlement, decided by the `entitlements` claim.
  await app.watch('Premium Doc');
  await app.expectPlaying(2);
  await expect(page.getByText('Included with your premium membership.')).toBeVisible();

  // TV Everywhere through an MVPD, with this IdP's token as the AD-Service-Token.
  await app.watchThroughProvider('News 24', 'Skyline Cable', 'sky-basic');
  await app.expectPlaying(2);
  await expect(page.getByText('Watching through Skyline Cable.')).toBeVisible();
});

test('the session outlives the first ID token: a reload after it expired, then a renewal, keep the viewer signed in', async ({ app, page }) => {
  // Waits for a real renewal, a quarter of its life (10 s) before the 40 s access token expires.
  test.slow();
  await app.goto();
  await app.signIn('bob');
  const first = await storedOidcUser(page);
  const idExp = decodeJwt(first.id_token).exp! * 1000;
  // This system's ID tokens live 8 s, its access tokens 40 s, with no clock tolerance.
  await expect.poll(() => Date.now() > idExp + 1_000, { timeout: 20_000, intervals: [1_000] }).toBe(true);
  await page.reload();
  await expect(page.getByText('Signed in as')).toContainText('Bob');
  // The renewal runs 10 s before the access token expires (min(60 s, lifetime/4)), under the cross-tab lock.
  await expect.poll(async () => (await storedOidcUser(page)).access_token !== first.access_token, { timeout: 45_000, intervals: [2_000] }).toBe(true);
  await expect(page.getByText('Signed in as')).toContainText('Bob');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toHaveCount(0);
});
