// Journey 4 of the SPEC: direct entitlements (StreamAMG partial) — no TV provider.
import { expect, test } from './fixtures.ts';

test('alice’s premium role plays Premium Doc with no TV provider at all', async ({ app, page }) => {
  const mvpdCalls: string[] = [];
  page.on('request', (req) => {
    if (req.url().includes('/api/v2/')) mvpdCalls.push(req.url());
  });
  await app.goto();
  await app.signIn('alice');
  await app.watch('Premium Doc');
  await app.expectPlaying(2);
  await expect(page.getByText('Included with your premium membership.')).toBeVisible();
  expect(mvpdCalls.filter((u) => u.includes('/decisions/') || u.includes('/sessions'))).toEqual([]);
});

test('carol’s internal purchase plays Fight Night', async ({ app, page }) => {
  await app.goto();
  await app.signIn('carol');
  await app.watch('Fight Night');
  await app.expectPlaying(2);
  await expect(page.getByText('Watching with your purchase.')).toBeVisible();
});

test('bob is told Premium Doc is not in his plan, and nothing plays', async ({ app, page }) => {
  await app.goto();
  await app.signIn('bob');
  await app.watch('Premium Doc');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Not included in your plan');
  await expect(alert).toContainText('no_entitlement');
  await expect(alert.getByRole('link', { name: 'no_entitlement' })).toHaveAttribute('href', /\/docs\/errors#NO_ENTITLEMENT$/);
  await expect(app.player()).toHaveCount(0);
});

test('the free Trailer says so in plain words, with no claim names or wildcards', async ({ app, page }) => {
  await app.goto();
  await app.signIn('bob');
  await app.watch('Trailer');
  await app.expectPlaying(1);
  const note = page.getByText('Free to watch for everyone signed in.');
  await expect(note).toBeVisible();
  await expect(page.getByRole('region', { name: 'Trailer' })).not.toContainText('*');
  await expect(page.getByRole('region', { name: 'Trailer' })).not.toContainText('“');
});
