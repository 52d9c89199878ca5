// Real sign-out and switching viewers (issue 12): sign-out ends the IdP session, so the next
// "Sign in" asks for credentials; "Switch viewer" asks the IdP for another viewer; signing out
// in one tab signs out every tab; a refusal's reason stays on screen until the viewer acts.
import { expect, test } from './fixtures.ts';
import { AppPage } from './pages/app.page.ts';
import { ProviderLoginPage } from './pages/provider-login.page.ts';

test('sign-out at the IdP: the next sign-in asks for a password', async ({ app, page }) => {
  await app.goto();
  await app.signIn('olga');
  await app.signOutAtProvider();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // No silent sign-in: the IdP's login form is shown again.
  await new ProviderLoginPage(page).expectProvider('Sign in to Playgate ID');
  await expect(page.getByLabel('Password')).toBeVisible();
});

test('switch viewer: from one viewer to another without clearing cookies', async ({ app, page }) => {
  await app.goto();
  await app.signIn('sam');
  await expect(page.getByText('Signed in as')).toContainText('Sam Switch');
  await page.getByRole('button', { name: 'Switch viewer' }).click();
  // The IdP's session for sam ends first, then its login form asks for the next viewer.
  await page.getByRole('button', { name: 'Yes, sign out' }).click();
  const idp = new ProviderLoginPage(page);
  await idp.expectProvider('Sign in to Playgate ID');
  await idp.signIn('sue');
  await expect(page.getByText('Signed in as')).toContainText('Sue Second');
});

test('signing out in one tab signs out every tab, and says why', async ({ app, page, context }) => {
  await app.goto();
  await app.signIn('tabby');
  const other = await context.newPage();
  const second = new AppPage(other);
  await second.goto();
  await expect(other.getByText('Signed in as')).toBeVisible();
  await app.signOutAtProvider();
  await expect(other.getByRole('alert')).toContainText('signed out in another tab');
  await expect(other.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  // The reason survives a reload until the viewer acts.
  await other.reload();
  await expect(other.getByRole('alert')).toContainText('signed out in another tab');
});
