// "Any IdP" proven with a foreign OpenID provider (issue 12, item 5): the foreign-idp project's
// system is Playgate configured, by configuration alone, for Glewlwyd — a C OAuth2/OIDC server
// from Debian's packages, not oidc-provider — started by scripts/foreign-idp/glewlwyd.ts with its
// own viewers (playwright.config.ts). The viewer signs in at Glewlwyd's own pages through
// oidc-client-ts; Playgate's API verifies its tokens (discovery, JWKS, RS256, `aud` from the
// RFC 8707 resource) and decides on its `roles` claim, which Glewlwyd sends as ONE comma string
// in the access token and as an array in the ID token. Its tokens live 40 s and its refresh
// responses carry no ID token.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { Page, Request } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { GlewlwydLoginPage } from './pages/glewlwyd-login.page.ts';
import { storedOidcUser } from './pages/stored-oidc-user.ts';
import { FOREIGN_PASSWORD } from '../scripts/foreign-idp/foreign-viewers.ts';


const GLEWLWYD_PORT = Number(process.env.E2E_APP_PORT ?? 18080) + 33;
const ISSUER = `http://localhost:${GLEWLWYD_PORT}/api/oidc`;

async function signInByRedirect(page: Page, username: string) {
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // Glewlwyd's own login page, on its own origin.
  await expect(page).toHaveURL(new RegExp(`^http://localhost:${GLEWLWYD_PORT}/login\\.html`));
  await new GlewlwydLoginPage(page).signIn(username, FOREIGN_PASSWORD);
  await expect(page.getByText('Signed in as')).toBeVisible();
}

const isRefresh = (req: Request) => req.url() === `${ISSUER}/token` && req.method() === 'POST' && (req.postData() ?? '').includes('grant_type=refresh_token');

test('fiona signs in at Glewlwyd, plays Premium Doc by its comma-string roles, and a TV Everywhere title through an MVPD', async ({ app, page }) => {
  await app.goto();
  await signInByRedirect(page, 'fiona');
  await expect(page.getByText('Signed in as')).toContainText('Fiona Foreign');

  // What Glewlwyd issued, as the SPA kept it: RS256 from the foreign issuer, roles as one string.
  const user = await storedOidcUser(page);
  expect(decodeProtectedHeader(user.access_token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
  const at = decodeJwt(user.access_token);
  expect(at).toMatchObject({ iss: ISSUER, aud: 'https://api.playgate.example', roles: 'premium,subscriber', client_id: 'playgate-spa' });
  expect(decodeJwt(user.id_token)).toMatchObject({ iss: ISSUER, aud: 'playgate-spa', roles: ['premium', 'subscriber'] });

  // The API decides on the comma string as the header shows it.
  await app.watch('Premium Doc');
  await app.expectPlaying(2);
  await expect(page.getByText("Included with your premium membership.")).toBeVisible();

  // TV Everywhere: Glewlwyd's access token is the AD-Service-Token; the SSO profile lookup, the
  // MVPD sign-in and the decision follow. A retry finds no profile left from the first try.
  await app.resetViewer(String(at.sub));
  await app.watchThroughProvider('News 24', 'Skyline Cable', 'sky-basic');
  await app.expectPlaying(2);
  await expect(page.getByText('Watching through Skyline Cable.')).toBeVisible();
});

test('frank, whose roles say "free", signs in with a popup and is refused Premium Doc', async ({ app, page }) => {
  await app.goto();
  const popupPromise = page.waitForEvent('popup');
  await app.chooseSignInOption('Sign in in a new window');
  const popup = await popupPromise;
  await expect(popup).toHaveURL(new RegExp(`^http://localhost:${GLEWLWYD_PORT}/login\\.html`));
  const closed = popup.waitForEvent('close');
  await new GlewlwydLoginPage(popup).signIn('frank', FOREIGN_PASSWORD);
  await closed;
  await expect(page.getByText('Signed in as')).toContainText('Frank Free');
  await app.watch('Premium Doc');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Not included in your plan');
  await expect(alert).toContainText('no_entitlement');
  await expect(app.player()).toHaveCount(0);
});

test('the session outlives the first ID token: refreshes without a new ID token keep flora signed in, renewing once per token, not constantly', async ({ app, page }) => {
  // Waits past a 40 s token's expiry.
  test.slow();
  const refreshes: number[] = [];
  page.on('request', (req) => {
    if (isRefresh(req)) refreshes.push(Date.now());
  });
  await app.goto();
  await signInByRedirect(page, 'flora');
  const first = await storedOidcUser(page);
  const idExp = decodeJwt(first.id_token).exp! * 1000;
  const lifetime = idExp - decodeJwt(first.id_token).iat! * 1000;
  // Past the first ID token's expiry (no clock tolerance in this system): a reload keeps her signed in.
  await expect.poll(() => Date.now() > idExp + 1_000, { timeout: lifetime + 10_000, intervals: [1_000] }).toBe(true);
  await page.reload();
  await expect(page.getByText('Signed in as')).toContainText('Flora Fresh');
  await expect.poll(async () => (await storedOidcUser(page)).access_token !== first.access_token, { timeout: 30_000, intervals: [1_000] }).toBe(true);
  const renewed = await storedOidcUser(page);
  // Glewlwyd's refresh response has no id_token: the first one is kept, and that is fine.
  expect(renewed.id_token).toBe(first.id_token);
  await expect(page.getByText('Signed in as')).toContainText('Flora Fresh');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toHaveCount(0);
  // The renewal margin scales with the 40 s lifetime: a handful of refreshes, not one per second.
  expect(refreshes.length, `refreshes in ${Math.round((Date.now() - idExp) / 1000) + lifetime / 1000} s`).toBeGreaterThanOrEqual(1);
  expect(refreshes.length).toBeLessThanOrEqual(3);
});

test('sign-out ends the session at Glewlwyd (end_session): the next sign-in asks for a password', async ({ app, page }) => {
  await app.goto();
  await signInByRedirect(page, 'fiona');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  // Glewlwyd's own end_session page asks; "Logout" ends its session and returns to the app
  // (only because the SPA sends a `state`: without one Glewlwyd stays on its own page).
  await new GlewlwydLoginPage(page).confirmEndSession();
  const back = page.getByRole('button', { name: 'Sign in', exact: true });
  await expect(back).toBeVisible({ timeout: 20_000 });
  await back.click();
  // No silent sign-in: Glewlwyd's login form asks again.
  await new GlewlwydLoginPage(page).expectLoginForm();
});

test('offline through the renewal and past expiry: back online, the refresh token renews the session instead of a silent drop', async ({ app, page, context }) => {
  test.slow();
  await app.goto();
  await signInByRedirect(page, 'flora');
  const first = await storedOidcUser(page);
  const exp = decodeJwt(first.access_token).exp! * 1000;
  // The renewal comes due while offline and fails; the token then expires, still offline.
  await context.setOffline(true);
  await expect.poll(() => Date.now() > exp + 2_000, { timeout: 60_000, intervals: [1_000] }).toBe(true);
  // Not signed out while offline before expiry; nothing more can be done until the network is back.
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toHaveCount(0);
  await context.setOffline(false);
  // Back online: the renewal runs at once (online event) with the still-good refresh token.
  await expect.poll(async () => (await storedOidcUser(page)).access_token !== first.access_token, { timeout: 20_000, intervals: [500] }).toBe(true);
  await expect(page.getByText('Signed in as')).toContainText('Flora Fresh');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toHaveCount(0);
});
