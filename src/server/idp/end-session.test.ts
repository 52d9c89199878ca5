// RP-initiated logout at the embedded IdP: the SPA's end_session redirect (id_token_hint,
// state, post_logout_redirect_uri to the registered app URI) is accepted. (The confirmation
// page shown to a browser with the IdP session is covered by e2e/sign-out-and-switch.spec.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, idpSignIn, startTestSystem, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.dispose());

describe('end session at the embedded IdP', () => {
  it.each(['alice', 'erin'])('%s: an id_token_hint from a browser without the IdP session is confirmed at once', async (who) => {
    const { idToken } = await idpSignIn(sys, who);
    const url = new URL(`${sys.config.idp.issuer}/session/end`);
    url.searchParams.set('id_token_hint', idToken);
    url.searchParams.set('post_logout_redirect_uri', `${sys.config.app.publicUrl}/`);
    url.searchParams.set('state', 'st-123');
    const b = browser(sys);
    const page = await b.follow(url.href);
    expect(page.res.statusCode).toBe(200);
    // Without the IdP's session cookie there is nothing to ask: oidc-provider confirms at once.
    expect(page.res.body).toContain('/session/end/confirm');
    expect(page.res.body).toMatch(/name="logout" value="yes"/);
  });
});
