// The operations dashboard after real journeys: the figures it draws are the monitoring
// API's for the same window; and the reference app, having made those journeys, has no
// conformance warning.
import { expect, test } from './fixtures.ts';
import { DashboardPage } from './pages/dashboard.page.ts';

const ADMIN_TOKEN = 'playgate-admin-dev-token';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

test('after a Permit and a Deny, the dashboard shows the API figures, and the app broke no REST v2 rule', async ({ app, page, context }) => {
  await app.resetViewer('dana');
  await app.goto();
  await app.signIn('dana');
  await app.watch('News 24');
  const mvpd = await app.pickProvider('Skyline Cable');
  const closed = mvpd.page.waitForEvent('close');
  await mvpd.signIn('sky-basic');
  await closed;
  await app.expectPlaying(1);
  await app.watch('Sports One');
  await expect(page.getByRole('alert')).toContainText('authorization_denied_by_mvpd');

  // The reference app follows Adobe's rules: its client has no warning.
  const client = await page.evaluate(() => JSON.parse(localStorage.getItem('playgate.dcrClient') ?? 'null') as { client_id: string } | null);
  expect(client?.client_id).toBeTruthy();
  const conformance = await page.request.get(`/playgate/v1/conformance/${client!.client_id}`, { headers: admin });
  expect(conformance.status()).toBe(200);
  expect((await conformance.json()).warnings).toEqual([]);

  const ops = new DashboardPage(await context.newPage());
  await ops.open(ADMIN_TOKEN);
  await expect(ops.chart('Authorization decisions per minute by result')).toBeVisible();
  await expect(ops.chart('Authorization decisions per minute by result').locator('canvas')).toHaveCount(1);
  const window = await ops.pause();
  const esm = async (path: string, params: Record<string, string>) => {
    const q = new URLSearchParams({ start: String(window.start), end: String(window.end), ...params });
    const res = await page.request.get(`/esm/v3${path}?${q}`, { headers: admin });
    expect(res.status()).toBe(200);
    return (await res.json()).report as Array<Record<string, string>>;
  };

  // At least this spec's own journeys are in the window; other specs may add theirs.
  const [totals] = await esm('', { metrics: 'authz-successful,authz-rejected,authz-failed,authn-attempts,authn-successful' });
  expect(Number(totals!['authz-successful'])).toBeGreaterThanOrEqual(1);
  expect(Number(totals!['authz-rejected'])).toBeGreaterThanOrEqual(1);
  expect(Number(totals!['authn-successful'])).toBeGreaterThanOrEqual(1);
  // The paused window keeps refreshing until late rows have landed: compare until both agree.
  const latest = async () => (await esm('', { metrics: 'authz-successful,authz-rejected,authz-failed,authn-attempts,authn-successful' }))[0]!;
  for (const [table, metric] of [
    ['decision-totals', 'authz-successful'],
    ['decision-totals', 'authz-rejected'],
    ['decision-totals', 'authz-failed'],
    ['authn-totals', 'authn-attempts'],
    ['authn-totals', 'authn-successful'],
  ] as const) {
    await expect.poll(async () => (await ops.total(table, metric).textContent()) === (await latest())[metric], { timeout: 15_000, message: `${table} ${metric}` }).toBe(true);
  }

  const reasons = (await esm('/reason', { metrics: 'authz-attempts', event: 'authz' })).filter((r) => r.reason).sort((a, b) => Number(b['authz-attempts']) - Number(a['authz-attempts']) || (a.reason! < b.reason! ? -1 : 1)).slice(0, 5);
  expect(reasons.map((r) => r.reason)).toContain('authorization_denied_by_mvpd');
  await expect.poll(async () => JSON.stringify(await ops.rows('deny-reasons')), { timeout: 15_000 }).toBe(JSON.stringify(reasons.map((r) => [r.reason, r['authz-attempts']])));

  const latency = (await esm('/mvpd', { metrics: 'authz-attempts,authz-latency-p50,authz-latency-p95', event: 'authz' })).filter((r) => r.mvpd && Number(r['authz-attempts']) > 0);
  expect(latency.map((r) => r.mvpd)).toContain('Skyline');
  await expect
    .poll(async () => JSON.stringify(await ops.rows('mvpd-latency')), { timeout: 15_000 })
    .toBe(JSON.stringify(latency.map((r) => [r.mvpd, r['authz-latency-p50'] || '—', r['authz-latency-p95'] || '—', r['authz-attempts']])));
});

test('the dashboard refuses a wrong admin token and asks again', async ({ page }) => {
  const ops = new DashboardPage(page);
  await page.goto('/dashboard');
  await page.getByLabel('Admin token').fill('not-the-token');
  await page.getByRole('button', { name: 'Open the dashboard' }).click();
  await expect(page.getByRole('alert')).toContainText('refused');
  await expect(page.getByLabel('Admin token')).toBeVisible();
  await ops.open(ADMIN_TOKEN);
});
