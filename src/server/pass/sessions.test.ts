// Authentication sessions: create with missing parameters, resume (POST sessions/{code}),
// status (GET sessions/{code}), expiry, replay, redirectUrl checks, the direct answers for
// a device (or SSO identity) that already holds a profile, and the codes themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCode } from './session-store.ts';
import {
  browser,
  clientToken,
  expectErrorBody,
  idpSignIn,
  mvpdLogin,
  passHeaders,
  startTestSystem,
  testConfig,
  type TestSystem,
} from '../test-support/test-system.ts';

const CODE_RE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{7}$/;
const THIRTY_MINUTES_MS = 30 * 60 * 1000;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

let sys: TestSystem;
let token: string;
let redirectUrl: string;
beforeAll(async () => {
  sys = await startTestSystem();
  token = await clientToken(sys);
  redirectUrl = `${sys.config.app.publicUrl}/mvpd-done`;
});
afterAll(() => sys.dispose());

const createSession = (headers: Record<string, string>, fields: Record<string, string>) =>
  sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/sessions', headers: { ...headers, ...FORM }, payload: form(fields) });
const resumeSession = (code: string, fields: Record<string, string>, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
  sys.app.inject({ method: 'POST', url: `/api/v2/PLAYGATE/sessions/${code}`, headers: { ...headers, ...FORM }, payload: form(fields) });
const sessionStatus = (code: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
  sys.app.inject({ url: `/api/v2/PLAYGATE/sessions/${code}`, headers });

describe('POST sessions with missing parameters', () => {
  it('answers resume/interactive with missingParameters and a code', async () => {
    const res = await createSession(passHeaders(token, 'device-sess-miss-01'), { domainName: 'localhost' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ actionName: 'resume', actionType: 'interactive', serviceProvider: 'PLAYGATE' });
    expect(body.code).toMatch(CODE_RE);
    expect([...body.missingParameters].sort()).toEqual(['mvpd', 'redirectUrl']);
    expect(body.url).toBeUndefined();
    expect(Number(body.notAfter) - Number(body.notBefore)).toBe(THIRTY_MINUTES_MS);
  });

  it('names only what is missing (mvpd given, redirectUrl missing) and keeps the mvpd', async () => {
    const res = await createSession(passHeaders(token, 'device-sess-miss-02'), { mvpd: 'Skyline', domainName: 'localhost' });
    const body = res.json();
    expect(body).toMatchObject({ actionName: 'resume', actionType: 'interactive', mvpd: 'Skyline', missingParameters: ['redirectUrl'] });
  });
});

describe('GET sessions/{code}', () => {
  it('answers existingParameters, missingParameters and a 30-minute validity as epoch-ms strings', async () => {
    const before = Date.now();
    const created = (await createSession(passHeaders(token, 'device-sess-stat-01'), { domainName: 'localhost' })).json();
    const after = Date.now();
    const res = await sessionStatus(created.code);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.existingParameters).toEqual({ domainName: 'localhost' });
    expect([...body.missingParameters].sort()).toEqual(['mvpd', 'redirectUrl']);
    expect(typeof body.notBefore).toBe('string');
    expect(typeof body.notAfter).toBe('string');
    expect(body.notBefore).toMatch(/^\d{13}$/);
    expect(body.notAfter).toMatch(/^\d{13}$/);
    expect(Number(body.notBefore)).toBeGreaterThanOrEqual(before);
    expect(Number(body.notBefore)).toBeLessThanOrEqual(after);
    expect(Number(body.notAfter) - Number(body.notBefore)).toBe(THIRTY_MINUTES_MS);
    // The same validity as the create answer.
    expect(body.notBefore).toBe(created.notBefore);
    expect(body.notAfter).toBe(created.notAfter);
  });

  it('reflects a resume: everything existing, nothing missing', async () => {
    const created = (await createSession(passHeaders(token, 'device-sess-stat-02'), { domainName: 'localhost' })).json();
    expect((await resumeSession(created.code, { mvpd: 'Skyline', redirectUrl })).statusCode).toBe(200);
    const body = (await sessionStatus(created.code)).json();
    expect(body.existingParameters).toEqual({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl });
    expect(body.missingParameters).toEqual([]);
  });

  it('refuses an unknown code: 400 invalid_parameter_code', async () => {
    expectErrorBody(await sessionStatus('ZZZZZZZ'), { status: 400, code: 'invalid_parameter_code' });
  });

  it('needs a client token', async () => {
    const created = (await createSession(passHeaders(token, 'device-sess-stat-03'), { domainName: 'localhost' })).json();
    expectErrorBody(await sessionStatus(created.code, {}), { status: 401, code: 'invalid_access_token_client_application' });
  });
});

describe('POST sessions/{code} (resume)', () => {
  it('completes a session with a form body and no AP-Device-Identifier: authenticate/interactive with a url', async () => {
    const device = 'device-sess-res-001';
    const created = (await createSession(passHeaders(token, device), { domainName: 'localhost' })).json();
    const res = await resumeSession(created.code, { mvpd: 'Skyline', redirectUrl });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ actionName: 'authenticate', actionType: 'interactive', mvpd: 'Skyline', code: created.code, sessionId: created.sessionId });
    expect(body.missingParameters ?? []).toEqual([]);
    expect(body.url).toBe(`/api/v2/authenticate/PLAYGATE/${created.code}`);
    expect(body.notAfter).toBe(created.notAfter);

    // The url works, and the profile lands on the session's device (not on a header's).
    const b = browser(sys);
    const page = await b.follow(new URL(body.url, sys.config.app.publicUrl).href);
    const done = await b.submitLogin(page.url, page.res, 'sky-basic', 'playgate');
    expect(done.url).toBe(redirectUrl);
    const profiles = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(token, device) });
    expect(Object.keys(profiles.json().profiles)).toEqual(['Skyline']);
    const byCode = await sys.app.inject({ url: `/api/v2/PLAYGATE/profiles/code/${created.code}`, headers: passHeaders(token, device) });
    expect(byCode.json().profiles.Skyline).toMatchObject({ type: 'regular', issuer: 'Skyline' });
  });

  it("uses the session's device, not the AP-Device-Identifier of the resume request", async () => {
    // Another device holds a Skyline profile; resuming with its header must not answer "authorize".
    const other = passHeaders(token, 'device-sess-res-oth');
    await mvpdLogin(sys, other, 'Skyline', 'sky-basic');
    const created = (await createSession(passHeaders(token, 'device-sess-res-002'), { domainName: 'localhost' })).json();
    const res = await resumeSession(created.code, { mvpd: 'Skyline', redirectUrl }, other);
    expect(res.json()).toMatchObject({ actionName: 'authenticate', actionType: 'interactive', code: created.code });
  });

  it('can be resumed step by step (still resume while something is missing)', async () => {
    const created = (await createSession(passHeaders(token, 'device-sess-res-003'), {})).json();
    expect([...created.missingParameters].sort()).toEqual(['domainName', 'mvpd', 'redirectUrl']);
    const step1 = (await resumeSession(created.code, { mvpd: 'Harbor' })).json();
    expect(step1).toMatchObject({ actionName: 'resume', actionType: 'interactive', mvpd: 'Harbor' });
    expect([...step1.missingParameters].sort()).toEqual(['domainName', 'redirectUrl']);
    const step2 = (await resumeSession(created.code, { domainName: 'localhost', redirectUrl })).json();
    expect(step2).toMatchObject({ actionName: 'authenticate', actionType: 'interactive', mvpd: 'Harbor' });
  });

  it('refuses an unknown code: 400 invalid_parameter_code', async () => {
    expectErrorBody(await resumeSession('ZZZZZZZ', { mvpd: 'Skyline', domainName: 'localhost', redirectUrl }), { status: 400, code: 'invalid_parameter_code' });
  });

  it('refuses a code already used for a login: 400 invalid_authentication_session', async () => {
    const { session } = await mvpdLogin(sys, passHeaders(token, 'device-sess-used-01'), 'Skyline', 'sky-basic');
    expectErrorBody(await resumeSession(session.code, { mvpd: 'Skyline', domainName: 'localhost', redirectUrl }), {
      status: 400,
      code: 'invalid_authentication_session',
      action: 'authentication',
    });
  });

  it('refuses a code whose login is under way (authenticate was opened)', async () => {
    const created = (await createSession(passHeaders(token, 'device-sess-used-02'), { mvpd: 'Skyline', domainName: 'localhost', redirectUrl })).json();
    expect((await sys.app.inject({ url: created.url })).statusCode).toBe(302);
    expectErrorBody(await resumeSession(created.code, { mvpd: 'Harbor' }), { status: 400, code: 'invalid_authentication_session' });
  });

  it.each([
    ['another host', 'https://evil.example/mvpd-done'],
    ['a look-alike host', 'http://localhost.evil.example/mvpd-done'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['not a URL', 'not a url'],
  ])('refuses a bad redirectUrl (%s): 400 invalid_parameter_redirect_url, and the session is unchanged', async (_label, bad) => {
    const created = (await createSession(passHeaders(token, 'device-sess-bad-01'), { domainName: 'localhost' })).json();
    expectErrorBody(await resumeSession(created.code, { mvpd: 'Skyline', redirectUrl: bad }), { status: 400, code: 'invalid_parameter_redirect_url' });
    const status = (await sessionStatus(created.code)).json();
    expect(status.existingParameters).toEqual({ domainName: 'localhost' });
  });

  it('refuses an unknown MVPD on resume: 400 invalid_integration', async () => {
    const created = (await createSession(passHeaders(token, 'device-sess-bad-02'), { domainName: 'localhost' })).json();
    expectErrorBody(await resumeSession(created.code, { mvpd: 'Nope' }), { status: 400, code: 'invalid_integration', action: 'configuration' });
  });

  it('needs a client token', async () => {
    const created = (await createSession(passHeaders(token, 'device-sess-bad-03'), { domainName: 'localhost' })).json();
    expectErrorBody(await resumeSession(created.code, { mvpd: 'Skyline' }, {}), { status: 401, code: 'invalid_access_token_client_application' });
  });
});

describe('a device or viewer that already holds a profile', () => {
  it('create: authorize/direct/authenticated for the device that holds the profile', async () => {
    const headers = passHeaders(token, 'device-sess-have-01');
    await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
    const res = await createSession(headers, { mvpd: 'Skyline', domainName: 'localhost', redirectUrl });
    expect(res.json()).toMatchObject({ actionName: 'authorize', actionType: 'direct', reasonType: 'authenticated', mvpd: 'Skyline' });
    expect(res.json().url).toBeUndefined();
    // Another MVPD still needs a login.
    const other = await createSession(headers, { mvpd: 'Harbor', domainName: 'localhost', redirectUrl });
    expect(other.json()).toMatchObject({ actionName: 'authenticate', actionType: 'interactive', mvpd: 'Harbor' });
  });

  it('resume: authorize/direct/authenticated once the MVPD is known', async () => {
    const headers = passHeaders(token, 'device-sess-have-02');
    await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
    const created = (await createSession(headers, { domainName: 'localhost' })).json();
    expect(created.actionName).toBe('resume');
    const res = await resumeSession(created.code, { mvpd: 'Skyline', redirectUrl });
    expect(res.json()).toMatchObject({ actionName: 'authorize', actionType: 'direct', reasonType: 'authenticated', mvpd: 'Skyline' });
  });

  it('a second device with the same SSO token: authorize/direct/authenticatedSSO', async () => {
    const alice = await idpSignIn(sys, 'alice');
    await mvpdLogin(sys, passHeaders(token, 'device-sess-sso-001', alice.accessToken), 'MetroFiber', 'metro-all');
    const second = passHeaders(token, 'device-sess-sso-002', alice.accessToken);
    const res = await createSession(second, { mvpd: 'MetroFiber', domainName: 'localhost', redirectUrl });
    expect(res.json()).toMatchObject({ actionName: 'authorize', actionType: 'direct', reasonType: 'authenticatedSSO', mvpd: 'MetroFiber' });

    // The SSO identity is kept with a session, so resuming it finds the SSO profile too.
    const pending = (await createSession(second, { domainName: 'localhost' })).json();
    const resumed = await resumeSession(pending.code, { mvpd: 'MetroFiber', redirectUrl });
    expect(resumed.json()).toMatchObject({ actionName: 'authorize', actionType: 'direct', reasonType: 'authenticatedSSO' });

    // Without the service token, the second device has nothing.
    const plain = await createSession(passHeaders(token, 'device-sess-sso-002'), { mvpd: 'MetroFiber', domainName: 'localhost', redirectUrl });
    expect(plain.json()).toMatchObject({ actionName: 'authenticate', actionType: 'interactive' });
  });
});

describe('codes', () => {
  it('are 7 characters of the unambiguous alphabet, and 50 created codes are all distinct', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await createSession(passHeaders(token, `device-sess-code-${String(i).padStart(3, '0')}`), { mvpd: 'Skyline', domainName: 'localhost', redirectUrl });
      codes.push(res.json().code);
    }
    for (const code of codes) expect(code).toMatch(CODE_RE);
    expect(new Set(codes).size).toBe(50);
  });

  it('the generator uses the whole alphabet and nothing else', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = newCode();
      expect(code).toMatch(CODE_RE);
      for (const c of code) seen.add(c);
    }
    expect([...seen].sort().join('')).toBe([...'ABCDEFGHJKMNPQRSTUVWXYZ23456789'].sort().join(''));
  });
});

describe('expired sessions (1-second validity)', () => {
  let short: TestSystem;
  let shortToken: string;
  beforeAll(async () => {
    short = await startTestSystem(testConfig((raw) => (raw.tokens.authenticationSessionTtlSeconds = 1)));
    shortToken = await clientToken(short);
  });
  afterAll(() => short.dispose());

  it('GET, POST sessions/{code} and authenticate refuse an expired code: invalid_authentication_session', async () => {
    const created = await short.app.inject({
      method: 'POST',
      url: '/api/v2/PLAYGATE/sessions',
      headers: { ...passHeaders(shortToken, 'device-sess-exp-001'), ...FORM },
      payload: form({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl: `${short.config.app.publicUrl}/mvpd-done` }),
    });
    const { code, notBefore, notAfter } = created.json();
    expect(Number(notAfter) - Number(notBefore)).toBe(1000);
    const auth = { authorization: `Bearer ${shortToken}` };
    // Live at first.
    expect((await short.app.inject({ url: `/api/v2/PLAYGATE/sessions/${code}`, headers: auth })).statusCode).toBe(200);

    await new Promise((r) => setTimeout(r, 1100));

    expectErrorBody(await short.app.inject({ url: `/api/v2/PLAYGATE/sessions/${code}`, headers: auth }), {
      status: 400,
      code: 'invalid_authentication_session',
      action: 'authentication',
    });
    expectErrorBody(
      await short.app.inject({
        method: 'POST',
        url: `/api/v2/PLAYGATE/sessions/${code}`,
        headers: { ...auth, ...FORM },
        payload: form({ mvpd: 'Harbor' }),
      }),
      { status: 400, code: 'invalid_authentication_session', action: 'authentication' },
    );
    // The browser leg refuses it too (an HTML page naming the code).
    const page = await short.app.inject({ url: `/api/v2/authenticate/PLAYGATE/${code}` });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<code>invalid_authentication_session</code>');
    // An unknown code is still told apart from an expired one.
    expectErrorBody(await short.app.inject({ url: '/api/v2/PLAYGATE/sessions/ZZZZZZZ', headers: auth }), { status: 400, code: 'invalid_parameter_code' });
  });
});
