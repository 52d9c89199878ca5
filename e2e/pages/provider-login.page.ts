// The login page of an OpenID provider (the IdP, or an MVPD in the simulator).
import { expect, type Page } from '@playwright/test';

export class ProviderLoginPage {
  constructor(readonly page: Page) {}

  async expectProvider(name: string | RegExp) {
    await expect(this.page.getByRole('heading', { name })).toBeVisible();
  }

  async signIn(username: string, password = 'playgate') {
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }
}
