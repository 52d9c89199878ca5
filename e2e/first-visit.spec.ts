// A first visit (issue 13, item 6): Watch works signed out — it signs in first and comes
// back to that title; one primary "Sign in", the other ways under a plainly worded menu.
import { expect, test } from './fixtures.ts';
import { ProviderLoginPage } from './pages/provider-login.page.ts';

test('signed out: one primary Sign in, the other ways in a plain menu, and Watch is not a dead button', async ({ page, app }) => {
  await app.goto();
  const signIn = page.getByRole('region', { name: 'Sign in to watch' });
  await expect(signIn.getByRole('button', { name: /sign in/i })).toHaveCount(1);
  await expect(signIn.getByRole('button', { name: 'Sign in', exact: true })).toHaveClass(/primary/);
  await page.getByText('Other ways to sign in').click();
  await expect(signIn.getByRole('button', { name: 'Sign in in a new window' })).toBeVisible();
  await expect(signIn.getByRole('button', { name: 'Sign in with your publisher account' })).toBeVisible();
  // No developer words on the screen a new viewer sees first.
  await expect(page.locator('main')).not.toContainText(/popup|Cleeng|SSO-style|OIDC|JWT/i);
  await expect(page.getByText('you’ll sign in first and come straight back to it')).toBeVisible();
  for (const title of ['News 24', 'Premium Doc', 'Trailer']) await expect(page.getByRole('button', { name: `Watch ${title}` })).toBeEnabled();
});

test('Watch while signed out signs in and returns to that title, which plays', async ({ page, app }) => {
  await app.goto();
  await page.getByRole('button', { name: 'Watch Premium Doc' }).click();
  const idp = new ProviderLoginPage(page);
  await idp.expectProvider('Sign in to Playgate ID');
  await idp.signIn('alice');
  await expect(page.getByText('Signed in as')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Premium Doc' })).toBeVisible();
  await app.expectPlaying(1);
  // Only once: a reload does not open it again.
  await page.reload();
  await expect(page.getByText('Signed in as')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Premium Doc' })).toHaveCount(0);
});
