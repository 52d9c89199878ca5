// Stream limits (Concurrency Monitoring): a Metro Fiber account plays 2 streams at once.
// Three devices (browser contexts) of one viewer: two play; the third sees "You're watching
// on too many devices" with the other two, stops the oldest and plays; the evicted player
// stops and says where the stream went; the second device plays on undisturbed.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { AppPage } from './pages/app.page.ts';


/** axe (serious or critical) on one region of the page. */
async function expectAccessible(page: Page, include: string) {
  const { violations } = await new AxeBuilder({ page }).setLegacyMode().include(include).analyze();
  const found = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
  expect(found, `axe on ${include}`).toEqual([]);
}

const VIEWER = 'ian';
const SUBSCRIBER = 'metro-family';

test('a third device over the limit stops the oldest stream and watches; the evicted one is told where it went', async ({ app, browser }) => {
  test.setTimeout(90_000);
  await app.resetViewer(VIEWER);
  await app.goto();
  await app.signIn(VIEWER);
  await app.watchThroughProvider('News 24', 'Metro Fiber TV', SUBSCRIBER);
  await app.expectPlaying(1);

  // The other two devices find the viewer's SSO profile: no TV provider login.
  const devices: AppPage[] = [];
  for (let i = 0; i < 2; i++) {
    const device = new AppPage(await (await browser.newContext()).newPage());
    await device.goto();
    await device.signIn(VIEWER);
    devices.push(device);
  }
  const [second, third] = devices as [AppPage, AppPage];
  await second.watch('News 24');
  await second.expectPlaying(1);
  await third.watch('News 24');

  // The third device: over the limit, no player, the two other streams listed.
  const card = third.page.getByRole('alert').filter({ has: third.page.getByRole('heading', { name: "You're watching on too many devices" }) });
  await expect(card).toBeVisible();
  await expect(card).toContainText('can play 2 streams at once');
  await expect(third.player()).toHaveCount(0);
  const streams = card.getByRole('list', { name: 'Streams playing now' }).getByRole('listitem');
  await expect(streams).toHaveCount(2);
  await expect(streams.first()).toContainText('News 24');
  const firstDeviceName = (await streams.first().locator('strong').textContent())!;
  const secondDeviceName = (await streams.nth(1).locator('strong').textContent())!;
  expect(firstDeviceName).not.toBe(secondDeviceName);
  await expectAccessible(third.page, '.stream-limit');

  // Stop the oldest (the first device's) and watch here.
  await streams.first().getByRole('button', { name: /^Stop that one and watch here/ }).click();
  await third.expectPlaying(1);

  // The first device learns at its next heartbeat (≤ 5 s): its player is gone, and it says where the stream went.
  const moved = app.page.getByRole('alert').filter({ has: app.page.getByRole('heading', { name: 'Your stream moved to another device' }) });
  await expect(moved).toBeVisible({ timeout: 15_000 });
  await expect(moved).toContainText('News 24 stopped here because it is now playing on');
  await expect(moved).toContainText('Playgate web');
  await expect(moved).not.toContainText(firstDeviceName);
  await expect(app.player()).toHaveCount(0);
  await expectAccessible(app.page, '.stream-limit');

  // The second device was never interrupted.
  await expect(second.player()).toHaveCount(1);
  const t = await second.currentTime();
  await expect.poll(() => second.currentTime(), { timeout: 15_000 }).toBeGreaterThan(t);

  // Watching again on the first device: over the limit again, now listing the second and third.
  await moved.getByRole('button', { name: 'Watch here again' }).click();
  await expect(app.page.getByRole('heading', { name: "You're watching on too many devices" })).toBeVisible();
  await expect(app.page.getByRole('listitem').filter({ hasText: secondDeviceName })).toHaveCount(1);

  for (const d of devices) await d.page.context().close();
});
