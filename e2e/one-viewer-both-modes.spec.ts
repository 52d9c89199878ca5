// One person is one viewer across sign-in modes (issue 13, item 3): a TV provider sign-in and
// a purchase made signed in with the Playgate ID still count signed in through the publisher
// (customer token), for both a TV Everywhere title and a purchased one.
import { expect, test } from './fixtures.ts';
import { ProviderLoginPage } from './pages/provider-login.page.ts';

test('News 24 (TV provider) and Fight Night (purchase) play in both modes for the same viewer', async ({ app, page }) => {
  test.slow();
  await app.resetViewer('pat');
  await app.resetGrants('pat');
  await app.goto();
  await app.signIn('pat');
  await app.watchThroughProvider('News 24', 'Skyline Cable', 'sky-basic');
  await app.expectPlaying(1);
  await app.watch('Fight Night');
  await page.getByRole('button', { name: 'Buy Fight Night · $29.99' }).click();
  await page.getByRole('button', { name: 'Confirm demo purchase' }).click();
  await app.expectPlaying(1);
  await app.signOutAtProvider();

  await app.chooseSignInOption('Sign in with your publisher account');
  const idp = new ProviderLoginPage(page);
  await idp.expectProvider('Sign in to Playgate ID');
  await idp.signIn('pat');
  await expect(page.getByText('publisher SSO')).toBeVisible();
  const popups: string[] = [];
  page.on('popup', (p) => popups.push(p.url()));
  await app.watch('News 24');
  await app.expectPlaying(1);
  await expect(page.getByText('Watching through Skyline Cable.')).toBeVisible();
  expect(popups).toEqual([]);
  await app.watch('Fight Night');
  await app.expectPlaying(1);
  await expect(page.getByText('Watching with your purchase.')).toBeVisible();
  await page.getByRole('button', { name: 'Account' }).click();
  await expect(page.getByRole('listitem', { name: 'Purchase · Fight Night' })).toBeVisible();
});
