// Free preview (TempPass): "Watch free for 15 seconds" in the TV provider picker plays with
// no provider login and a countdown; at the end the player stops and the viewer is told
// "Your free preview is over — sign in with your TV provider", which leads to the picker;
// the spent preview is refused if picked again.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** axe (serious or critical) on one region of the page. */
async function expectAccessible(page: Page, include: string) {
  const { violations } = await new AxeBuilder({ page }).setLegacyMode().include(include).analyze();
  const found = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
  expect(found, `axe on ${include}`).toEqual([]);
}

test('a short free preview plays, counts down, ends with the way to the TV provider sign-in', async ({ app, page }) => {
  test.setTimeout(90_000);
  await app.resetViewer('jade');
  await app.goto();
  await app.signIn('jade');
  await app.watch('Late Movie');
  const free = page.getByRole('button', { name: 'Watch free for 15 seconds' });
  await expect(free).toBeVisible();
  // The promotional preview needs an identity: not in the generic picker.
  await expect(page.getByRole('button', { name: /Promotional preview/ })).toHaveCount(0);
  await free.click();
  await app.expectPlaying(1);
  await expect(page.getByText(/Free preview: 0:\d\d left/)).toBeVisible();

  const over = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Your free preview is over — sign in with your TV provider' }) });
  await expect(over).toBeVisible({ timeout: 25_000 });
  await expect(app.player()).toHaveCount(0);
  await expectAccessible(page, '.watch');
  await over.getByRole('button', { name: 'Sign in with your TV provider' }).click();
  await expect(page.getByRole('button', { name: 'Metro Fiber TV' })).toBeVisible();

  // The preview is spent on this device: picking it again is Adobe's duration Deny.
  await page.getByRole('button', { name: 'Watch free for 15 seconds' }).click();
  await expect(page.getByRole('alert').getByRole('heading', { name: 'Your free preview is over — sign in with your TV provider' })).toBeVisible();
  await expect(app.player()).toHaveCount(0);
});
