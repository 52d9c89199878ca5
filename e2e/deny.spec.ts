// Journey 3 of the SPEC: Deny — each explained by its code, with the right next step.
import { expect, test } from './fixtures.ts';

const MVPD_ADMIN = (baseURL: string) => `http://localhost:${Number(new URL(baseURL).port) + 2}/admin/modes`;
const BASIC = `Basic ${Buffer.from('playgate-pass:dev-only-mvpd-client-secret-change-me').toString('base64')}`;

// One viewer (frank) across these, so they run in order.
test.describe.configure({ mode: 'serial' });

test('a parental limit blocks Late Movie, and says so', async ({ app, page }) => {
  await app.resetViewer('frank');
  await app.goto();
  await app.signIn('frank');
  await app.watch('Late Movie');
  const mvpd = await app.pickProvider('Skyline Cable');
  await mvpd.signIn('sky-kids');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Blocked by parental controls');
  await expect(alert).toContainText('authorization_denied_by_parental_controls');
  await expect(alert).toContainText('Late Movie is rated TV-MA. Parental controls on your Skyline Cable account allow up to TV-PG.');
  await expect(alert.getByRole('button', { name: 'Try another TV provider' })).toBeVisible();
  await expect(app.player()).toHaveCount(0);
  await expect(page.getByTestId('badge-late-movie')).toHaveText('Parental lock');
});

test('a provider that is down gets a retry, and the retry plays once it is back', async ({ app, page, baseURL }) => {
  const setMode = async (mode: string) => {
    const res = await page.request.put(`${MVPD_ADMIN(baseURL!)}/Harbor`, { headers: { authorization: BASIC }, data: { mode } });
    expect(res.ok()).toBe(true);
  };
  await app.resetViewer('frank');
  await setMode('down');
  try {
    await app.goto();
    await app.signIn('frank');
    await app.watch('News 24');
    const mvpd = await app.pickProvider('Harbor Broadband');
    await mvpd.signIn('harbor-basic');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Your TV provider had a problem');
    await setMode('normal');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await app.expectPlaying(1);
  } finally {
    await setMode('normal');
  }
});

test('the Playback API keeps the MVPD’s reason and action: not in package, provider down (retry), no TV provider sign-in', async ({ app, page, baseURL }) => {
  const setMode = async (mode: string) => {
    const res = await page.request.put(`${MVPD_ADMIN(baseURL!)}/Harbor`, { headers: { authorization: BASIC }, data: { mode } });
    expect(res.ok()).toBe(true);
  };
  // The app's own bearer and device, read from its pre-authorization call.
  const caller = page.waitForRequest((req) => req.url().endsWith('/playback/v1/preauthorize'));
  await app.resetViewer('frank');
  await app.goto();
  await app.signIn('frank');
  const headers = (await caller).headers();
  const play = (entry: string) => page.request.get(`/playback/v1/entry/${entry}`, { headers: { authorization: headers.authorization!, 'ap-device-identifier': headers['ap-device-identifier']! } });

  expect(await (await play('news-24')).json()).toMatchObject({ code: 'authenticated_profile_missing', status: 403, action: 'authentication' });
  await app.watchThroughProvider('News 24', 'Harbor Broadband', 'harbor-basic');
  await app.expectPlaying(1);
  const notInPackage = await play('sports-one');
  expect(notInPackage.status()).toBe(403);
  expect(await notInPackage.json()).toMatchObject({ code: 'authorization_denied_by_mvpd', action: 'none' });
  await setMode('down');
  try {
    const down = await play('late-movie');
    expect(down.status()).toBe(403);
    expect(await down.json()).toMatchObject({ code: 'network_received_error', action: 'retry' });
  } finally {
    await setMode('normal');
  }
  // No TV provider behind it: a direct title the viewer has nothing for is the one NO_ENTITLEMENT.
  expect(await (await play('premium-doc')).json()).toMatchObject({ code: 'NO_ENTITLEMENT', status: 403 });
});

test('a slow provider (slower than usual, within its timeout) still answers: the app waits and plays; slower than the timeout is a retry', async ({ app, page, baseURL }) => {
  const setMode = async (data: object) => {
    const res = await page.request.put(`${MVPD_ADMIN(baseURL!)}/Harbor`, { headers: { authorization: BASIC }, data });
    expect(res.ok()).toBe(true);
  };
  await app.resetViewer('frank');
  await app.goto();
  await app.signIn('frank');
  try {
    // Harbor's authorization timeout is 2 s: 1.2 s is slow, not down.
    await setMode({ mode: 'slow', slowMs: 1200 });
    await app.watchThroughProvider('News 24', 'Harbor Broadband', 'harbor-basic');
    await app.expectPlaying(1);
    await setMode({ mode: 'slow', slowMs: 3000 });
    await page.getByRole('button', { name: 'Close' }).click();
    await app.watch('Sports One');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Your TV provider is not answering');
    await expect(alert).toContainText('network_connection_timeout');
    await setMode({ mode: 'normal' });
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('alert')).toContainText('Not in your package');
  } finally {
    await setMode({ mode: 'normal' });
  }
});
