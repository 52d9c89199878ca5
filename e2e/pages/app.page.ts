// The Playgate web app, by what a viewer does with it.
import { expect, type Page } from '@playwright/test';
import { ProviderLoginPage } from './provider-login.page.ts';

export class AppPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto('/');
  }

  /** SSO sign-in by redirect to the IdP and back. */
  async signIn(username: string, password = 'playgate') {
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const idp = new ProviderLoginPage(this.page);
    await idp.expectProvider('Sign in to Playgate ID');
    await idp.signIn(username, password);
    await expect(this.page.getByText('Signed in as')).toBeVisible();
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
    await popup.waitForLoadState();
    return new ProviderLoginPage(popup);
  }

  player() {
    return this.page.getByTestId('player');
  }

  /** Waits until the video has really played past `seconds`, with no player error. */
  async expectPlaying(seconds = 2) {
    const video = this.player().locator('video');
    await expect(video).toBeAttached();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(seconds);
    await expect(this.player().locator('.vjs-error')).toHaveCount(0);
  }
}
