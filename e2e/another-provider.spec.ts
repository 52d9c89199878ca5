// "Try another TV provider" after a Deny, in a browser that already signed in with one:
// the second provider's login must finish (issue 13, item 1).
import { expect, test } from './fixtures.ts';

test('after a package Deny with Skyline, Metro Fiber TV signs in in the same browser and plays', async ({ app, page }) => {
  await app.resetViewer('ivan');
  await app.goto();
  await app.signIn('ivan');
  await app.watch('Sports One');
  const sky = await app.pickProvider('Skyline Cable');
  const skyClosed = sky.page.waitForEvent('close');
  await sky.signIn('sky-basic');
  await skyClosed;
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Not in your package');
  await alert.getByRole('button', { name: 'Try another TV provider' }).click();

  const metro = await app.pickProvider('Metro Fiber TV');
  await metro.expectProvider('Sign in to Metro Fiber TV');
  const metroClosed = metro.page.waitForEvent('close');
  await metro.signIn('metro-all');
  await metroClosed;
  await app.expectPlaying(1);
});
