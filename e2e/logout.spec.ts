// Journey 6 of the SPEC: MVPD logout (the profile goes, the player stops) and SSO
// sign-out (tokens forgotten here and the session ended at the IdP).
import { expect, test } from './fixtures.ts';

test('MVPD logout deletes the profile and stops playback; SSO sign-out forgets the viewer', async ({ app, page }) => {
  await app.resetViewer('erin');
  await app.goto();
  await app.signIn('erin');
  await app.watch('News 24');
  const mvpd = await app.pickProvider('Metro Fiber TV');
  await mvpd.signIn('metro-all');
  await app.expectPlaying(1);
  await expect(page.getByTestId('badge-sports-one')).toHaveText('Available with your TV provider');

  await page.getByRole('button', { name: 'Account' }).click();
  await expect(page.getByRole('row', { name: /Metro Fiber TV/ })).toContainText('This device');
  const logoutPopup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign out of Metro Fiber TV' }).click();
  // Metro Fiber signs out interactively: its own logout page opens, and closes itself.
  const popup = await logoutPopup;
  await expect(popup.getByRole('heading', { name: 'Sign out of Metro Fiber TV?' })).toBeVisible();
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Yes, sign me out' }).click();
  await closed;
  await expect(page.getByRole('status').filter({ hasText: 'Signed out of Metro Fiber TV.' })).toBeVisible();
  await expect(app.player()).toHaveCount(0);
  await expect(page.getByText('None on this device.')).toBeVisible();
  await expect(page.getByTestId('badge-sports-one')).toHaveText('Needs your TV provider');

  await app.signOutAtProvider();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  const stored = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('playgate');
        open.onsuccess = () => {
          const keys = open.result.transaction('kv').objectStore('kv').getAllKeys();
          keys.onsuccess = () => resolve((keys.result as string[]).filter((k) => k.startsWith('oidc.user')).length);
        };
      }),
  );
  expect(stored).toBe(0);
});
