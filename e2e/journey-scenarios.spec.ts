// Scenarios of the journey view set up their own state through the QA admin API: "TV
// Everywhere, first login" shows the MVPD login even for a viewer who already had a profile,
// and a scenario about another viewer says whom to sign in as instead of running.
import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures.ts';
import { JourneyPage } from './pages/journey.page.ts';
import { expectAccessible } from './pages/test-console.page.ts';

const VIEWER = 'piper';
const ADMIN = { authorization: 'Bearer playgate-admin-dev-token' };

test.afterEach(async ({ page }) => {
  await page.request.post('/admin/qa/viewers/reset', { headers: ADMIN, data: { subject: VIEWER } });
});

test('“TV Everywhere, first login” resets the viewer first, so the MVPD login is shown again', async ({ app, page }) => {
  await app.resetViewer(VIEWER);
  await app.goto();
  await app.signIn(VIEWER);
  await app.watchThroughProvider('News 24', 'Skyline Cable', 'sky-basic');
  await expect(app.player()).toBeVisible();

  const journey = new JourneyPage(page);
  await journey.open();
  await journey.region().getByLabel('Admin token').fill('playgate-admin-dev-token');
  await journey.region().getByRole('button', { name: 'Use for scenarios' }).click();
  await journey.startScenario('TV Everywhere, first login');
  await expect(journey.region().getByRole('status')).toContainText(`Set up: reset ${VIEWER}: 1 profile(s)`);
  await expect(journey.region().getByRole('status')).toContainText('Skyline Cable normal');
  // The profile is gone: the picker, not the player.
  await expect(page.getByRole('button', { name: 'Skyline Cable' })).toBeVisible();
  const mvpd = await app.pickProvider('Skyline Cable');
  await mvpd.expectProvider(/Sign in to Skyline Cable/);

  // Presenter mode: every lane of the diagram fits at 1280×800 and 1920×1080, the story is told in words.
  await journey.region().getByRole('button', { name: 'Presenter mode' }).click();
  await expect(journey.region().getByRole('button', { name: 'Presenter mode' })).toHaveAttribute('aria-pressed', 'true');
  const story = journey.region().getByRole('list', { name: 'The story, step by step' });
  await expect(story).toContainText('Adobe Pass: create an authentication session');
  for (const size of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
    await page.setViewportSize(size);
    const box = (await journey.diagram().boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(size.width);
    const figure = journey.region().locator('figure');
    expect(await figure.evaluate((f) => f.scrollWidth - f.clientWidth)).toBeLessThanOrEqual(0);
  }
  await journey.region().getByRole('button', { name: 'Replay from the start' }).click();
  await expect(journey.region().getByText(/^Step 1 of \d+$/)).toBeVisible();
  await expect(story.locator(':scope > li')).toHaveCount(1);
  await journey.region().getByRole('button', { name: 'Next step' }).click();
  await expect(story.locator(':scope > li')).toHaveCount(2);
  await journey.region().getByRole('button', { name: 'Show all' }).click();
  await expectAccessible(page, '#journey-view');
  // A self-contained replay: the diagram's arrows tagged by step, the story, the script; nothing loaded from anywhere.
  const download = page.waitForEvent('download');
  await journey.region().getByRole('button', { name: 'Export replay (HTML)' }).click();
  const html = await readFile((await (await download).path())!, 'utf8');
  expect(html).toContain('<strong>Adobe Pass:</strong> create an authentication session');
  expect(html).toMatch(/<g data-step="0"/);
  expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  await journey.region().getByRole('button', { name: 'Presenter mode' }).click();

  await journey.startScenario('Internal purchase');
  await expect(journey.region().getByRole('status')).toHaveText(/is about carol: use “Switch viewer”, sign in as carol/);
});
