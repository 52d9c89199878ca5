// The "Logout" and "SSO on a second device" scenarios set up exactly what they need through
// the real QA admin API, then run: Logout with no TV provider profile first has the viewer
// sign in with one, then logs out of it (the profile really goes) and out of SSO; the second
// device starts as a fresh device (its own profiles reset, not the viewer's), drops the cached
// decisions so Playgate asks the MVPD again, finds the SSO profile and plays with no MVPD login.
import type { BrowserContext, Request } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { AppPage } from './pages/app.page.ts';
import { JourneyPage } from './pages/journey.page.ts';

const ADMIN = { authorization: 'Bearer playgate-admin-dev-token' };

/** The QA admin calls a page (or every page of a browser context) makes, with their bodies. */
function adminCalls(target: Pick<AppPage['page'], 'on'> | BrowserContext) {
  const calls: Array<{ method: string; path: string; body: unknown; page: unknown }> = [];
  (target as BrowserContext).on('request', (req: Request) => {
    const url = new URL(req.url());
    if (url.pathname.startsWith('/admin/qa/')) calls.push({ method: req.method(), path: url.pathname, body: req.postDataJSON() as unknown, page: req.frame().page() });
  });
  return calls;
}

async function useAdminToken(journey: JourneyPage) {
  await journey.region().getByLabel('Admin token').fill('playgate-admin-dev-token');
  await journey.region().getByRole('button', { name: 'Use for scenarios' }).click();
}

// Each test resets only its own viewer afterwards: the file's tests run in parallel
// (fullyParallel), and resetting both viewers after one test deleted the other's fresh TV
// provider profile mid-test (authenticated_profile_missing after the MVPD sign-in, in CI).
const VIEWER = 'viewer';
test.afterEach(async ({ page }, testInfo) => {
  for (const { description: subject } of testInfo.annotations.filter((a) => a.type === VIEWER)) {
    await page.request.post('/admin/qa/viewers/reset', { headers: ADMIN, data: { subject } });
  }
});

test('“Logout” with no TV provider profile: the sign-in comes first, then the logout removes the profile and signs out', async ({ app, page }) => {
  test.slow();
  test.info().annotations.push({ type: VIEWER, description: 'loretta' });
  await app.resetViewer('loretta');
  await app.goto();
  await app.signIn('loretta');
  const admin = adminCalls(page);
  const journey = new JourneyPage(page);
  await journey.open();
  await useAdminToken(journey);
  await journey.startScenario('Logout');
  // Set up through the admin API: the provider it signs in with is normal.
  await expect(journey.region().getByRole('status')).toContainText('Set up: Skyline Cable normal');
  await expect(journey.region().getByRole('status')).toContainText('needs a TV provider profile first');
  expect(admin).toContainEqual(expect.objectContaining({ method: 'PUT', path: '/admin/qa/mvpd-modes/Skyline', body: { mode: 'normal' } }));

  const profileHeaders = page.waitForRequest((req) => /\/api\/v2\/[^/]+\/profiles$/.test(req.url()));
  const logout = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/v2/PLAYGATE/logout/Skyline', { timeout: 30_000 });
  const mvpd = await app.pickProvider('Skyline Cable');
  const closed = mvpd.page.waitForEvent('close');
  await mvpd.signIn('sky-basic');
  await closed;
  const headers = (await profileHeaders).headers();

  // It carries on by itself: logout of Skyline, then the SSO sign-out (which navigates away at
  // once, so the journey's list is read after the app is back, not raced against the redirect).
  expect((await logout).status()).toBe(200);
  const confirm = page.getByRole('button', { name: 'Yes, sign out' });
  const signIn = page.getByRole('button', { name: 'Sign in', exact: true });
  await expect(confirm.or(signIn)).toBeVisible({ timeout: 20_000 });
  if (await confirm.isVisible()) await confirm.click();
  await expect(signIn).toBeVisible();
  // The journey view came back open with the sign-in redirect and tells the logout in order.
  await journey.expectCallsInOrder([/^App → Playgate GET \/api\/v2\/PLAYGATE\/logout\/Skyline 200\b/]);
  // The profile is really gone (asked with the device's own headers, no SSO token).
  const profiles = await page.request.get('/api/v2/PLAYGATE/profiles', { headers: { authorization: headers.authorization!, 'ap-device-identifier': headers['ap-device-identifier']! } });
  expect((await profiles.json()).profiles).toEqual({});
});

test('“SSO on a second device” opens a fresh device that finds the SSO profile, and Playgate asks the MVPD again', async ({ app, page, context }) => {
  test.slow();
  test.info().annotations.push({ type: VIEWER, description: 'sondra' });
  await app.resetViewer('sondra');
  await app.goto();
  await app.signIn('sondra');
  await app.watchThroughProvider('News 24', 'Skyline Cable', 'sky-basic');
  await expect(app.player()).toBeVisible();
  const firstDevice = await page.locator('footer code').textContent();

  const journey = new JourneyPage(page);
  await journey.open();
  await useAdminToken(journey);
  // Listened for on the context before the window opens: its set-up calls start at once.
  const contextAdmin = adminCalls(context);
  const opened = context.waitForEvent('page');
  await journey.startScenario('SSO on a second device');
  const second = new AppPage(await opened);
  const admin = { find: (match: (c: (typeof contextAdmin)[number]) => boolean) => contextAdmin.find((c) => c.page === second.page && match(c)) };
  const popups: string[] = [];
  second.page.on('popup', (p) => popups.push(p.url()));
  const secondJourney = new JourneyPage(second.page);
  await expect(secondJourney.region().getByRole('status')).toContainText(/Set up: fresh device: 0 profile\(s\) of its own, \d+ session\(s\) gone; \d+ cached decision\(s\) dropped; Skyline Cable normal/, { timeout: 20_000 });
  await second.expectPlaying(1);
  expect(popups).toEqual([]);
  const secondDevice = await second.page.locator('footer code').textContent();
  expect(secondDevice).not.toBe(firstDevice);

  // Exactly what it needs: this device only (not the viewer: that would delete the SSO profile it is about).
  const reset = admin.find((c) => c.path === '/admin/qa/viewers/reset');
  expect(reset?.body).toEqual({ deviceIds: [expect.any(String)], grants: false });
  expect(admin.find((c) => c.path === '/admin/qa/decision-cache/expire')?.body).toMatchObject({ subject: 'sondra', deviceIds: [expect.any(String)] });
  // The cached decision was dropped: the authorize asked Skyline. Its decision says Skyline
  // answered (not "from the decision cache"); the MVPD call is drawn inside Playgate's answer,
  // unless single flight joined it to the same question a catalog preauthorize had in flight.
  await secondJourney.expectCallsInOrder([/^App → Playgate POST \/api\/v2\/PLAYGATE\/decisions\/authorize\/Skyline 200\b.*Skyline answered Permit in \d+ ms/]);
  expect(await secondJourney.calls().filter({ hasText: 'decisions/authorize/Skyline' }).last().innerText()).not.toContain('from the decision cache');
  await second.page.getByRole('button', { name: 'Account' }).click();
  await expect(second.page.getByRole('row', { name: /Skyline/ })).toContainText('Shared from another device (SSO)');
});
