// Accessibility: axe (WCAG 2.x A/AA and best practices) on every screen of the app and on
// the providers' login pages; any violation with impact serious or critical fails, listed
// in the message. Also: the video player chunk is not fetched on the catalog.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { ProviderLoginPage } from './pages/provider-login.page.ts';

/** The e2e server's own viewer for this spec (playwright.config.ts): nobody else touches its profiles. */
const A11Y_VIEWER = 'a11y';

const PLAYER_CHUNK = /\/assets\/video-player-[^/]+\.js$/;

// Each axe run takes a few seconds on a busy two-core machine, and a test runs several.
test.describe.configure({ timeout: 120_000 });

async function expectNoSeriousViolations(page: Page, screen: string, include?: string) {
  // Legacy mode runs axe in the page itself, without a helper page per run: these screens
  // have no iframes (the only thing the default mode adds), and it is much faster.
  let builder = new AxeBuilder({ page }).setLegacyMode();
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  // One line per violation and element: rule, impact, what to fix, where.
  const found = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `[${v.impact}] ${v.id} — ${v.help} — at ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`));
  // Soft: one run lists the problems of every screen of a test, not just the first.
  expect.soft(found, `axe: serious or critical violations on ${screen}`).toEqual([]);
}

test('signed out: the home page and the sign-in panel, with the publisher option', async ({ app, page }) => {
  await app.goto();
  await expect(page.getByRole('heading', { name: 'Sign in to watch' })).toBeVisible();
  await page.getByText('Other ways to sign in').click();
  await expect(page.getByRole('button', { name: 'Sign in with your publisher account' })).toBeVisible();
  await expectNoSeriousViolations(page, 'the signed-out home');
  await expectNoSeriousViolations(page, 'the publisher sign-in panel', '.sign-in');
});

test('the IdP login page, with and without an error', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const idp = new ProviderLoginPage(page);
  await idp.expectProvider('Sign in to Playgate ID');
  await expectNoSeriousViolations(page, 'the IdP login page');
  await idp.signIn('alice', 'not-the-password');
  await expect(page.getByRole('alert')).toContainText('Wrong username or password');
  await expectNoSeriousViolations(page, 'the IdP login page with an error');
});

test('signed in: the catalog (without the player chunk), a Deny message, the account', async ({ app, page }) => {
  const playerRequests: string[] = [];
  page.on('request', (req) => {
    if (PLAYER_CHUNK.test(req.url())) playerRequests.push(req.url());
  });
  await app.goto();
  await app.signIn('bob');
  // Catalog badges come from pre-authorization: wait for them before judging the page.
  await expect(page.getByTestId('badge-premium-doc')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expectNoSeriousViolations(page, 'the signed-in catalog');
  expect(playerRequests, 'the video player chunk is not requested on the catalog').toEqual([]);

  await app.watch('Premium Doc');
  await expect(page.getByRole('alert')).toContainText('no_entitlement');
  await expectNoSeriousViolations(page, 'a Deny message');
  expect(playerRequests, 'no player chunk after a Deny either').toEqual([]);

  await page.getByRole('button', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await expectNoSeriousViolations(page, 'the account panel');
});

test('TV Everywhere: the MVPD picker, the popup waiting state, the MVPD login page, the player playing', async ({ app, page }) => {
  await app.resetViewer(A11Y_VIEWER);
  await app.goto();
  await app.signIn(A11Y_VIEWER);
  await app.watch('News 24');
  await expect(page.getByRole('button', { name: 'Skyline Cable' })).toBeVisible();
  await expectNoSeriousViolations(page, 'the MVPD picker');

  const mvpd = await app.pickProvider('Skyline Cable');
  await mvpd.expectProvider('Sign in to Skyline Cable');
  await expect(page.getByRole('status').filter({ hasText: 'in the window that opened' })).toBeVisible();
  await expectNoSeriousViolations(page, 'the popup waiting state');
  await expectNoSeriousViolations(mvpd.page, 'the MVPD login page');
  await mvpd.signIn('sky-basic', 'not-the-password');
  await expect(mvpd.page.getByRole('alert')).toContainText('Wrong username or password');
  await expectNoSeriousViolations(mvpd.page, 'the MVPD login page with an error');

  const closed = mvpd.page.waitForEvent('close');
  await mvpd.signIn('sky-basic');
  await closed;
  await app.expectPlaying(1);
  await expectNoSeriousViolations(page, 'the player playing');
});
