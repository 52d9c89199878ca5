// Journey 2 of the SPEC: SSO on a second app/device. A second browser context (new
// device id) signs in as the same viewer and plays with no MVPD login at all.
import { expect, test } from './fixtures.ts';
import { AppPage } from './pages/app.page.ts';

test('a second device finds the SSO profile and plays without an MVPD login', async ({ app, browser }) => {
  await app.resetViewer('dave');
  await app.goto();
  await app.signIn('dave');
  await app.watch('News 24');
  const mvpd = await app.pickProvider('Skyline Cable');
  await mvpd.signIn('sky-basic');
  await app.expectPlaying(1);

  const context = await browser.newContext();
  const second = new AppPage(await context.newPage());
  const popups: string[] = [];
  second.page.on('popup', (p) => popups.push(p.url()));
  await second.goto();
  await second.signIn('dave');
  await second.watch('News 24');
  await second.expectPlaying(2);
  expect(popups).toEqual([]);
  await expect(second.page.getByRole('button', { name: 'Skyline Cable' })).toHaveCount(0);

  await second.page.getByRole('button', { name: 'Account' }).click();
  const row = second.page.getByRole('row', { name: /Skyline/ });
  await expect(row).toContainText('Shared from another device (SSO)');
  const firstDevice = await app.page.locator('footer code').textContent();
  const secondDevice = await second.page.locator('footer code').textContent();
  expect(secondDevice).not.toBe(firstDevice);
  await context.close();
});
