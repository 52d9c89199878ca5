// The app's test console (Alt+Shift+T / "Test console"), by what QA does with it.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export class TestConsolePage {
  constructor(readonly page: Page) {}

  region() {
    return this.page.getByRole('region', { name: 'Test console' });
  }

  async open(adminToken: string) {
    await this.page.getByRole('button', { name: 'Test console' }).click();
    const region = this.region();
    await expect(region).toBeVisible();
    const field = region.getByLabel('Admin token');
    if (await field.isVisible()) {
      await field.fill(adminToken);
      await region.getByRole('button', { name: 'Unlock' }).click();
    }
    await expect(region.getByRole('heading', { name: 'TV providers' })).toBeVisible();
  }

  async setMode(displayName: string, mode: 'normal' | 'slow' | 'down' | 'deny', slowMs?: number) {
    const region = this.region();
    await region.getByRole('combobox', { name: `${displayName} mode` }).selectOption(mode);
    if (mode === 'slow' && slowMs !== undefined) await region.getByLabel(`${displayName} delay (ms)`).fill(String(slowMs));
    await region.getByRole('button', { name: `Apply ${displayName} mode` }).click();
  }

  /** The "what viewers see" cell of a provider's row. */
  effectOf(displayName: string) {
    return this.region().getByRole('table', { name: 'MVPD simulator modes' }).getByRole('row', { name: new RegExp(displayName) }).getByRole('cell').last();
  }

  async act(button: 'Reset viewer and device' | 'Expire profiles now' | 'Expire cached decisions') {
    await this.region().getByRole('button', { name: button }).click();
  }

  /** Short lifetimes for the next provider sign-in; a lifetime not named is left empty (the configured one). */
  async shortLifetimes(l: { profile?: number; mediaToken?: number; decision?: number }) {
    const fill = async (label: RegExp, v: number | undefined) => this.region().getByLabel(label).fill(v === undefined ? '' : String(v));
    await fill(/Profile lifetime of the next TV provider sign-in/, l.profile);
    await fill(/Media token lifetime/, l.mediaToken);
    await fill(/Decision and decision-cache lifetime/, l.decision);
    await this.region().getByRole('button', { name: 'Set short lifetimes' }).click();
  }

  status() {
    return this.region().getByRole('status');
  }

  async close() {
    await this.region().getByRole('button', { name: 'Close' }).click();
  }
}

/** axe on one region: any serious or critical violation fails, listed. */
export async function expectAccessible(page: Page, selector: string) {
  const { violations } = await new AxeBuilder({ page }).setLegacyMode().include(selector).analyze();
  const found = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `[${v.impact}] ${v.id} — ${v.help} — at ${n.target.join(' ')}`));
  expect(found, `axe on ${selector}`).toEqual([]);
}
