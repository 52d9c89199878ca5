// A second device looks like one (issue 13, item 9): the window opened from Account is marked
// as a second device, and its player says the TV provider sign-in came through single
// sign-on from another device — no picker, no popup.
import { expect, test } from './fixtures.ts';
import { AppPage } from './pages/app.page.ts';

test('“Open as a second device” is marked, and its player says the profile came from SSO on another device', async ({ app, page, context }) => {
  await app.resetViewer('mona');
  await app.goto();
  await app.signIn('mona');
  await app.watchThroughProvider('News 24', 'Skyline Cable', 'sky-basic');
  await app.expectPlaying(1);
  await expect(page.getByTestId('sso-note')).toHaveCount(0);
  await expect(page.getByTestId('second-device-mark')).toHaveCount(0);

  await page.getByRole('button', { name: 'Account' }).click();
  const opened = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Open as a second device' }).click();
  const second = new AppPage(await opened);
  const popups: string[] = [];
  second.page.on('popup', (p) => popups.push(p.url()));
  await expect(second.page.getByRole('banner').getByText('Second device')).toBeVisible();
  await expect(second.page).toHaveTitle(/^Second device · /);
  await expect(second.page.getByText('Signed in as')).toBeVisible();
  const firstId = await page.locator('footer code').textContent();
  await expect(second.page.locator('footer')).toContainText('Second device');
  expect(await second.page.locator('footer code').textContent()).not.toBe(firstId);

  await second.watch('News 24');
  await second.expectPlaying(1);
  await expect(second.page.getByTestId('sso-note')).toHaveText(
    'No TV provider sign-in was needed here: you signed in with Skyline Cable on another device, and single sign-on shares it with this one.',
  );
  expect(popups).toEqual([]);
  // The first window stays the first device.
  await expect(page.getByTestId('second-device-mark')).toHaveCount(0);
});
