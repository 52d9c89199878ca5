// The MVPD popup always settles: blocked (retry from a new click), closed by the viewer.
import { expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

test('a blocked popup is explained, and a new click opens it', async ({ app, page }) => {
  await app.resetViewer('grace');
  // Block popups the way a browser does: window.open returns null.
  await page.addInitScript(() => {
    const real = window.open.bind(window);
    (window as unknown as { __allowPopups: () => void }).__allowPopups = () => (window.open = real);
    window.open = () => null;
  });
  await app.goto();
  await app.signIn('grace');
  await app.watch('News 24');
  await page.getByRole('button', { name: 'Skyline Cable' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Your browser blocked the sign-in window.');
  await expect(alert.getByRole('button', { name: 'Open the sign-in window' })).toBeFocused();
  await page.evaluate(() => (window as unknown as { __allowPopups: () => void }).__allowPopups());
  const popupPromise = page.waitForEvent('popup');
  await alert.getByRole('button', { name: 'Open the sign-in window' }).click();
  const popup = await popupPromise;
  await expect(popup.getByRole('heading', { name: 'Sign in to Skyline Cable' })).toBeVisible();
  await popup.close();
});

test('closing the popup settles as closed, with a retry', async ({ app, page }) => {
  await app.resetViewer('grace');
  await app.goto();
  await app.signIn('grace');
  await app.watch('News 24');
  const mvpd = await app.pickProvider('Skyline Cable');
  await mvpd.expectProvider('Sign in to Skyline Cable');
  await expect(page.getByRole('status')).toContainText('Sign in with Skyline Cable in the window that opened');
  await mvpd.page.close();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The sign-in window was closed before you finished.');
  // Focus moves to the way forward.
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeFocused();
  await expect(alert.getByRole('button', { name: 'Choose another provider' })).toBeVisible();
});

test('the pages the popup needs send no opener policy that severs it (same-origin-allow-popups on the opener only)', async ({ request }) => {
  expect((await request.get('/')).headers()['cross-origin-opener-policy']).toBe('same-origin-allow-popups');
  expect((await request.get('/mvpd-done')).headers()['cross-origin-opener-policy']).toBeUndefined();
});
