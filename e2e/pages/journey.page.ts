// The journey view (header button "Journey", Alt+Shift+J), by what a demo or QA does with it.
import { readFile } from 'node:fs/promises';
import { expect, type Page } from '@playwright/test';

/** A whole compact JWS: the journey view must never show one. */
export const WHOLE_JWT = /eyJ[\w-]*\.eyJ[\w-]*\.[\w-]{8,}/;

/** What a token row may say of verification: an answer of Playgate's verifier, or that a provider's token is not Playgate's to verify. */
export const VERIFIER_ANSWER = /^(Playgate's (client-token verifier|media-token verifier|token service|SSO verifier|verifier): [A-Z_]+\b|a token of .+, a provider Playgate does not verify — Playgate's SSO verifier: WRONG_ISSUER\b)/;

export class JourneyPage {
  constructor(readonly page: Page) {}

  toggle() {
    return this.page.getByRole('button', { name: 'Journey', exact: true });
  }

  region() {
    return this.page.getByRole('complementary', { name: 'Journey' });
  }

  calls() {
    return this.region().getByRole('list', { name: 'Calls in order' }).getByRole('listitem');
  }

  diagram() {
    return this.region().getByRole('img', { name: /Sequence diagram/ });
  }

  /** Opens the view from the header; focus moves into it. */
  async open() {
    await this.toggle().click();
    await expect(this.region()).toBeVisible();
    await expect(this.region().getByRole('heading', { level: 2, name: 'Journey' })).toBeFocused();
  }

  async startScenario(title: string) {
    await this.region().getByRole('button', { name: title, exact: true }).click();
  }

  async reset() {
    await this.region().getByRole('button', { name: 'Reset' }).click();
  }

  /** Waits (polling, as the view does) until the calls list has lines matching `patterns`, in that order. */
  async expectCallsInOrder(patterns: RegExp[]) {
    await expect
      .poll(
        async () => {
          // A redirect (sign-in, sign-out) may replace the page between two polls: poll again.
          const texts = await this.calls().allInnerTexts().catch((err: Error) => err);
          if (texts instanceof Error) return `not readable yet: ${texts.message.split('\n')[0]}`;
          const lines = texts.map((l) => l.replace(/\s+/g, ' '));
          let from = 0;
          for (const pattern of patterns) {
            const at = lines.findIndex((line, i) => i >= from && pattern.test(line));
            if (at < 0) return `missing ${pattern} after line ${from}:\n${lines.join('\n')}`;
            from = at + 1;
          }
          return 'in order';
        },
        { timeout: 20_000 },
      )
      .toBe('in order');
  }

  /** Every token row of the view (the calls' tokens and "Tokens in play"): its summary and what it says of verification. */
  async tokenRows(): Promise<Array<{ summary: string; verification: string }>> {
    // A token row is a <details> whose summary names the token and whose hint says who verified it.
    return this.region()
      .locator('details', { has: this.page.locator('summary', { hasText: /verified/ }) })
      .evaluateAll((els) => els.map((el) => ({ summary: el.querySelector('summary')?.textContent ?? '', verification: el.querySelector('p')?.textContent ?? '' })));
  }

  /**
   * Waits until every token row carries an answer of Playgate's verifier (none waiting, none
   * inferred from an HTTP 2xx), and a row says "verified" only on a VALID_TOKEN.
   */
  async expectEveryTokenAnswered() {
    await expect
      .poll(
        async () => {
          const rows = await this.tokenRows();
          if (rows.length === 0) return 'no token rows';
          const saysVerified = (summary: string) => /\bverified\b/.test(summary) && !summary.includes('not verified');
          const wrong = rows.filter((r) => !VERIFIER_ANSWER.test(r.verification) || (saysVerified(r.summary) && !/: VALID_TOKEN \(/.test(r.verification)));
          return wrong.length === 0 ? 'all answered' : wrong.map((r) => `${r.summary} — ${r.verification}`).join('\n');
        },
        { timeout: 20_000 },
      )
      .toBe('all answered');
    return this.tokenRows();
  }

  /** Everything in the view, including the closed token details. */
  async allText(): Promise<string> {
    return (await this.region().textContent()) ?? '';
  }

  /** Clicks an export button and returns the downloaded file's text. */
  async export(button: 'Export JSON' | 'Export Mermaid' | 'Export image (SVG)'): Promise<{ name: string; text: string }> {
    const download = this.page.waitForEvent('download');
    await this.region().getByRole('button', { name: button }).click();
    const file = await download;
    return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
  }
}
