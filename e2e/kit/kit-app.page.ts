// The Playgate app, as the kit drives it against any deployment: the e2e suite's AppPage,
// with sign-in that expects the IdP at the deployment's own issuer and takes its password
// from the environment.
import { expect, type Page } from '@playwright/test';
import { AppPage } from '../pages/app.page.ts';
import { ProviderLoginPage } from '../pages/provider-login.page.ts';
import type { Deployment } from './deployment.ts';

const DEVICE_KEY = 'playgate.deviceId';

export class KitAppPage extends AppPage {
  constructor(
    page: Page,
    readonly deployment: Deployment,
  ) {
    super(page);
  }

  /** SSO sign-in by redirect: the page must land on the deployment's IdP, then come back. */
  override async signIn(username: string, password = this.deployment.viewerPassword) {
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await this.page.waitForURL((u) => u.origin === this.deployment.idpOrigin);
    await new ProviderLoginPage(this.page).signIn(username, password);
    await expect(this.page.getByText('Signed in as')).toBeVisible();
  }

  /** Picks a provider and signs in in its popup, which must open at the deployment's MVPD origin. */
  async signInWithProvider(displayName: string, subscriber: string, password = this.deployment.subscriberPassword) {
    const popup = await this.pickProvider(displayName);
    // The popup opens blank from the click, then goes through Playgate to the MVPD's sign-in.
    const mvpdOrigin = this.deployment.mvpdOrigin;
    if (mvpdOrigin) await popup.page.waitForURL((u) => u.origin === mvpdOrigin);
    const closed = popup.page.waitForEvent('close');
    await popup.signIn(subscriber, password);
    await closed;
  }

  /** This page's device id (AP-Device-Identifier), once the app has run; null before. */
  async deviceId(): Promise<string | null> {
    if (!this.page.url().startsWith(this.deployment.baseUrl)) return null;
    return this.page.evaluate((key) => sessionStorage.getItem(key) ?? localStorage.getItem(key), DEVICE_KEY).catch(() => null);
  }
}
