// A page path the app does not have: the server answers 404 and the app shows its own
// "page not found" view; an unknown API path is a 404 error body, never the app.
import { test, expect } from './fixtures.ts';

test('an unknown page shows "Page not found" with a 404', async ({ page }) => {
  const res = await page.goto('/no-such-page');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to Playgate' }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
});

test('an unknown API path is a 404 error body, not the app', async ({ request }) => {
  for (const path of ['/api/nope', '/playback', '/sso/nope', '/admin/nope', '/media/nope']) {
    const res = await request.get(path);
    expect(res.status()).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found', status: 404 });
  }
});
