// An expired TV provider profile (issue 13, item 11): Northwind Satellite's sign-in lasts 20 s
// on the e2e server. Once it has expired the Pass API says so (authenticated_profile_expired,
// action authentication), Account no longer lists it, and Watch asks for the provider again.
import { expect, test } from './fixtures.ts';

test('a TV provider sign-in that expired is refused as expired, and the app asks to sign in with the provider again', async ({ app, page }) => {
  test.slow();
  await app.resetViewer('rosa');
  await app.goto();
  const profilesCall = page.waitForRequest((req) => /\/api\/v2\/[^/]+\/profiles$/.test(req.url()));
  await app.signIn('rosa');
  await app.watch('News 24');
  const headers = (await profilesCall).headers();
  const mvpd = await app.pickProvider('Northwind Satellite');
  const closed = mvpd.page.waitForEvent('close');
  await mvpd.signIn('north-short');
  await closed;
  await app.expectPlaying(1);
  const authorize = () =>
    page.request.post('/api/v2/PLAYGATE/decisions/authorize/Northwind', {
      headers: { authorization: headers.authorization!, 'ap-device-identifier': headers['ap-device-identifier']!, 'content-type': 'application/json' },
      data: { resources: ['news-24'] },
    });
  expect((await (await authorize()).json()).decisions[0]).toMatchObject({ authorized: true });

  await page.getByRole('button', { name: 'Close' }).click();
  // Past the 20 s sign-in: the decision says why, in Adobe's words.
  // A refusal of the whole request (no live profile at all) is the top-level error body.
  const refusal = async () => {
    const body = (await (await authorize()).json()) as { code?: string; action?: string; decisions?: Array<{ error?: { code: string; action: string } }> };
    return body.decisions?.[0]?.error ?? { code: body.code, action: body.action };
  };
  await expect.poll(async () => (await refusal()).code, { timeout: 40_000, intervals: [2_000] }).toBe('authenticated_profile_expired');
  expect(await refusal()).toMatchObject({ action: 'authentication' });
  await app.watch('News 24');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Your TV provider sign-in has expired');
  await expect(alert).toContainText('authenticated_profile_expired');
  await alert.getByRole('button', { name: 'Sign in with your TV provider' }).click();
  await expect(page.getByText('Sign in with your TV provider to watch News 24.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Northwind Satellite' })).toBeVisible();
  await expect(page.getByTestId('badge-news-24')).toHaveText('Needs your TV provider');
  await page.getByRole('button', { name: 'Account' }).click();
  await expect(page.getByText('None on this device.')).toBeVisible();
});
