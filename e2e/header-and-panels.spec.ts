// What a TV Everywhere site gets right (issue 13, item 10): the provider's logo in the header
// while a profile is active, and Account and the player never stacked with two Close buttons.
// (The real 404 page is e2e/not-found.spec.ts.)
import { expect, test } from './fixtures.ts';

test('the TV provider’s logo shows in the header while a profile is active; one panel, one Close', async ({ app, page }) => {
  await app.resetViewer('nick');
  await app.goto();
  await app.signIn('nick');
  const header = page.getByRole('banner');
  await expect(header.getByTestId('provider-badge')).toHaveCount(0);
  await app.watchThroughProvider('News 24', 'Harbor Broadband', 'harbor-basic');
  await app.expectPlaying(1);
  await expect(header.getByRole('img', { name: 'Harbor Broadband' })).toHaveAttribute('src', /harbor\.svg$/);

  const closeButtons = page.getByRole('main').getByRole('button', { name: 'Close' });
  await expect(closeButtons).toHaveCount(1);
  await page.getByRole('button', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await expect(closeButtons).toHaveCount(1);
  await expect(app.player()).toHaveCount(0);
  // Watching again closes Account: still one Close.
  await app.watch('News 24');
  await expect(page.getByRole('heading', { name: 'Your account' })).toHaveCount(0);
  await expect(closeButtons).toHaveCount(1);
  await app.expectPlaying(1);

  // Signing out of the provider removes its mark from the header.
  await page.getByRole('button', { name: 'Account' }).click();
  await page.getByRole('button', { name: 'Sign out of Harbor Broadband' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Signed out of Harbor Broadband.' })).toBeVisible();
  await expect(header.getByTestId('provider-badge')).toHaveCount(0);
});
