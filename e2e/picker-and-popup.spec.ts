// Paths of the TV provider picker and the sign-in popup that had no test (issue 13, item 11):
// search, arrow keys, the provider used last coming first, and a popup that times out.
import { expect, test } from './fixtures.ts';

// One viewer (quentin) across these, so they run in order.
test.describe.configure({ mode: 'serial' });

test('the picker: search narrows the list, arrow keys move between providers, the last one used comes first', async ({ app, page }) => {
  await app.resetViewer('quentin');
  await app.goto();
  await app.signIn('quentin');
  await app.watch('News 24');
  const providers = page.getByRole('list', { name: 'TV providers' }).getByRole('button');
  await expect(providers.first()).toBeVisible();
  const n = await providers.count();
  expect(n).toBeGreaterThan(2);

  const search = page.getByLabel('Find your TV provider');
  await search.fill('metro');
  await expect(providers).toHaveText([/Metro Fiber TV/]);
  await search.fill('zzz');
  await expect(providers).toHaveCount(0);
  await expect(page.getByRole('status')).toHaveText('No provider matches “zzz”.');
  await search.fill('');
  await expect(providers).toHaveCount(n);

  await providers.nth(0).focus();
  await page.keyboard.press('ArrowRight');
  await expect(providers.nth(1)).toBeFocused();
  await page.keyboard.press('End');
  await expect(providers.nth(n - 1)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(providers.nth(0)).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(providers.nth(n - 1)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(providers.nth(0)).toBeFocused();

  // Pick the last TV provider (free previews sign in without a popup), give up in the
  // popup, and choose again: it now comes first, marked.
  const names = await providers.allTextContents();
  const pick = names.findLastIndex((name) => !/free/i.test(name));
  const last = (await providers.nth(pick).locator('span').first().textContent())!.trim();
  const popupPromise = page.waitForEvent('popup');
  await providers.nth(pick).click();
  await (await popupPromise).close();
  await page.getByRole('button', { name: 'Choose another provider' }).click();
  await expect(providers.nth(0)).toContainText(last);
  await expect(providers.nth(0)).toContainText('Last used');
});

test('a sign-in popup left open past the code’s expiry settles as timed out, with a retry', async ({ app, page }) => {
  await page.clock.install();
  await app.resetViewer('quentin');
  await app.goto();
  await app.signIn('quentin');
  await app.watch('News 24');
  const mvpd = await app.pickProvider('Skyline Cable');
  await mvpd.expectProvider('Sign in to Skyline Cable');
  await expect(page.getByRole('status')).toContainText('in the window that opened');
  // The authentication code lives 30 minutes; the viewer walks away.
  await page.clock.fastForward('31:00');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The sign-in took too long and expired.');
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeFocused();
  await expect(alert.getByRole('button', { name: 'Choose another provider' })).toBeVisible();
});
