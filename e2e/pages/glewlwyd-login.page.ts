// The foreign OpenID provider's own pages (Glewlwyd's webapp on its own origin): login form,
// the consent screen it shows the first time a viewer meets a client, and its sign-out prompt.
import { expect, type Page } from '@playwright/test';

export class GlewlwydLoginPage {
  constructor(readonly page: Page) {}

  username() {
    return this.page.getByPlaceholder('Your username');
  }

  password() {
    return this.page.getByPlaceholder('Your password');
  }

  async expectLoginForm() {
    await expect(this.page.getByText('Please enter your login and password')).toBeVisible();
    await expect(this.password()).toBeVisible();
  }

  /**
   * Username and password; then, the first time this viewer meets the client, the scopes to
   * grant; then "Continue" where it asks what to do next. Done when it leaves for the app.
   */
  async signIn(username: string, password: string) {
    await this.expectLoginForm();
    const origin = new URL(this.page.url()).origin;
    await this.username().fill(username);
    await this.password().fill(password);
    await this.page.getByRole('button', { name: 'OK', exact: true }).click();
    const grant = this.page.getByRole('button', { name: 'Grant access' });
    // Its buttons' names start with an icon glyph: not exact.
    const cont = this.page.getByRole('button', { name: 'Continue' });
    const gone = () => this.page.isClosed() || !this.page.url().startsWith(origin);
    await expect
      .poll(
        async () => {
          if (gone()) return true;
          if (await grant.isVisible().catch(() => false)) {
            for (const box of await this.page.locator('input[type=checkbox]:visible').all()) if (!(await box.isChecked())) await box.check();
            await grant.click();
          } else if (await cont.isVisible().catch(() => false)) {
            await cont.click().catch(() => undefined);
          }
          return gone();
        },
        { timeout: 30_000, intervals: [250, 500, 1_000] },
      )
      .toBe(true);
  }

  /** Its end_session prompt ("The client … wishes you to close the current session"): Logout. */
  async confirmEndSession() {
    await expect(this.page.getByText(/wishes you to close the current session/)).toBeVisible({ timeout: 20_000 });
    await this.page.getByRole('button', { name: 'Logout' }).click();
  }
}
