// The operations dashboard (/dashboard), by what an operator does with it.
import { expect, type Locator, type Page } from '@playwright/test';

export class DashboardPage {
  constructor(readonly page: Page) {}

  async open(adminToken: string) {
    await this.page.goto('/dashboard');
    await this.page.getByLabel('Admin token').fill(adminToken);
    await this.page.getByRole('button', { name: 'Open the dashboard' }).click();
    await expect(this.page.getByRole('heading', { name: 'Decisions per minute' })).toBeVisible();
  }

  /** Freezes the window; returns it once every panel has its figures for it. */
  async pause(): Promise<{ start: number; end: number }> {
    await this.page.getByRole('button', { name: 'Pause live updates' }).click();
    const window = this.page.getByTestId('dashboard-window');
    await expect(window).toContainText('(paused)');
    await expect(window).toHaveAttribute('data-loaded', 'yes');
    return { start: Number(await window.getAttribute('data-start')), end: Number(await window.getAttribute('data-end')) };
  }

  total(table: 'decision-totals' | 'authn-totals', metric: string): Locator {
    return this.page.getByTestId(table).locator(`tr[data-metric="${metric}"] td[data-value]`);
  }

  /** Rows of a figures table as text cells. */
  async rows(testId: 'deny-reasons' | 'mvpd-latency'): Promise<string[][]> {
    const table = this.page.getByTestId(testId);
    if ((await table.count()) === 0) return [];
    return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').trim())));
  }

  chart(name: string): Locator {
    return this.page.getByRole('img', { name });
  }
}
