// A second presenter window follows the app window's journey (BroadcastChannel): the story and
// the diagram redraw there as the viewer signs in and watches, with the Viewer lane — the IdP's
// and the TV provider's own login pages, the popup — as steps.
import { test, expect } from './fixtures.ts';
import { JourneyPage } from './pages/journey.page.ts';

test('the presenter window follows the app window, and the viewer’s own steps are in the Viewer lane', async ({ app, page, context }) => {
  test.slow();
  await app.resetViewer('petra');
  await app.goto();
  await app.signIn('petra');
  const journey = new JourneyPage(page);
  await journey.open();
  // Back from the IdP's page by redirect: the viewer's sign-in there is a step of the Viewer lane.
  await journey.expectCallsInOrder([/^Viewer → IdP SIGN-IN IdP login page\b/, /^IdP → App GET \/auth\/callback\b/]);

  const opened = context.waitForEvent('page');
  await journey.region().getByRole('button', { name: 'Presenter window' }).click();
  const presenter = await opened;
  await expect(presenter.getByRole('heading', { level: 1, name: 'Journey' })).toBeVisible();
  const device = await page.locator('footer code').textContent();
  await expect(presenter.getByRole('status')).toContainText(`Follows the app window of device ${device}`);
  const story = presenter.getByRole('list', { name: 'The story, step by step' });
  await expect(story).toContainText('Viewer (browser): the viewer signs in on the IdP’s page');

  // The app window plays; the presenter window tells it, popup and provider page included.
  await app.watchThroughProvider('News 24', 'Skyline Cable', 'sky-basic');
  await expect(app.player()).toBeVisible();
  await expect(story).toContainText('Viewer (browser): the app opens a popup', { timeout: 15_000 });
  await expect(story).toContainText('Viewer (browser): the viewer on the TV provider’s own page, in the popup: succeeded');
  await expect(story).toContainText('Adobe Pass: authorize');
  const diagram = presenter.getByRole('img', { name: /Sequence diagram/ });
  await expect(diagram).toContainText('Viewer');
  // It fits the projector: no sideways scroll at 1920×1080 and 1280×800.
  for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
    await presenter.setViewportSize(size);
    expect(await presenter.locator('figure').evaluate((f) => f.scrollWidth - f.clientWidth)).toBeLessThanOrEqual(0);
  }
  await presenter.close();
});
