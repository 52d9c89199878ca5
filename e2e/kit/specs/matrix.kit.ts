// The persona × MVPD × resource matrix, generated from the deployment's configuration
// (GET /admin/qa/facts): every subscriber × every TV Everywhere title → the Permit or Deny
// its packages and parental limit call for. In full through the Pass API; a sample (one
// Permit, one package Deny, one parental Deny) through the browser.
import { randomUUID } from 'node:crypto';
import { expectedMatrix, type MatrixCase } from '../../../src/shared/qa/expected-matrix.ts';
import { test, expect } from '../fixtures.ts';
import { KitAppPage } from '../kit-app.page.ts';

test('every subscriber × every TV Everywhere title, through the Pass API', async ({ qa, pass, cleanup }) => {
  const cases = expectedMatrix(await qa.facts());
  expect(cases.length).toBeGreaterThan(0);
  const bySubscriber = new Map<string, MatrixCase[]>();
  for (const c of cases) bySubscriber.set(`${c.mvpd}/${c.subscriber}`, [...(bySubscriber.get(`${c.mvpd}/${c.subscriber}`) ?? []), c]);
  const wrong: string[] = [];
  for (const group of bySubscriber.values()) {
    const { mvpd, subscriber } = group[0]!;
    const device = `kit-matrix-${randomUUID().slice(0, 12)}`;
    cleanup.devices(device);
    await pass.signInWithProvider(device, mvpd, subscriber);
    for (const c of group) {
      const d = await pass.authorize(device, mvpd, c.resource);
      const got = d.authorized ? 'Permit' : `Deny ${d.error?.code}`;
      const want = c.expected === 'Permit' ? 'Permit' : `Deny ${c.code}`;
      if (got !== want) wrong.push(`${mvpd}/${subscriber} × ${c.resource}: expected ${want} (${c.why}), got ${got}`);
    }
  }
  expect(wrong, `${cases.length} cases`).toEqual([]);
});

test('a sample of the matrix through the browser', async ({ browser, qa, deployment, cleanup }) => {
  const facts = await qa.facts();
  const cases = expectedMatrix(facts);
  const sample = [cases.find((c) => c.expected === 'Permit'), cases.find((c) => c.code === 'authorization_denied_by_mvpd'), cases.find((c) => c.code === 'authorization_denied_by_parental_controls')].filter(
    (c): c is MatrixCase => c !== undefined,
  );
  expect(sample.length).toBeGreaterThan(0);
  const names = new Map((await qa.mvpdModes()).map((m) => [m.id, m.displayName]));
  const titles = new Map(facts.resources.map((r) => [r.id, r.title]));
  const viewer = deployment.personas.matrix;
  cleanup.viewer(viewer);
  for (const c of sample) {
    await test.step(`${c.mvpd}/${c.subscriber} × ${c.resource} → ${c.expected}`, async () => {
      await qa.resetViewer({ subject: viewer });
      // A browser of its own per case: the MVPD's sign-in session of the last case would answer for this one.
      const context = await browser.newContext({ baseURL: deployment.baseUrl });
      try {
        const app = new KitAppPage(await context.newPage(), deployment);
        await app.goto();
        await app.signIn(viewer);
        await app.watch(titles.get(c.resource)!);
        await app.signInWithProvider(names.get(c.mvpd)!, c.subscriber);
        if (c.expected === 'Permit') await expect(app.player()).toBeVisible();
        else await expect(app.page.getByRole('alert')).toContainText(c.code!);
        const device = await app.deviceId();
        if (device) cleanup.devices(device);
      } finally {
        await context.close();
      }
    });
  }
});
