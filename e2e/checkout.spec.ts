// The purchase path through the internal entitlement store (issue 13, item 2): each title
// says what it needs; "Buy Fight Night" and "Upgrade to Premium" open a checkout marked as a
// demo, record a grant, and the title plays at once; Account lists the grants and a refund
// revokes one.
import { expect, test } from './fixtures.ts';

test('buy a pay-per-view title and upgrade to a plan in the demo checkout; both play at once; a refund takes one back', async ({ app, page }) => {
  await app.resetGrants('liam');
  await app.goto();
  await app.signIn('liam');
  await expect(page.getByTestId('badge-fight-night')).toHaveText('Pay-per-view');
  await expect(page.getByTestId('badge-premium-doc')).toHaveText('With Premium');

  await app.watch('Fight Night');
  const deny = page.getByRole('alert');
  await expect(deny.getByRole('heading', { name: 'Pay-per-view' })).toBeVisible();
  await expect(deny).toContainText('Fight Night is pay-per-view: it is not part of any plan, Premium included. Buy it once ($29.99) to watch it.');
  await deny.getByRole('button', { name: 'Buy Fight Night · $29.99' }).click();
  const checkout = page.getByRole('group', { name: 'Buy Fight Night' });
  await expect(checkout).toContainText('Demo checkout.');
  await expect(checkout).toContainText('No payment is taken');
  await checkout.getByRole('button', { name: 'Confirm demo purchase' }).click();
  await app.expectPlaying(1);
  await expect(page.getByText('Watching with your purchase.')).toBeVisible();
  await expect(page.getByTestId('badge-fight-night')).toHaveText('Purchased');

  await app.watch('Premium Doc');
  await expect(page.getByRole('alert')).toContainText('Premium Doc is included with Premium ($9.99 a month). Upgrade your plan to watch it.');
  await page.getByRole('button', { name: 'Upgrade to Premium · $9.99 a month' }).click();
  await page.getByRole('group', { name: 'Upgrade to Premium' }).getByRole('button', { name: 'Confirm demo upgrade' }).click();
  await app.expectPlaying(1);
  await expect(page.getByTestId('badge-premium-doc')).toHaveText('In your Premium plan');

  await page.getByRole('button', { name: 'Account' }).click();
  await expect(page.getByRole('listitem', { name: 'Purchase · Fight Night' })).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Plan · Premium' })).toBeVisible();
  await page.getByRole('button', { name: 'Refund Fight Night' }).click();
  await expect(page.getByRole('listitem', { name: 'Purchase · Fight Night' })).toHaveCount(0);
  await expect(page.getByRole('listitem', { name: 'Plan · Premium' })).toBeVisible();
  await expect(page.getByTestId('badge-fight-night')).toHaveText('Pay-per-view');
  await app.watch('Fight Night');
  await expect(page.getByRole('alert').getByRole('button', { name: 'Buy Fight Night · $29.99' })).toBeVisible();
  await expect(app.player()).toHaveCount(0);
});

test('cancelling the checkout records nothing', async ({ app, page }) => {
  await app.goto();
  await app.signIn('bob');
  await app.watch('Fight Night');
  await page.getByRole('button', { name: 'Buy Fight Night · $29.99' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert').getByRole('button', { name: 'Buy Fight Night · $29.99' })).toBeVisible();
  await page.getByRole('button', { name: 'Account' }).click();
  await expect(page.getByText('No purchases or plans yet.')).toBeVisible();
});
