// The test console drives the QA admin API from the app: a wrong token is refused, MVPD
// modes are switched (Northwind: no other spec uses it), and the viewer actions change what
// the real Pass API answers next (expire → the provider picker again; a short lifetime is
// taken by the next provider sign-in).
import { test, expect } from './fixtures.ts';
import { expectAccessible, TestConsolePage } from './pages/test-console.page.ts';

const ADMIN_TOKEN = 'playgate-admin-dev-token';
const VIEWER = 'quinn';

test.afterEach(async ({ page }) => {
  await page.request.put('/admin/qa/mvpd-modes/Northwind', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, data: { mode: 'normal' } });
  await page.request.post('/admin/qa/viewers/reset', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, data: { subject: VIEWER } });
});

test('QA switches a provider, expires and resets the viewer from the test console', async ({ app, page }) => {
  await app.goto();
  await app.resetViewer(VIEWER);
  await app.signIn(VIEWER);
  const qa = new TestConsolePage(page);

  // A wrong token is refused and asked for again.
  await page.getByRole('button', { name: 'Test console' }).click();
  await qa.region().getByLabel('Admin token').fill('not-the-token');
  await qa.region().getByRole('button', { name: 'Unlock' }).click();
  await expect(qa.region().getByRole('alert')).toHaveText('That admin token was refused.');
  await qa.region().getByLabel('Admin token').fill(ADMIN_TOKEN);
  await qa.region().getByRole('button', { name: 'Unlock' }).click();
  await expect(qa.region().getByRole('heading', { name: 'TV providers' })).toBeVisible();

  // Slow beyond the 2 s timeout is named a timeout; the simulator holds the mode.
  await qa.setMode('Northwind Satellite', 'slow', 2500);
  await expect(qa.effectOf('Northwind Satellite')).toHaveText(/times out/);
  const modes = await page.request.get('/admin/qa/mvpd-modes', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect((await modes.json()).mvpds).toContainEqual(expect.objectContaining({ id: 'Northwind', mode: 'slow', slowMs: 2500 }));
  await qa.setMode('Northwind Satellite', 'down');
  await expect(qa.effectOf('Northwind Satellite')).toHaveText('down');
  await expectAccessible(page, '#test-console');

  // A short lifetime for the next provider sign-in, taken by it.
  await qa.shortLifetimes({ profile: 600, mediaToken: 45, decision: 30 });
  await expect(qa.status()).toHaveText('The next TV provider sign-in gets a profile of 600 s, media tokens of 45 s, decisions of 30 s.');
  await qa.close();
  // The Permit the app receives for News 24 after that sign-in.
  const permitted = page.waitForResponse(async (r) => r.url().includes('/decisions/authorize/Skyline') && r.ok() && (await r.json()).decisions?.[0]?.authorized === true);
  await app.watchThroughProvider('News 24', 'Skyline Cable', 'sky-basic');
  await expect(app.player()).toBeVisible();
  const pending = await page.request.get(`/admin/qa/lifetimes?subject=${VIEWER}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect((await pending.json()).overrides).toEqual([]);
  // The profile that sign-in saved carries them: a Permit now lasts 30 s, its media token 45 s.
  const permit = (await (await permitted).json()).decisions[0];
  expect(permit.notAfter - permit.notBefore).toBe(30_000);
  expect(permit.token.notAfter - permit.token.notBefore).toBe(45_000);

  // Expire the profile now: the next Watch asks for the provider again.
  await qa.open(ADMIN_TOKEN);
  await qa.act('Expire profiles now');
  await expect(qa.status()).toHaveText('1 profile(s) expired now.');
  await qa.close();
  await page.getByRole('button', { name: 'Close' }).first().click();
  await app.watch('News 24');
  await expect(page.getByRole('button', { name: 'Skyline Cable' })).toBeVisible();

  // Reset: the expired profile goes too.
  await qa.open(ADMIN_TOKEN);
  await qa.act('Reset viewer and device');
  await expect(qa.status()).toHaveText(/^Reset: 1 profile\(s\)/);
});
