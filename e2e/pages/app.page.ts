// The Playgate web app, by what a viewer does with it.
import { expect, type Page } from '@playwright/test';
import { ProviderLoginPage } from './provider-login.page.ts';

/** The demo admin token of playgate.config.json (its SHA-256 is in the config). */
const ADMIN_TOKEN = 'playgate-admin-dev-token';

export class AppPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto('/');
  }

  /**
   * Forgets the viewer's SSO-shared TV provider profiles (operator API), so a test that
   * needs a first-time login does not find one left by another test.
   */
  async resetViewer(username: string) {
    const res = await this.page.request.delete(`/admin/profiles?subject=${encodeURIComponent(username)}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.ok()).toBe(true);
  }

  /** Revokes the viewer's internal grants (operator API), so a purchase test starts with none. */
  async resetGrants(username: string) {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const list = await this.page.request.get(`/admin/entitlements?subject=${encodeURIComponent(username)}`, { headers: auth });
    expect(list.ok()).toBe(true);
    for (const g of (await list.json()).grants as Array<{ id: string; revokedAt: number | null }>) {
      if (g.revokedAt === null) expect((await this.page.request.delete(`/admin/entitlements/${g.id}`, { headers: auth })).ok()).toBe(true);
    }
  }

  /** SSO sign-in by redirect to the IdP and back. */
  async signIn(username: string, password = 'playgate') {
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const idp = new ProviderLoginPage(this.page);
    await idp.expectProvider('Sign in to Playgate ID');
    await idp.signIn(username, password);
    await expect(this.page.getByText('Signed in as')).toBeVisible();
  }

  /** One of the other ways to sign in, under the "Other ways to sign in" disclosure. */
  async chooseSignInOption(name: 'Sign in in a new window' | 'Sign in with your publisher account') {
    await this.page.getByText('Other ways to sign in').click();
    await this.page.getByRole('button', { name }).click();
  }

  /** Sign out at the IdP (end_session): the viewer says yes if asked; back at the app. */
  async signOutAtProvider() {
    await this.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    // The IdP asks when its session is still there; without one it confirms at once.
    const confirm = this.page.getByRole('button', { name: 'Yes, sign out' });
    const signIn = this.page.getByRole('button', { name: 'Sign in', exact: true });
    await expect(confirm.or(signIn)).toBeVisible({ timeout: 20_000 });
    if (await confirm.isVisible()) await confirm.click();
    await expect(this.page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  }

  async watch(title: string) {
    await this.page.getByRole('button', { name: `Watch ${title}` }).click();
    await expect(this.page.getByRole('heading', { level: 2, name: new RegExp(title) })).toBeVisible();
  }

  /** Picks an MVPD; returns its login popup, opened straight from the click. */
  async pickProvider(displayName: string): Promise<ProviderLoginPage> {
    const popupPromise = this.page.waitForEvent('popup');
    await this.page.getByRole('button', { name: displayName }).click();
    const popup = await popupPromise;
    // The app closes its popup itself when a profile turns up meanwhile (see watchThroughProvider).
    await popup.waitForLoadState().catch((err: unknown) => {
      if (!popup.isClosed()) throw err;
    });
    return new ProviderLoginPage(popup);
  }

  /**
   * Opens a TV Everywhere title for a viewer who may or may not already hold a profile
   * (an SSO profile from another device is shared): signs in with the provider in the
   * popup only when the picker is shown.
   */
  async watchThroughProvider(title: string, displayName: string, subscriber: string) {
    await this.watch(title);
    const picker = this.page.getByRole('button', { name: displayName });
    await expect(picker.or(this.player())).toBeVisible({ timeout: 15_000 });
    if (await picker.isVisible()) {
      const mvpd = await this.pickProvider(displayName);
      if (mvpd.page.isClosed()) return;
      const closed = mvpd.page.waitForEvent('close');
      // The same viewer may sign in with this provider in a parallel test (one viewer per spec
      // file, tests fully parallel): the shared SSO profile then arrives while the popup is open,
      // and the app closes the popup itself — the outcome this helper is for.
      await mvpd.signIn(subscriber).catch((err: unknown) => {
        if (!mvpd.page.isClosed()) throw err;
      });
      await closed;
    }
  }

  player() {
    return this.page.getByTestId('player');
  }

  /** The video element's current playback position, in seconds. */
  async currentTime(): Promise<number> {
    return this.player()
      .locator('video')
      .evaluate((v: HTMLVideoElement) => v.currentTime);
  }

  /** Waits until the video has really played past `seconds`, with no player error. */
  async expectPlaying(seconds = 2) {
    const video = this.player().locator('video');
    // video.js is loaded lazily after the Permit: on a loaded CI machine that alone took > 10 s.
    await expect(video).toBeAttached({ timeout: 20_000 });
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(seconds);
    await expect(this.player().locator('.vjs-error')).toHaveCount(0);
  }
}
