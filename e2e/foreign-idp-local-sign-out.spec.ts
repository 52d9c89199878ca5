// Sign-out at a provider without an end_session_endpoint (issue 12, item 4's fallback): the
// foreign-idp-local project's system uses Glewlwyd's second issuer, whose discovery lists none
// (session management off). "Sign out" then signs out of Playgate only and says that the
// provider's own session may still be open; the next "Sign in" still asks for a password
// (prompt=login), although Glewlwyd's session is alive. This system sends no `resource`, so the
// access token's `aud` is Glewlwyd's scope string and the SPA and API check `client_id` instead
// (idp.audienceClaim "client_id", as for Amazon Cognito).
import { decodeJwt } from 'jose';
import { expect, test } from './fixtures.ts';
import { storedOidcUser } from './pages/stored-oidc-user.ts';
import { GlewlwydLoginPage } from './pages/glewlwyd-login.page.ts';
import { FOREIGN_LOCAL_PLUGIN, FOREIGN_PASSWORD } from '../scripts/foreign-idp/foreign-viewers.ts';


const GLEWLWYD_PORT = Number(process.env.E2E_APP_PORT ?? 18080) + 33;
const ISSUER = `http://localhost:${GLEWLWYD_PORT}/api/${FOREIGN_LOCAL_PLUGIN}`;

test('no end_session_endpoint: local sign-out with a note, and the next sign-in still asks for a password; tokens without an API aud accepted on client_id', async ({ app, page }) => {
  const discovery = (await (await page.request.get(`${ISSUER}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
  expect(discovery.issuer).toBe(ISSUER);
  expect(discovery).not.toHaveProperty('end_session_endpoint');

  await app.goto();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`^http://localhost:${GLEWLWYD_PORT}/login\\.html`));
  await new GlewlwydLoginPage(page).signIn('fiona', FOREIGN_PASSWORD);
  await expect(page.getByText('Signed in as')).toContainText('Fiona Foreign');

  // No `aud` for the API in this token: accepted on its client_id, by the SPA and by the API's decision.
  const at = decodeJwt((await storedOidcUser(page)).access_token);
  expect(at).toMatchObject({ iss: ISSUER, aud: 'openid playgate', client_id: 'playgate-spa' });
  await app.watch('Premium Doc');
  await app.expectPlaying(2);
  await expect(page.getByText("Included with your premium membership.")).toBeVisible();

  const toProvider: string[] = [];
  page.on('request', (req) => {
    if (req.url().startsWith(`http://localhost:${GLEWLWYD_PORT}/`) && req.isNavigationRequest()) toProvider.push(req.url());
  });
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  // Stays in the app: no navigation to the provider, and the note says what happened.
  await expect(page.getByRole('alert')).toContainText('Your identity provider offers no sign-out');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  expect(toProvider).toEqual([]);
  // The note survives a reload until the viewer acts.
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('Your identity provider offers no sign-out');

  // Glewlwyd's session is still open, yet the next sign-in asks for credentials (prompt=login).
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/prompt=login|login\.html/);
  await new GlewlwydLoginPage(page).expectLoginForm();
});
