// Degraded access from the test console (issue 15): QA turns AuthNAll on for Northwind
// Satellite and a viewer watches without signing in at the provider; AuthZNone turns the
// provider's Permit into Adobe's degradation Deny; off brings the provider's sign-in back.
// Each change goes through the real /admin/degradation API and is read back from it.
import { test, expect } from './fixtures.ts';
import { expectAccessible, TestConsolePage } from './pages/test-console.page.ts';
import { DegradationControlsPage } from './pages/degradation-controls.page.ts';

const ADMIN_TOKEN = 'playgate-admin-dev-token';
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const VIEWER = 'dora';

test.afterEach(async ({ page }) => {
  // Leave Northwind without a rule for the other specs (404 when there is none: fine).
  await page.request.delete('/admin/degradation/Northwind', { headers: ADMIN });
  await page.request.delete(`/admin/profiles?subject=${VIEWER}`, { headers: ADMIN });
});

test('QA turns degraded access on and off per provider from the test console, and viewers see it', async ({ app, page }) => {
  const rules = async () => ((await (await page.request.get('/admin/degradation', { headers: ADMIN })).json()) as { rules: Array<{ mvpd: string; rule: string; active: boolean }> }).rules;
  await app.goto();
  await app.resetViewer(VIEWER);
  await app.signIn(VIEWER);
  const qa = new TestConsolePage(page);
  const degradation = new DegradationControlsPage(qa.region());

  // AuthNAll: no provider sign-in; the title plays at once (the popup closes by itself).
  await qa.open(ADMIN_TOKEN);
  await expect(degradation.inForce('Northwind Satellite')).toHaveText('off');
  await degradation.set('Northwind Satellite', 'AuthNAll');
  await expect(qa.status()).toHaveText(/^Northwind Satellite: AuthNAll — no provider sign-in/);
  await expect(degradation.inForce('Northwind Satellite')).toHaveText('AuthNAll');
  expect(await rules()).toContainEqual(expect.objectContaining({ mvpd: 'Northwind', rule: 'AuthNAll', active: true }));
  await expectAccessible(page, '#test-console');
  await qa.close();
  await app.watch('News 24');
  await page.getByRole('button', { name: 'Northwind Satellite' }).click();
  await expect(app.player()).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Close' }).first().click();

  // AuthZNone: the viewer signs in at the provider, and the decision is the degradation Deny.
  await qa.open(ADMIN_TOKEN);
  await degradation.set('Northwind Satellite', 'AuthZNone');
  await expect(degradation.inForce('Northwind Satellite')).toHaveText('AuthZNone');
  expect(await rules()).toContainEqual(expect.objectContaining({ mvpd: 'Northwind', rule: 'AuthZNone', active: true }));
  await qa.close();
  await app.watchThroughProvider('News 24', 'Northwind Satellite', 'north-short');
  await expect(page.getByText('Not available from this TV provider right now')).toBeVisible({ timeout: 15_000 });
  await expect(app.player()).toBeHidden();

  // Off: the rule is gone from the API too.
  await qa.open(ADMIN_TOKEN);
  await degradation.set('Northwind Satellite', 'off');
  await expect(qa.status()).toHaveText(/^Northwind Satellite: no degradation rule/);
  await expect(degradation.inForce('Northwind Satellite')).toHaveText('off');
  expect((await rules()).filter((r) => r.mvpd === 'Northwind')).toEqual([]);
});
