// Signing out of a TV provider from Account (issue 13, item 7): the provider's own branded
// logout page, nothing fetched outside Playgate's origins, a popup that closes itself,
// and an Account that says "signed out" only once the provider's logout has happened.
import { expect, test } from './fixtures.ts';

// One viewer (judy) for both, so they run in order.
test.describe.configure({ mode: 'serial' });

test('TV provider sign-out: branded page, no outside requests, the popup closes itself, then Account says so', async ({ app, page, context }) => {
  const outside: string[] = [];
  context.on('request', (req) => {
    const { hostname, protocol } = new URL(req.url());
    if ((protocol === 'http:' || protocol === 'https:') && hostname !== 'localhost' && hostname !== '127.0.0.1') outside.push(req.url());
  });
  await app.resetViewer('judy');
  await app.goto();
  await app.signIn('judy');
  await app.watchThroughProvider('News 24', 'Skyline Cable', 'sky-basic');
  await app.expectPlaying(1);

  await page.getByRole('button', { name: 'Account' }).click();
  await expect(page.getByRole('row', { name: /Skyline Cable/ })).toBeVisible();
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign out of Skyline Cable' }).click();
  const popup = await popupPromise;
  await expect(popup.getByRole('heading', { name: 'Sign out of Skyline Cable?' })).toBeVisible();
  await expect(popup.getByRole('img', { name: 'Skyline Cable logo' })).toBeVisible();
  // Not yet: the provider's page is still asking.
  const status = page.getByRole('status').filter({ hasText: /Skyline Cable/ });
  await expect(status).toHaveText('Finish signing out in the Skyline Cable window.');
  await expect(app.player()).toHaveCount(0);

  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Yes, sign me out' }).click();
  await closed;
  await expect(status).toHaveText('Signed out of Skyline Cable.');
  await expect(page.getByText('None on this device.')).toBeVisible();
  // Only one copy of the app: the popup did not turn into one.
  expect(context.pages()).toHaveLength(1);
  expect(outside).toEqual([]);
});

test('closing the provider’s logout window early says what is and is not signed out', async ({ app, page }) => {
  await app.resetViewer('judy');
  await app.goto();
  await app.signIn('judy');
  await app.watchThroughProvider('News 24', 'Skyline Cable', 'sky-basic');
  await app.expectPlaying(1);
  await page.getByRole('button', { name: 'Account' }).click();
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign out of Skyline Cable' }).click();
  const popup = await popupPromise;
  await expect(popup.getByRole('heading', { name: 'Sign out of Skyline Cable?' })).toBeVisible();
  await popup.close();
  await expect(page.getByRole('status').filter({ hasText: /Skyline Cable/ })).toContainText('may still remember you');
});
