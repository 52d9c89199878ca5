// MVPD obligations in the web app, against the real simulator: a home-based subscriber
// signs in at home without a password and is told to upgrade their package, naming it;
// a Permit with re-authz is re-authorized during playback without a stall.
import { expect, test } from './fixtures.ts';

const ADMIN = { authorization: 'Bearer playgate-admin-dev-token' };

test('at home, sky-home signs in without a password; Sports One says "Upgrade your package" and names the Skyline Sports Pack', async ({ app, page }) => {
  const setHome = async (homeNetwork: string | null) => {
    const res = await page.request.put('/admin/qa/mvpd-modes/Skyline', { headers: ADMIN, data: { mode: 'normal', homeNetwork } });
    expect(res.ok()).toBe(true);
  };
  await app.resetViewer('uma');
  await setHome('sky-home');
  try {
    await app.goto();
    await app.signIn('uma');
    await app.watch('Sports One');
    const mvpd = await app.pickProvider('Skyline Cable');
    await expect(mvpd.page.getByText('no password needed')).toBeVisible();
    const closed = mvpd.page.waitForEvent('close');
    await mvpd.page.getByRole('button', { name: 'Continue as sky-home' }).click();
    await closed;
    const alert = page.getByRole('alert');
    await expect(alert.getByRole('heading', { name: 'Upgrade your package' })).toBeVisible();
    await expect(alert).toContainText('Sports One is in Skyline Sports Pack. Upgrade your package with Skyline Cable to add Skyline Sports Pack and watch it.');
    await expect(alert).toContainText('authorization_denied_by_mvpd');
    await expect(app.player()).toHaveCount(0);
  } finally {
    await setHome(null);
  }
});

test('a Permit with re-authz after 4 s: the app re-authorizes twice during playback, and the video never stalls', async ({ app, page }) => {
  const authorizations: number[] = [];
  page.on('response', (res) => {
    if (res.request().method() === 'POST' && res.url().includes('/decisions/authorize/MetroFiber')) authorizations.push(Date.now());
  });
  await app.resetViewer('rex');
  await app.goto();
  await app.signIn('rex');
  await app.watchThroughProvider('News 24', 'Metro Fiber TV', 'metro-reauthz');
  await app.expectPlaying(1);
  await expect(page.getByTestId('reauthz-status')).toContainText('Metro Fiber TV asks to check your access again every 4 s');
  const video = app.player().locator('video');
  // Mark this element and sample its clock every 250 ms: a reload or a stall would show.
  await video.evaluate((v: HTMLVideoElement & { samples?: Array<[number, number]> }) => {
    v.dataset.first = 'yes';
    v.samples = [];
    setInterval(() => v.samples!.push([performance.now(), v.currentTime]), 250);
  });
  // Under load the first re-authorization may already be behind us: wait for the next two from here.
  const status = page.getByTestId('reauthz-status');
  const before = Number(await status.getAttribute('data-reauthorized'));
  await expect(status).toHaveAttribute('data-reauthorized', String(before + 2), { timeout: 20_000 });
  await page.waitForTimeout(1000); // one more second of samples after the last re-authorization
  // The first decision, then one authorize call per re-authorization.
  expect(authorizations.length).toBeGreaterThanOrEqual(1 + before + 2);
  const { samples, same, paused } = await video.evaluate((v: HTMLVideoElement & { samples?: Array<[number, number]> }) => ({ samples: v.samples!, same: v.dataset.first === 'yes', paused: v.paused }));
  expect(same).toBe(true);
  expect(paused).toBe(false);
  expect(samples.length).toBeGreaterThan(20);
  // Across every second of the window the position moved on (no stall), and never went back.
  for (let i = 4; i < samples.length; i++) {
    expect(samples[i]![1], `at sample ${i}`).toBeGreaterThan(samples[i - 4]![1]);
    expect(samples[i]![1]).toBeGreaterThanOrEqual(samples[i - 1]![1]);
  }
  expect(samples.at(-1)![1] - samples[0]![1]).toBeGreaterThan(6);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(status).toContainText(`Checked again ${before + 2} times`);
});

test('re-authz enforces: once the TV provider sign-in is gone, the next re-authorization stops playback and says why', async ({ app, page }) => {
  await app.resetViewer('rita');
  await app.goto();
  await app.signIn('rita');
  await app.watchThroughProvider('News 24', 'Metro Fiber TV', 'metro-reauthz');
  await app.expectPlaying(1);
  await expect(page.getByTestId('reauthz-status')).toHaveAttribute('data-reauthorized', '1', { timeout: 10_000 });
  // The operator removes the viewer's profiles: the next check (within 4 s) finds none.
  await app.resetViewer('rita');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('authenticated_profile_missing', { timeout: 10_000 });
  await expect(alert.getByRole('button', { name: 'Sign in with your TV provider' })).toBeVisible();
  await expect(app.player()).toHaveCount(0);
});
