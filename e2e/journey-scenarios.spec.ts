// Scenarios of the journey view set up their own state through the QA admin API: "TV
// Everywhere, first login" shows the MVPD login even for a viewer who already had a profile,
// and a scenario about another viewer says whom to sign in as instead of running.
import { test, expect } from './fixtures.ts';
import { JourneyPage } from './pages/journey.page.ts';

const VIEWER = 'piper';
const ADMIN = { authorization: 'Bearer playgate-admin-dev-token' };

test.afterEach(async ({ page }) => {
  await page.request.post('/admin/qa/viewers/reset', { headers: ADMIN, data: { subject: VIEWER } });
});

test('“TV Everywhere, first login” resets the viewer first, so the MVPD login is shown again', async ({ app, page }) => {
  await app.resetViewer(VIEWER);
  await app.goto();
  await app.signIn(VIEWER);
  await app.watchThroughProvider('News 24', 'Skyline Cable', 'sky-basic');
  await expect(app.player()).toBeVisible();

  const journey = new JourneyPage(page);
  await journey.open();
  await journey.region().getByLabel('Admin token').fill('playgate-admin-dev-token');
  await journey.region().getByRole('button', { name: 'Use for scenarios' }).click();
  await journey.startScenario('TV Everywhere, first login');
  await expect(journey.region().getByRole('status')).toContainText(`Set up: reset ${VIEWER}: 1 profile(s)`);
  await expect(journey.region().getByRole('status')).toContainText('Skyline Cable normal');
  // The profile is gone: the picker, not the player.
  await expect(page.getByRole('button', { name: 'Skyline Cable' })).toBeVisible();
  const mvpd = await app.pickProvider('Skyline Cable');
  await mvpd.expectProvider(/Sign in to Skyline Cable/);

  await journey.startScenario('Internal purchase');
  await expect(journey.region().getByRole('status')).toHaveText(/is about carol: use “Switch viewer”, sign in as carol/);
});
