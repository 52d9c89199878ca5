// The test console's "Degraded access" table, by what QA does with it.
import type { Locator } from '@playwright/test';

export class DegradationControlsPage {
  constructor(readonly region: Locator) {}

  async set(displayName: string, rule: 'off' | 'AuthNAll' | 'AuthZAll' | 'AuthZNone') {
    await this.region.getByRole('combobox', { name: `${displayName} degradation rule` }).selectOption(rule);
    await this.region.getByRole('button', { name: `Apply ${displayName} degradation rule` }).click();
  }

  /** The "in force" cell of a provider's row. */
  inForce(displayName: string) {
    return this.region.getByRole('table', { name: 'Degradation rules' }).getByRole('row', { name: new RegExp(displayName) }).getByRole('cell').last();
  }
}
