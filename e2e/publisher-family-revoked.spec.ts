// A revoked publisher-SSO refresh family (issue 13, item 11): when a spent refresh token is
// used again (taken as theft), the server revokes the whole family; the app's next refresh
// fails and it signs the viewer out with a stated reason instead of failing silently.
import { expect, test } from './fixtures.ts';
import { ProviderLoginPage } from './pages/provider-login.page.ts';

test('reusing a spent refresh token revokes the family, and the app signs out saying the session ended', async ({ app, page }) => {
  test.slow();
  let first: string | undefined;
  page.on('response', async (res) => {
    if (res.url().endsWith('/demo-middleware/sso/exchange') && res.ok()) first ??= ((await res.json()) as { refreshToken: string }).refreshToken;
  });
  const refreshed = page.waitForResponse((res) => res.url().endsWith('/auths/refresh_token') && res.ok(), { timeout: 40_000 });
  await app.goto();
  await app.chooseSignInOption('Sign in with your publisher account');
  const idp = new ProviderLoginPage(page);
  await idp.expectProvider('Sign in to Playgate ID');
  await idp.signIn('sid');
  await expect(page.getByText('publisher SSO')).toBeVisible();
  // The e2e server's customer JWTs live 15 s: the app refreshes once, spending the first token.
  await refreshed;
  expect(first).toBeDefined();
  const reuse = await page.request.post('/auths/refresh_token', { data: { refreshToken: first } });
  expect(reuse.status()).toBe(401);
  expect(await reuse.json()).toMatchObject({ code: 'refresh_token_reused' });

  await expect(page.getByText('Your session has ended. Please sign in again.')).toBeVisible({ timeout: 40_000 });
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
});
