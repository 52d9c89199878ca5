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
