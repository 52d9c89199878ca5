// The SPEC's journeys against a running Playgate, state set up only through its admin API,
// each test cleaning up after itself (kit fixtures).
import { test, expect } from '../fixtures.ts';
import { KitAppPage } from '../kit-app.page.ts';
import { ProviderLoginPage } from '../../pages/provider-login.page.ts';

test('TV Everywhere, first login: the MVPD sign-in is always shown, then it plays', async ({ app, qa, deployment, cleanup }) => {
  const viewer = deployment.personas.tve;
  cleanup.viewer(viewer);
  await qa.resetViewer({ subject: viewer });
  await app.goto();
  await app.signIn(viewer);
  await app.watch('News 24');
  await app.signInWithProvider('Skyline Cable', 'sky-basic');
  await app.expectPlaying(1);
});

test('SSO on a second device: the profile is found through the SSO identity, no MVPD sign-in', async ({ app, qa, deployment, cleanup, browser }) => {
  const viewer = deployment.personas.tve;
  cleanup.viewer(viewer);
  await qa.resetViewer({ subject: viewer });
  await app.goto();
  await app.signIn(viewer);
  await app.watch('News 24');
  await app.signInWithProvider('Skyline Cable', 'sky-basic');
  await expect(app.player()).toBeVisible();

  const context = await browser.newContext({ baseURL: deployment.baseUrl });
  try {
    const second = new KitAppPage(await context.newPage(), deployment);
    await second.goto();
    await second.signIn(viewer);
    await second.watch('News 24');
    await second.expectPlaying(1);
    await expect(second.page.getByRole('button', { name: 'Skyline Cable' })).toHaveCount(0);
    const device = await second.deviceId();
    if (device) cleanup.devices(device);
  } finally {
    await context.close();
  }
});

test('Deny, not in package: Sports One with a basic subscriber says so', async ({ app, page, qa, deployment, cleanup }) => {
  const viewer = deployment.personas.tve;
  cleanup.viewer(viewer);
  await qa.resetViewer({ subject: viewer });
  await app.goto();
  await app.signIn(viewer);
  await app.watch('Sports One');
  await app.signInWithProvider('Skyline Cable', 'sky-basic');
  await expect(page.getByRole('alert')).toContainText('authorization_denied_by_mvpd');
  await expect(app.player()).toHaveCount(0);
});

test('Deny, provider down: a retry, which plays once the provider is back', async ({ app, page, qa, deployment, cleanup }) => {
  const viewer = deployment.personas.tve;
  cleanup.viewer(viewer);
  cleanup.mvpdModes();
  await qa.resetViewer({ subject: viewer });
  await qa.setMvpdMode('Harbor', { mode: 'down' });
  await app.goto();
  await app.signIn(viewer);
  await app.watch('News 24');
  await app.signInWithProvider('Harbor Broadband', 'harbor-basic');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Your TV provider had a problem');
  await qa.setMvpdMode('Harbor', { mode: 'normal' });
  await alert.getByRole('button', { name: 'Try again' }).click();
  await app.expectPlaying(1);
});

test('Profile expired: after the admin API ends it, Watch asks for the TV provider again', async ({ app, page, qa, deployment, cleanup }) => {
  const viewer = deployment.personas.tve;
  cleanup.viewer(viewer);
  await qa.resetViewer({ subject: viewer });
  await app.goto();
  await app.signIn(viewer);
  await app.watch('News 24');
  await app.signInWithProvider('Skyline Cable', 'sky-basic');
  await expect(app.player()).toBeVisible();
  expect(await qa.expireProfiles({ subject: viewer })).toBe(1);
  await page.reload();
  await app.watch('News 24');
  await expect(page.getByRole('button', { name: 'Skyline Cable' })).toBeVisible();
});

test('Direct entitlement: the premium role plays Premium Doc with no TV provider', async ({ app, qa, deployment, cleanup }) => {
  const viewer = deployment.personas.premium;
  cleanup.viewer(viewer);
  await qa.resetViewer({ subject: viewer });
  await app.goto();
  await app.signIn(viewer);
  await app.watch('Premium Doc');
  await app.expectPlaying(1);
});

test('Direct entitlement: an internal purchase plays Fight Night; a viewer without one is refused', async ({ app, qa, deployment, cleanup, browser }) => {
  const buyer = deployment.personas.purchase;
  cleanup.viewer(buyer);
  // The reset puts the demo grants back: the purchase is there whatever a former run did.
  expect((await qa.resetViewer({ subject: buyer })).grantsRestored).toBeGreaterThan(0);
  await app.goto();
  await app.signIn(buyer);
  await app.watch('Fight Night');
  await app.expectPlaying(1);

  const context = await browser.newContext({ baseURL: deployment.baseUrl });
  try {
    const other = new KitAppPage(await context.newPage(), deployment);
    await other.goto();
    await other.signIn(deployment.personas.free);
    await other.watch('Fight Night');
    await expect(other.page.getByRole('alert')).toContainText('no_entitlement');
    await expect(other.player()).toHaveCount(0);
    const device = await other.deviceId();
    if (device) cleanup.devices(device);
  } finally {
    await context.close();
  }
});

test('Publisher SSO: the publisher’s token is traded for a viewer JWT that plays the Trailer', async ({ app, page, deployment, cleanup }) => {
  test.skip(deployment.appConfig.publisherSso === null, 'this deployment has no publisher SSO');
  const viewer = deployment.personas.premium;
  cleanup.viewer(viewer);
  await app.goto();
  await page.getByText('Other ways to sign in').click();
  await page.getByRole('button', { name: 'Sign in with your publisher account' }).click();
  await page.waitForURL((u) => u.origin === deployment.idpOrigin);
  await new ProviderLoginPage(page).signIn(viewer, deployment.viewerPassword);
  await expect(page.getByText('publisher SSO')).toBeVisible();
  await app.watch('Trailer');
  await app.expectPlaying(1);
});

test('Logout: MVPD logout deletes the profile and stops playback', async ({ app, page, qa, deployment, cleanup }) => {
  const viewer = deployment.personas.tve;
  cleanup.viewer(viewer);
  await qa.resetViewer({ subject: viewer });
  await app.goto();
  await app.signIn(viewer);
  await app.watch('News 24');
  await app.signInWithProvider('Skyline Cable', 'sky-basic');
  await expect(app.player()).toBeVisible();
  await page.getByRole('button', { name: 'Account' }).click();
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign out of Skyline Cable' }).click();
  // The provider's own logout page asks, then closes itself.
  const popup = await popupPromise;
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Yes, sign me out' }).click();
  await closed;
  await expect(page.getByRole('status').filter({ hasText: 'Signed out of Skyline Cable.' })).toBeVisible();
  await expect(app.player()).toHaveCount(0);
});
