// Every screen laid out for a phone (issue 13, item 8): at 390×844 nothing is wider than the
// viewport (no element reaches past its right edge, no sideways scrolling) and the header
// stays one compact bar.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

/** Elements whose box reaches past the viewport's right edge (or the left), named for the message. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width) out.push(`document scrollWidth ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest('.visually-hidden')) continue;
      // Inside a scroll container of its own (a wide table that scrolls) is fine.
      if (el.parentElement?.closest('.scroll-x')) continue;
      if (r.right > width + 0.5 || r.left < -0.5) out.push(`${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
    return out;
  });
}

async function expectFits(page: Page, screen: string) {
  expect.soft(await overflowing(page), `overflow on ${screen}`).toEqual([]);
}

test('phone: signed out, catalog, picker, popup wait, player, Account — nothing overflows, a compact header', async ({ app, page }) => {
  await app.resetViewer('kate');
  await app.goto();
  await expectFits(page, 'the signed-out home');
  await page.getByText('Other ways to sign in').click();
  await expectFits(page, 'the sign-in options');

  await app.signIn('kate');
  const header = await page.getByRole('banner').boundingBox();
  expect(header!.height, 'header height on a phone').toBeLessThanOrEqual(120);
  await expectFits(page, 'the catalog');

  await app.watch('News 24');
  await expect(page.getByRole('button', { name: 'Skyline Cable' })).toBeVisible();
  await expectFits(page, 'the TV provider picker');
  const mvpd = await app.pickProvider('Skyline Cable');
  await expect(page.getByRole('status').filter({ hasText: 'in the window that opened' })).toBeVisible();
  await expectFits(page, 'the popup waiting state');
  const closed = mvpd.page.waitForEvent('close');
  await mvpd.signIn('sky-basic');
  await closed;
  await app.expectPlaying(1);
  await expectFits(page, 'the player');

  await page.getByRole('button', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await expectFits(page, 'the Account panel');
  for (const name of ['Open as a second device', 'Sign out of Skyline Cable']) {
    const box = await page.getByRole('button', { name }).boundingBox();
    expect(box!.x + box!.width, `${name} within the screen`).toBeLessThanOrEqual(390);
  }

  await page.getByRole('button', { name: 'Journey' }).click();
  await expectFits(page, 'the journey view');
});
