// The journey view (header button "Journey", Alt+Shift+J), by what a demo or QA does with it.
import { readFile } from 'node:fs/promises';
import { expect, type Page } from '@playwright/test';

/** A whole compact JWS: the journey view must never show one. */
export const WHOLE_JWT = /eyJ[\w-]*\.eyJ[\w-]*\.[\w-]{8,}/;

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
