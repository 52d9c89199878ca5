// The journey view (issue 5): a TV Everywhere first login drawn live, with the calls the
// browser cannot see (the MVPD popup's legs, Playgate's calls to the MVPD, media), the
// decision's rule, no whole token anywhere, exports, and its own lazily loaded chunk.
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base } from './fixtures.ts';
import { JourneyPage, WHOLE_JWT } from './pages/journey.page.ts';
import { AppPage } from './pages/app.page.ts';
import { ProviderLoginPage } from './pages/provider-login.page.ts';

const test = base.extend<{ journey: JourneyPage }>({
  journey: async ({ page }, use) => {
    await use(new JourneyPage(page));
  },
});

const JOURNEY_CHUNK = /\/assets\/journey-panel-[^/]+\.js$/;

test('shows the calls of a TV Everywhere first login in order, and exports them', async ({ app, journey, page }) => {
  // A whole first login, a second device, axe and three exports: more than the default minute on a busy machine.
  test.slow();
  const chunk: string[] = [];
  page.on('request', (req) => {
    if (JOURNEY_CHUNK.test(req.url())) chunk.push(req.url());
  });

  // A QA viewer of its own: other specs reset alice while they run.
  await app.resetViewer('heidi');
  await app.goto();
  await app.signIn('heidi');
  await expect(journey.toggle()).toBeVisible();
  expect(chunk, 'the journey chunk is not loaded before the view is opened').toEqual([]);

  await journey.open();
  expect(chunk).toHaveLength(1);

  await journey.startScenario('TV Everywhere, first login');
  await expect(journey.region().getByRole('status')).toContainText('sky-basic');
  await expect(page.getByRole('heading', { level: 2, name: /News 24/ })).toBeVisible();
  const mvpd = await app.pickProvider('Skyline Cable');
  const closed = mvpd.page.waitForEvent('close');
  await mvpd.signIn('sky-basic');
  await closed;
  await app.expectPlaying(1);

  const sessions = /^App → Playgate POST \/api\/v2\/PLAYGATE\/sessions 200\b/;
  const authorizeCall = /^App → Playgate POST \/api\/v2\/PLAYGATE\/decisions\/authorize\/Skyline 200\b.*Decision: Permit news-24 — rule mvpd: Skyline answered Permit/;
  // Calls are placed by their start: the profiles/code poll that finds the profile may have
  // started just before the MVPD's code exchange on a busy machine, so the two chains are
  // checked apart: the login leg, and the polling (repeated polls show as one line, ×N).
  await journey.expectCallsInOrder([
    sessions,
    /^Viewer → Playgate GET \/api\/v2\/authenticate\/PLAYGATE\/[A-Z2-9]{7} 302\b.*on to the MVPD login/,
    /^Playgate → MVPD POST \/token 200\b.*MVPD login: code exchange/,
    authorizeCall,
    /^App → Media GET \/media\/news-24\/master\.m3u8 200\b/,
  ]);
  await journey.expectCallsInOrder([sessions, /^App → Playgate GET \/api\/v2\/PLAYGATE\/profiles\/code\/[A-Z2-9]{7}( ×\d+)? 200\b/, authorizeCall]);
  // The MVPD's redirect back, and Playgate asking the MVPD during the decision.
  await expect(journey.calls().filter({ hasText: 'Viewer → Playgate GET /api/v2/authenticate/callback 302' })).toHaveCount(1);
  await expect(journey.calls().filter({ hasText: /Playgate → MVPD POST \/api\/authorize( ×\d+)? 200/ })).not.toHaveCount(0);
  // The media token of the Permit, decoded, truncated, and said to be Playgate's own.
  const authorize = journey.calls().filter({ hasText: 'decisions/authorize/Skyline' }).first();
  const mediaToken = authorize.getByText(/serializedToken: media\+jwt/);
  await expect(mediaToken).toBeVisible();
  await expect(mediaToken).toContainText('verified');
  await expect(mediaToken).not.toContainText('not verified');
  // The result is the answer of Playgate's own media-token verifier, not inferred from the call's status.
  await expect(authorize.locator('details', { hasText: 'serializedToken' }).locator('p.hint')).toHaveText(/^Playgate's media-token verifier: VALID_TOKEN/);
  await expect(journey.diagram()).toBeVisible();

  // Accessible: axe finds nothing serious or critical in the view.
  const { violations } = await new AxeBuilder({ page }).setLegacyMode().include('#journey-view').analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  const text = await journey.allText();
  expect(text).toContain('SSO token (AD-Service-Token)');
  expect(text).not.toMatch(WHOLE_JWT);
  // The client access token the app sends: the answer of Playgate's client-token verifier, asked for it.
  await expect(journey.region().locator('details', { hasText: 'Client access token (Authorization)' }).locator('p.hint')).toHaveText(/^Playgate's client-token verifier: VALID_TOKEN/);
  // Every token row — the IdP's tokens, the client access token, the media token, anything
  // else Playgate sent — states its verifier's answer; none is "verified" from a 2xx alone.
  const rows = await journey.expectEveryTokenAnswered();
  expect(rows.map((r) => r.verification).join('\n')).not.toMatch(/issued and signed by Playgate|waiting for|decoded for display only/);
  expect(rows.find((r) => r.summary.startsWith('SSO token'))?.verification).toMatch(/^Playgate's SSO verifier: VALID_TOKEN \(.*\); the app also verified it with jose/);

  const mermaid = await journey.export('Export Mermaid');
  expect(mermaid.name).toMatch(/\.mmd$/);
  expect(mermaid.text).toMatch(/^sequenceDiagram\n {2}participant Viewer\n {2}participant App\n {2}participant IdP\n {2}participant Playgate\n {2}participant MVPD\n {2}participant Media\n/);
  const lines = mermaid.text.split('\n');
  const at = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
  expect(at(/^ {2}App->>Playgate: POST \/api\/v2\/PLAYGATE\/sessions$/)).toBeGreaterThan(0);
  expect(at(/^ {2}Playgate->>MVPD: POST \/token/)).toBeGreaterThan(at(/^ {2}App->>Playgate: POST \/api\/v2\/PLAYGATE\/sessions$/));
  expect(at(/^ {2}Note over Playgate: Permit news-24 — rule mvpd/)).toBeGreaterThan(at(/^ {2}Playgate->>MVPD: POST \/token/));
  expect(at(/^ {2}App->>Media: GET \/media\/news-24\/master\.m3u8/)).toBeGreaterThan(at(/^ {2}Note over Playgate: Permit news-24/));
  expect(mermaid.text).not.toMatch(WHOLE_JWT);

  const json = await journey.export('Export JSON');
  expect(json.text).not.toMatch(WHOLE_JWT);
  const doc = JSON.parse(json.text) as { format: string; device: string; calls: Array<{ from: string; to: string; path: string; status: number; decisions?: Array<{ rule: string }>; tokens?: Array<{ preview: string; verified: boolean }> }> };
  expect(doc.format).toBe('playgate-journey/1');
  const paths = doc.calls.map((c) => c.path);
  expect(paths.indexOf('/api/v2/PLAYGATE/sessions')).toBeLessThan(paths.indexOf('/media/news-24/master.m3u8'));
  const decision = doc.calls.find((c) => c.path === '/api/v2/PLAYGATE/decisions/authorize/Skyline' && c.decisions);
  expect(decision?.decisions?.[0]?.rule).toBe('mvpd');
  expect(decision?.tokens?.[0]).toMatchObject({ verified: true });
  expect(doc.calls.find((c) => c.path === '/media/news-24/master.m3u8')).toMatchObject({ from: 'App', to: 'Media', status: 200 });

  const svg = await journey.export('Export image (SVG)');
  expect(svg.text).toContain('<svg');
  expect(svg.text).toContain('POST /api/v2/PLAYGATE/sessions');

  // SSO on a second device: a new window, a new device, its own journey — the SSO profile
  // is found, so no session and no MVPD login, straight to the decision.
  const opened = page.context().waitForEvent('page');
  await journey.startScenario('SSO on a second device');
  const second = await opened;
  const secondApp = new AppPage(second);
  const secondJourney = new JourneyPage(second);
  await expect(secondJourney.region()).toBeVisible();
  await secondApp.expectPlaying(1);
  await secondJourney.expectCallsInOrder([
    // Repeated lookups (the scenario's own after its reset, the watch's) show as one line, ×N.
    /^App → Playgate GET \/api\/v2\/PLAYGATE\/profiles( ×\d+)? 200\b/,
    /^App → Playgate POST \/api\/v2\/PLAYGATE\/decisions\/authorize\/Skyline 200\b.*rule mvpd/,
    /^App → Media GET \/media\/news-24\/master\.m3u8 200\b/,
  ]);
  await expect(secondJourney.calls().filter({ hasText: '/sessions' })).toHaveCount(0);
  // Another device id (the footer names it).
  expect(await second.getByRole('contentinfo').textContent()).not.toBe(await page.getByRole('contentinfo').textContent());
  await second.close();

  // Reset starts the journey over.
  await journey.reset();
  await expect(journey.region().getByRole('status')).toHaveText('The journey starts over from here.');
  await expect(journey.calls().filter({ hasText: '/api/v2/PLAYGATE/sessions' })).toHaveCount(0);
});

test('opens from anywhere with Alt+Shift+J, and Escape gives the focus back', async ({ app, journey, page }) => {
  await app.goto();
  const signIn = page.getByRole('button', { name: 'Sign in', exact: true });
  await signIn.focus();
  await page.keyboard.press('Alt+Shift+J');
  await expect(journey.region()).toBeVisible();
  await expect(journey.region().getByRole('heading', { level: 2, name: 'Journey' })).toBeFocused();
  await expect(journey.toggle()).toHaveAttribute('aria-expanded', 'true');
  await expect(journey.region().getByRole('heading', { name: 'Calls in order' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(journey.region()).toHaveCount(0);
  await expect(signIn).toBeFocused();
  await expect(journey.toggle()).toHaveAttribute('aria-expanded', 'false');
});

test('a scenario started signed out signs in first, then runs: direct premium for alice', async ({ app, journey, page }) => {
  await app.goto();
  await journey.open();
  await journey.startScenario('Direct premium');
  const idp = new ProviderLoginPage(page);
  await idp.expectProvider('Sign in to Playgate ID');
  await idp.signIn('alice');

  // Back from the redirect, the view is open again and the scenario carries on.
  await expect(journey.region()).toBeVisible();
  await app.expectPlaying(1);
  await journey.expectCallsInOrder([
    /^IdP → App GET \/auth\/callback\b.*back from the IdP sign-in/,
    /^App → IdP POST \/\S*token 200\b/,
    /^App → Playgate GET \/playback\/v1\/entry\/premium-doc 200\b.*Decision: Permit premium-doc — rule claims: claim roles has “premium”/,
    /^App → Media GET \/media\/premium-doc\/master\.m3u8 200\b/,
  ]);
  // The IdP's access token: Playgate's SSO verifier accepts it (the app verified it with jose too, before it signed alice in).
  const accessToken = journey.calls().filter({ hasText: /App → IdP POST \S*token/ }).getByText(/access_token: at\+jwt/);
  await expect(accessToken).toContainText('verified');
  await expect(accessToken).not.toContainText('not verified');
  await expect(journey.calls().filter({ hasText: /App → IdP POST \S*token/ }).locator('details', { hasText: 'access_token' }).locator('p.hint')).toHaveText(/^Playgate's SSO verifier: VALID_TOKEN .*the app also verified it with jose/);
  const rows = await journey.expectEveryTokenAnswered();
  // Its ID token proves the sign-in to the app; Playgate says it would not take it as the SSO token.
  expect(rows.find((r) => r.summary.startsWith('id_token'))?.verification).toMatch(/^Playgate's SSO verifier: WRONG_(TYPE|AUDIENCE) .*not the ID token/);
  expect(await journey.allText()).not.toMatch(WHOLE_JWT);
});
