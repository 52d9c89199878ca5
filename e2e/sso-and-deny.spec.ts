// SSO sign-in in a popup, and a Deny explained by its error code.
import { expect, test } from './fixtures.ts';
import { ProviderLoginPage } from './pages/provider-login.page.ts';

test('a viewer can sign in with the IdP in a popup', async ({ app, page }) => {
  await app.goto();
  const popupPromise = page.waitForEvent('popup');
  await app.chooseSignInOption('Sign in in a new window');
  const idp = new ProviderLoginPage(await popupPromise);
  await idp.expectProvider('Sign in to Playgate ID');
  await idp.signIn('bob');
  await expect(page.getByText('Signed in as')).toContainText('Bob Brown');
  await expect(page.getByText('roles: free')).toBeVisible();
});

test('a basic subscriber is told Sports One is not in their package, with a way forward', async ({ app, page }) => {
  await app.resetViewer('carol');
  await app.goto();
  await app.signIn('carol');
  await app.watch('Sports One');
  const mvpd = await app.pickProvider('Skyline Cable');
  await mvpd.signIn('sky-basic');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Not in your package');
  await expect(alert).toContainText('authorization_denied_by_mvpd');
  await expect(alert.getByRole('button', { name: 'Try another TV provider' })).toBeVisible();
  await expect(app.player()).toHaveCount(0);
});
