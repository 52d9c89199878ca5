// Every refusal of the Pass API (/api/v2) with its enhanced error code, and a sweep of
// malformed requests at every endpoint: always a 4xx in the documented error format,
// never a 5xx. Assertions use code/status/action and the trace, never message text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { SignJWT } from 'jose';
import { loadOrCreateKeySet } from '../tokens/key-store.ts';
import { TokenService } from '../tokens/token-service.ts';
import { formatDeviceIdentifier } from '../../shared/device-identifier.ts';
import {
  checkErrorShape,
  clientToken,
  expectErrorBody,
  idpSignIn,
  mvpdLogin,
  passHeaders,
  startTestSystem,
  testConfig,
  type TestSystem,
} from '../test-support/test-system.ts';

let sys: TestSystem;
let token: string;
let foreignDir: string;
let foreign: TokenService;
/** A device that holds a Skyline profile (sky-basic), for the deeper paths. */
const LOGGED_IN_DEVICE = 'device-errors-0001';
let completedCode: string;

beforeAll(async () => {
  sys = await startTestSystem();
  token = await clientToken(sys);
  foreignDir = mkdtempSync(join(tmpdir(), 'playgate-foreign-'));
  foreign = await TokenService.create(sys.config.app.publicUrl, await loadOrCreateKeySet(join(foreignDir, 'keys.json'), ['ES256']));
  const { session } = await mvpdLogin(sys, passHeaders(token, LOGGED_IN_DEVICE), 'Skyline', 'sky-basic');
  completedCode = session.code;
});
afterAll(async () => {
  await sys.dispose();
  rmSync(foreignDir, { recursive: true, force: true });
});

const REDIRECT = 'http://localhost:8080/mvpd-done';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  /** Needs AP-Device-Identifier (as in restApiV2.json). */
  device: boolean;
  payload?: string;
  contentType?: string;
}

/** Every /api/v2 endpoint that takes a client token, with a well-formed request. */
const ENDPOINTS: Endpoint[] = [
  { name: 'configuration', method: 'GET', url: '/api/v2/PLAYGATE/configuration', device: false },
  { name: 'sessions', method: 'POST', url: '/api/v2/PLAYGATE/sessions', device: true, payload: form({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl: REDIRECT }), contentType: FORM['content-type'] },
  { name: 'profiles', method: 'GET', url: '/api/v2/PLAYGATE/profiles', device: true },
  { name: 'profiles/code', method: 'GET', url: '/api/v2/PLAYGATE/profiles/code/ABCDEFG', device: false },
  {
    name: 'decisions/authorize',
    method: 'POST',
    url: '/api/v2/PLAYGATE/decisions/authorize/Skyline',
    device: true,
    payload: JSON.stringify({ resources: ['news-24'] }),
    contentType: 'application/json',
  },
];

function call(ep: Endpoint, headers: Record<string, string | undefined>, overrides: Partial<Endpoint> = {}) {
  const e = { ...ep, ...overrides };
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...(e.contentType ? { 'content-type': e.contentType } : {}), ...headers })) if (v !== undefined) h[k] = v;
  return sys.app.inject({ method: e.method, url: e.url, headers: h, ...(e.payload !== undefined ? { payload: e.payload } : {}) });
}

const goodHeaders = (deviceId = 'device-errors-0002') => passHeaders(token, deviceId);
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

const ACCESS_ERROR = { status: 401, code: 'invalid_access_token_client_application', action: 'application-registration' };

describe('client access token (Authorization: Bearer)', () => {
  /** Bad Authorization values, each a way to try to get in without a valid client token. */
  const badAuthorizations: Array<[string, () => Promise<string | undefined> | string | undefined]> = [
    ['no Authorization header', () => undefined],
    ['an empty Authorization header', () => ''],
    ['a Basic scheme', () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['"Bearer" with no token', () => 'Bearer '],
    ['a lower-case scheme with junk', () => 'bearer junk junk'],
    ['garbage', () => 'Bearer not.a.jwt'],
    [
      'a tampered signature',
      () => {
        const [h, p, s] = token.split('.') as [string, string, string];
        return `Bearer ${h}.${p}.${s.slice(0, 20)}${s[20] === 'A' ? 'B' : 'A'}${s.slice(21)}`;
      },
    ],
    [
      'a tampered payload (another client_id)',
      () => {
        const [h, p, s] = token.split('.') as [string, string, string];
        const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
        return `Bearer ${h}.${b64url({ ...claims, client_id: 'someone-else' })}.${s}`;
      },
    ],
    [
      'an alg: none token',
      () => {
        const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
        return `Bearer ${b64url({ alg: 'none', typ: 'at+jwt' })}.${b64url(claims)}.`;
      },
    ],
    [
      'an HS256 token keyed with the public JWK (key confusion)',
      async () => {
        const jwk = sys.ctx.tokens.publicJwks.keys[0]!;
        const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
        const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: jwk.kid! }).sign(new TextEncoder().encode(JSON.stringify(jwk)));
        return `Bearer ${forged}`;
      },
    ],
    ['a media token', async () => `Bearer ${(await sys.ctx.tokens.sign('media', { client_id: 'x', requestor: 'PLAYGATE', resource: 'news-24' }, 600)).token}`],
    ['a playback token', async () => `Bearer ${(await sys.ctx.tokens.sign('playback', { client_id: 'x', requestor: 'PLAYGATE', resource: 'news-24' }, 600)).token}`],
    ['the software statement', () => `Bearer ${sys.softwareStatement}`],
    ['an expired client token', async () => `Bearer ${(await sys.ctx.tokens.sign('clientAccess', { client_id: 'x', requestor: 'PLAYGATE' }, 60, Date.now() - 600_000)).token}`],
    ['a client token not yet valid', async () => `Bearer ${(await sys.ctx.tokens.sign('clientAccess', { client_id: 'x', requestor: 'PLAYGATE' }, 600, Date.now() + 600_000)).token}`],
    ['a client token from another installation', async () => `Bearer ${(await foreign.sign('clientAccess', { client_id: 'x', requestor: 'PLAYGATE' }, 600)).token}`],
    ['the IdP viewer token (an at+jwt of another issuer)', async () => `Bearer ${(await idpSignIn(sys, 'bob')).accessToken}`],
    ['an oversized token', () => `Bearer ${token}${'A'.repeat(9000)}`],
  ];

  for (const ep of ENDPOINTS) {
    describe(ep.name, () => {
      it.each(badAuthorizations)('refuses %s: 401 invalid_access_token_client_application', async (_label, make) => {
        const authorization = await make();
        const res = await call(ep, { ...goodHeaders(), authorization });
        expectErrorBody(res, ACCESS_ERROR);
      });

      it('answers 200 with a valid client token (the control case)', async () => {
        const res = await call(ep, goodHeaders(LOGGED_IN_DEVICE), ep.name === 'profiles/code' ? { url: `/api/v2/PLAYGATE/profiles/code/${completedCode}` } : {});
        expect(res.statusCode, res.body).toBe(200);
      });

      it('refuses a client token issued for another service provider: 401 invalid_access_token_service_provider', async () => {
        const other = (await sys.ctx.tokens.sign('clientAccess', { client_id: 'x', requestor: 'OTHER', jti: 'x' }, 600)).token;
        expectErrorBody(await call(ep, { ...goodHeaders(), authorization: `Bearer ${other}` }), { status: 401, code: 'invalid_access_token_service_provider' });
      });

      it.each(['OTHER', 'playgate', 'PLAYGATE2', '%E2%98%83', 'PLAY%20GATE'])('refuses the service provider "%s" in the path: 400 invalid_parameter_service_provider', async (sp) => {
        const res = await call(ep, goodHeaders(), { url: ep.url.replace('/PLAYGATE/', `/${sp}/`) });
        expectErrorBody(res, { status: 400, code: 'invalid_parameter_service_provider' });
      });
    });
  }
});

describe('AP-Device-Identifier', () => {
  const badDevices: Array<[string, string | undefined]> = [
    ['missing', undefined],
    ['empty', ''],
    ['no value', 'fingerprint'],
    ['no value after the scheme', 'fingerprint '],
    ['another scheme', `bearer ${btoa('device-bad-000001')}`],
    ['a capitalised scheme', `Fingerprint ${btoa('device-bad-000001')}`],
    ['not base64', 'fingerprint !!!not-base64!!!'],
    ['a raw (not encoded) id', 'fingerprint device-bad-000001'],
    ['a too-short id', formatDeviceIdentifier('short')],
    ['an id with spaces', formatDeviceIdentifier('has spaces inside it')],
    ['an id with a path', formatDeviceIdentifier('../../../etc/passwd')],
    ['non-ASCII bytes', `fingerprint ${Buffer.from('ééééééééééé').toString('base64')}`],
    ['an over-long id', formatDeviceIdentifier('a'.repeat(200))],
    ['an over-long header', `fingerprint ${'QUFB'.repeat(200)}`],
    ['two values', `${formatDeviceIdentifier('device-bad-000001')}, ${formatDeviceIdentifier('device-bad-000002')}`],
  ];
  for (const ep of ENDPOINTS.filter((e) => e.device)) {
    it.each(badDevices)(`${ep.name}: refuses the header (%s) with 400 invalid_header_device_identifier`, async (_label, value) => {
      const res = await call(ep, { ...goodHeaders(), 'ap-device-identifier': value });
      expectErrorBody(res, { status: 400, code: 'invalid_header_device_identifier', action: 'none' });
    });
  }

  it('checks the client token before the device header', async () => {
    const res = await call(ENDPOINTS[2]!, { 'ap-device-identifier': undefined });
    expectErrorBody(res, ACCESS_ERROR);
  });
});

describe('POST sessions', () => {
  const sessions = ENDPOINTS[1]!;
  const create = (fields: Record<string, string>, deviceId = 'device-sessions-0001') => call(sessions, goodHeaders(deviceId), { payload: form(fields) });

  it('creates an authenticate session for a well-formed request', async () => {
    const res = await create({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl: REDIRECT });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ actionName: 'authenticate', actionType: 'interactive', mvpd: 'Skyline', serviceProvider: 'PLAYGATE' });
    expect(body.url).toBe(`/api/v2/authenticate/PLAYGATE/${body.code}`);
    expect(Number(body.notAfter) - Number(body.notBefore)).toBe(sys.config.tokens.authenticationSessionTtlSeconds * 1000);
  });

  it('takes a JSON body too', async () => {
    const res = await call(sessions, goodHeaders(), { payload: JSON.stringify({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl: REDIRECT }), contentType: 'application/json' });
    expect(res.json()).toMatchObject({ actionName: 'authenticate' });
  });

  it.each([
    'https://evil.example/x',
    'javascript:alert(1)',
    'JAVASCRIPT:alert(document.domain)//localhost',
    'data:text/html,<script>alert(1)</script>',
    'http://localhost.evil.example/mvpd-done',
    'http://evil.example/?next=http://localhost/',
    'http://localhost@evil.example/',
    'http://evil.example\\@localhost/',
    '//evil.example/x',
    '/mvpd-done',
    'ftp://localhost/x',
    'file:///etc/passwd',
    'not a url',
  ])('refuses the redirectUrl %s: 400 invalid_parameter_redirect_url', async (redirectUrl) => {
    const res = await create({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl });
    expectErrorBody(res, { status: 400, code: 'invalid_parameter_redirect_url' });
  });

  it('refuses an unregistered domainName: 400 invalid_parameter_redirect_url', async () => {
    expectErrorBody(await create({ mvpd: 'Skyline', domainName: 'evil.example', redirectUrl: REDIRECT }), { status: 400, code: 'invalid_parameter_redirect_url' });
  });

  it('accepts https and other paths on the registered domain', async () => {
    for (const redirectUrl of ['https://localhost/done', 'http://localhost:5173/any/where?x=1#y']) {
      expect((await create({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl })).json()).toMatchObject({ actionName: 'authenticate' });
    }
  });

  it.each(['Nope', 'skyline', 'SKYLINE', '__proto__', 'constructor', 'Sky line', '☃'])('refuses the MVPD "%s": 400 invalid_integration (action configuration)', async (mvpd) => {
    const res = await create({ mvpd, domainName: 'localhost', redirectUrl: REDIRECT });
    expectErrorBody(res, { status: 400, code: 'invalid_integration', action: 'configuration' });
  });

  it.each([
    [{}, ['mvpd', 'domainName', 'redirectUrl']],
    [{ mvpd: 'Skyline' }, ['domainName', 'redirectUrl']],
    [{ domainName: 'localhost', redirectUrl: REDIRECT }, ['mvpd']],
    [{ mvpd: 'Skyline', domainName: 'localhost' }, ['redirectUrl']],
    [{ mvpd: '', domainName: 'localhost', redirectUrl: REDIRECT }, ['mvpd']],
  ] as Array<[Record<string, string>, string[]]>)('answers %j with actionName resume and the missing parameters', async (fields, missing) => {
    const res = await create(fields);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ actionName: 'resume', actionType: 'interactive' });
    expect(body.missingParameters).toEqual(missing);
    expect(body.code).toMatch(/^[A-Z2-9]{7}$/);
    expect(body.url).toBeUndefined();
  });

  it('answers authorize/direct when the device already has a profile for the MVPD', async () => {
    const res = await create({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl: REDIRECT }, LOGGED_IN_DEVICE);
    expect(res.json()).toMatchObject({ actionName: 'authorize', actionType: 'direct', reasonType: 'authenticated', mvpd: 'Skyline' });
    expect(res.json().code).toBeUndefined();
  });

  it('ignores an invalid AD-Service-Token (no SSO, still 200)', async () => {
    const res = await call(sessions, { ...goodHeaders(), 'ad-service-token': 'not.a.token' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ actionName: 'authenticate' });
  });
});

describe('GET profiles', () => {
  const profiles = ENDPOINTS[2]!;
  const SSO_GARBAGE: Array<[string, () => Promise<string> | string]> = [
    ['garbage', () => 'not.a.token'],
    ['a Playgate client token', () => token],
    ['an HS256 token', async () => new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' }).setIssuer(sys.config.idp.issuer).setAudience(sys.config.idp.audience).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode('x'.repeat(32)))],
    [
      "a tampered viewer token (another subject)",
      async () => {
        const { accessToken } = await idpSignIn(sys, 'bob');
        const [h, p, s] = accessToken.split('.') as [string, string, string];
        const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
        return `${h}.${b64url({ ...claims, sub: 'alice' })}.${s}`;
      },
    ],
    ['an oversized token', () => 'a'.repeat(9000)],
  ];

  it.each(SSO_GARBAGE)('ignores an invalid AD-Service-Token (%s): 200 with the device profile only', async (_label, make) => {
    const res = await call(profiles, { ...goodHeaders(LOGGED_IN_DEVICE), 'ad-service-token': await make() });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body.profiles)).toEqual(['Skyline']);
    expect(body.profiles.Skyline.type).toBe('regular');
  });

  it('answers an empty profile map for a device without profiles', async () => {
    const res = await call(profiles, goodHeaders('device-nothing-0001'));
    expect(res.json()).toEqual({ profiles: {} });
  });
});

describe('GET profiles/code/{code}', () => {
  it.each(['NOPE123', 'ZZZZZZZ', 'a', "'; DROP TABLE profiles; --", '%F0%9F%98%80'])('refuses the unknown code %s: 400 invalid_parameter_code', async (code) => {
    const res = await sys.app.inject({ url: `/api/v2/PLAYGATE/profiles/code/${code.includes('%') ? code : encodeURIComponent(code)}`, headers: goodHeaders() });
    expectErrorBody(res, { status: 400, code: 'invalid_parameter_code' });
  });

  describe('is rate-limited while polling (limits: 1 request/s, burst 3)', () => {
    let limited: TestSystem;
    let limitedToken: string;
    beforeAll(async () => {
      limited = await startTestSystem(testConfig((raw) => (raw.limits = { pollRatePerSecond: 1, pollBurst: 3 })));
      limitedToken = await clientToken(limited);
    });
    afterAll(() => limited.dispose());

    const poll = (code: string, deviceId: string) => limited.app.inject({ url: `/api/v2/PLAYGATE/profiles/code/${code}`, headers: passHeaders(limitedToken, deviceId) });
    const pendingCode = async (deviceId: string) => {
      const created = await limited.app.inject({
        method: 'POST',
        url: '/api/v2/PLAYGATE/sessions',
        headers: { ...passHeaders(limitedToken, deviceId), ...FORM },
        payload: form({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl: REDIRECT }),
      });
      return created.json().code as string;
    };

    it('the 4th rapid poll from one device → 429 too_many_requests (retry-after); another device is not affected; a second later it may poll again', async () => {
      const code = await pendingCode('device-poll-00001');
      for (let i = 0; i < 3; i++) {
        const res = await poll(code, 'device-poll-00001');
        expect(res.statusCode, `poll ${i + 1}`).toBe(200);
        expect(res.json()).toEqual({ profiles: {} });
      }
      const limitedRes = await poll(code, 'device-poll-00001');
      expectErrorBody(limitedRes, { status: 429, code: 'too_many_requests', action: 'retry-after' });
      // The action names the header that says when: whole seconds, at least one.
      expect(limitedRes.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      expectErrorBody(await poll(code, 'device-poll-00001'), { status: 429, code: 'too_many_requests', action: 'retry-after' });

      // Another device polling the same code has its own budget.
      const other = await poll(code, 'device-poll-00002');
      expect(other.statusCode).toBe(200);
      expect(other.json()).toEqual({ profiles: {} });

      // The bucket refills at 1 token per second.
      await new Promise((r) => setTimeout(r, 1100));
      expect((await poll(code, 'device-poll-00001')).statusCode).toBe(200);
    });

    it('the limit also counts polls for unknown codes (no guessing codes at speed)', async () => {
      for (let i = 0; i < 3; i++) expectErrorBody(await poll('ZZZZZZZ', 'device-poll-00003'), { status: 400, code: 'invalid_parameter_code' });
      expectErrorBody(await poll('ZZZZZZZ', 'device-poll-00003'), { status: 429, code: 'too_many_requests', action: 'retry-after' });
    });

    it('does not limit the other profile endpoints', async () => {
      for (let i = 0; i < 6; i++) expect((await limited.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(limitedToken, 'device-poll-00004') })).statusCode).toBe(200);
    });
  });

  it('answers an empty profile map while the session is still pending', async () => {
    const created = await call(ENDPOINTS[1]!, goodHeaders('device-pending-0001'));
    const res = await sys.app.inject({ url: `/api/v2/PLAYGATE/profiles/code/${created.json().code}`, headers: goodHeaders() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ profiles: {} });
  });
});

describe('POST decisions/authorize/{mvpd}', () => {
  const authorizeEp = ENDPOINTS[4]!;
  const decide = (resources: unknown, deviceId = LOGGED_IN_DEVICE, mvpd = 'Skyline') =>
    call(authorizeEp, goodHeaders(deviceId), { url: `/api/v2/PLAYGATE/decisions/authorize/${mvpd}`, payload: JSON.stringify({ resources }) });

  it('refuses a device with no profile: 403 authenticated_profile_missing (action authentication)', async () => {
    expectErrorBody(await decide(['news-24'], 'device-noprofile-01'), { status: 403, code: 'authenticated_profile_missing', action: 'authentication' });
  });

  it('refuses an MVPD the device has no profile with: 403 authenticated_profile_missing', async () => {
    expectErrorBody(await decide(['news-24'], LOGGED_IN_DEVICE, 'MetroFiber'), { status: 403, code: 'authenticated_profile_missing' });
  });

  it('refuses two resources: 400 too_many_resources', async () => {
    expectErrorBody(await decide(['news-24', 'sports-one']), { status: 400, code: 'too_many_resources' });
  });

  it('refuses an unknown MVPD: 400 invalid_integration', async () => {
    expectErrorBody(await decide(['news-24'], LOGGED_IN_DEVICE, 'Nope'), { status: 400, code: 'invalid_integration', action: 'configuration' });
  });

  it.each([
    ['no resources', []],
    ['a resource that is not a string', [42, { a: 1 }]],
    ['an empty resource id', ['']],
    ['an object instead of a list', { 0: 'news-24' }],
    ['null', null],
  ])('refuses %s with a 400 error body', async (_label, resources) => {
    const res = await decide(resources);
    expect(res.statusCode).toBe(400);
    checkErrorShape(res.json(), res);
    expect(['invalid_request', 'invalid_parameter_resources']).toContain(res.json().code);
  });

  it('answers Permit with a media token for a resource in the package (the control case)', async () => {
    const res = await decide(['news-24']);
    expect(res.json().decisions[0]).toMatchObject({ authorized: true, resource: 'news-24' });
  });
});

describe('GET authenticate/{sp}/{code} (a browser page, not JSON)', () => {
  function expectHtmlError(res: LightMyRequestResponse, code: string) {
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/^<!doctype html>/i);
    expect(res.body).toContain(`<code>${code}</code>`);
    expect(res.body).toContain(String(res.headers['x-trace-id']));
    // No stack trace, source path or internal error name leaks into the page.
    expect(res.body).not.toMatch(/\bat [\w$.<>]+ \(|node_modules|\.ts:\d+|PassError|TokenRejected/);
  }

  it('answers an unknown code with an HTML page, status 400, no stack trace', async () => {
    expectHtmlError(await sys.app.inject({ url: '/api/v2/authenticate/PLAYGATE/NOPE123' }), 'invalid_authentication_session');
  });

  it('answers an unknown service provider with an HTML page', async () => {
    expectHtmlError(await sys.app.inject({ url: '/api/v2/authenticate/NOPE/ABCDEFG' }), 'invalid_parameter_service_provider');
  });

  it('escapes what the caller put in the URL', async () => {
    const res = await sys.app.inject({ url: `/api/v2/authenticate/${encodeURIComponent('<script>alert(1)</script>')}/${encodeURIComponent('<img src=x onerror=alert(1)>')}` });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<img src=x');
  });

  it('refuses a session that still lacks its MVPD (resume first)', async () => {
    const created = await call(ENDPOINTS[1]!, goodHeaders('device-resume-0001'), { payload: form({ domainName: 'localhost' }) });
    expect(created.json().actionName).toBe('resume');
    expectHtmlError(await sys.app.inject({ url: `/api/v2/authenticate/PLAYGATE/${created.json().code}` }), 'invalid_authentication_session');
  });

  it('refuses a code that already completed a login (no replay)', async () => {
    expectHtmlError(await sys.app.inject({ url: `/api/v2/authenticate/PLAYGATE/${completedCode}` }), 'invalid_authentication_session');
  });

  it('redirects a fresh code to the MVPD login (the control case)', async () => {
    const created = await call(ENDPOINTS[1]!, goodHeaders('device-fresh-00001'));
    const res = await sys.app.inject({ url: `/api/v2/authenticate/PLAYGATE/${created.json().code}` });
    expect(res.statusCode).toBe(302);
    expect(new URL(String(res.headers.location)).origin).toBe(new URL(sys.config.mvpdSimulator.issuer).origin);
  });

  it('answers a callback with no sign-in in progress with an HTML page', async () => {
    for (const url of ['/api/v2/authenticate/callback', '/api/v2/authenticate/callback?state=forged', '/api/v2/authenticate/callback?state=x&code=y&iss=z']) {
      expectHtmlError(await sys.app.inject({ url }), 'invalid_authentication_session');
    }
  });
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/api/v2/PLAYGATE/nope'],
    ['GET', '/api/v3/PLAYGATE/configuration'],
    ['GET', '/api/nope'],
    ['POST', '/o/client/nope'],
    ['GET', '/definitely/not/here'],
  ] as Array<['GET' | 'POST' | 'DELETE' | 'PUT', string]>)('%s %s → 404 not_found in the error format', async (method, url) => {
    expectErrorBody(await sys.app.inject({ method, url, headers: goodHeaders() }), { status: 404, code: 'not_found' });
  });
});

describe('wrong methods on existing paths', () => {
  it.each([
    ['DELETE', '/api/v2/PLAYGATE/profiles', 'GET, HEAD'],
    ['PUT', '/api/v2/PLAYGATE/sessions', 'POST'],
    ['GET', '/api/v2/PLAYGATE/decisions/authorize/Skyline', 'POST'],
    ['DELETE', '/api/v2/PLAYGATE/sessions/ABCDEFG', 'GET, HEAD, POST'],
    ['POST', '/api/v2/PLAYGATE/logout/Skyline', 'GET, HEAD'],
    ['GET', '/o/client/token', 'POST'],
  ] as Array<['GET' | 'POST' | 'DELETE' | 'PUT', string, string]>)('%s %s → 405 with Allow: %s', async (method, url, allow) => {
    const res = await sys.app.inject({ method, url, headers: goodHeaders() });
    expectErrorBody(res, { status: 405, code: 'method_not_allowed' });
    expect(res.headers.allow).toBe(allow);
  });
});

describe('router-level failures are answered in the error format too', () => {
  it('a URL that does not percent-decode → 400 invalid_request with the trace', async () => {
    expectErrorBody(await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles/code/%E0%A4%A', headers: goodHeaders() }), { status: 400, code: 'invalid_request' });
  });

  it('a path parameter over the router limit → a 4xx error body (no echo of the path)', async () => {
    const res = await sys.app.inject({ url: `/api/v2/PLAYGATE/profiles/code/${'Q'.repeat(300)}`, headers: goodHeaders() });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    checkErrorShape(res.json(), res);
    expect(res.body).not.toContain('Q'.repeat(100));
  });
});

describe('malformed input never causes a 5xx', () => {
  interface Variant {
    name: string;
    headers?: Record<string, string | undefined>;
    url?: (url: string) => string;
    payload?: string;
    contentType?: string;
  }
  const long = (n: number) => 'A'.repeat(n);
  const jwtish = (header: unknown, payload: unknown) => `${b64url(header)}.${b64url(payload)}.${b64url('sig')}`;

  const VARIANTS: Variant[] = [
    // Headers: huge but within what a server accepts, strange bytes, hostile JWT headers.
    { name: 'huge Authorization', headers: { authorization: `Bearer ${long(12_000)}` } },
    { name: 'huge device header', headers: { 'ap-device-identifier': `fingerprint ${long(12_000)}` } },
    { name: 'huge service token', headers: { 'ad-service-token': long(12_000) } },
    { name: 'huge X-Device-Info', headers: { 'x-device-info': long(12_000) } },
    { name: 'X-Device-Info not base64 JSON', headers: { 'x-device-info': '%%%{{{' } },
    { name: 'X-Device-Info base64 of junk', headers: { 'x-device-info': Buffer.from('{"a":').toString('base64') } },
    { name: 'Authorization with a JWT header that is not JSON', headers: { authorization: `Bearer ${Buffer.from('{{{').toString('base64url')}.e30.e30` } },
    { name: 'Authorization with JSON null header', headers: { authorization: `Bearer ${b64url(null)}.${b64url(null)}.x` } },
    { name: 'Authorization with kid injection', headers: { authorization: `Bearer ${jwtish({ alg: 'ES256', typ: 'at+jwt', kid: "' OR 1=1 --" }, { requestor: 'PLAYGATE' })}` } },
    { name: 'Authorization with kid as object', headers: { authorization: `Bearer ${jwtish({ alg: 'ES256', kid: { $ne: null } }, {})}` } },
    { name: 'Authorization with crit', headers: { authorization: `Bearer ${jwtish({ alg: 'ES256', crit: ['exp'] }, {})}` } },
    { name: 'Authorization with jku', headers: { authorization: `Bearer ${jwtish({ alg: 'RS256', jku: 'http://evil.example/jwks', kid: 'x' }, {})}` } },
    { name: 'Authorization with an embedded jwk', headers: { authorization: `Bearer ${jwtish({ alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' } }, {})}` } },
    { name: 'Authorization with a zip header', headers: { authorization: `Bearer ${jwtish({ alg: 'ES256', zip: 'DEF' }, {})}` } },
    { name: 'Authorization with five segments (JWE-like)', headers: { authorization: 'Bearer a.b.c.d.e' } },
    { name: 'Authorization with unicode', headers: { authorization: 'Bearer ☃.☃.☃' } },
    { name: 'service token with jku/x5u', headers: { 'ad-service-token': jwtish({ alg: 'RS256', jku: 'http://evil.example/jwks', x5u: 'http://evil.example/x5u', kid: 'nope' }, { sub: 'alice' }) } },
    { name: 'service token alg none', headers: { 'ad-service-token': `${b64url({ alg: 'none' })}.${b64url({ sub: 'alice', iss: 'http://localhost:8081' })}.` } },
    { name: 'service token with unicode', headers: { 'ad-service-token': '\u00e9\u00e8.\u00ff.\u00a0' } },
    { name: 'device header with control-like unicode', headers: { 'ap-device-identifier': 'fingerprint \u00e9\u00e9\u00e9\u00e9' } },
    // Bodies.
    { name: 'bad JSON', payload: '{"resources": [', contentType: 'application/json' },
    { name: 'JSON null', payload: 'null', contentType: 'application/json' },
    { name: 'JSON string', payload: '"x"', contentType: 'application/json' },
    { name: 'JSON number', payload: '1e309', contentType: 'application/json' },
    { name: 'deeply nested JSON', payload: `${'['.repeat(5000)}${']'.repeat(5000)}`, contentType: 'application/json' },
    { name: 'prototype pollution', payload: '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},"resources":["news-24"]}', contentType: 'application/json' },
    { name: 'lone surrogates in JSON', payload: '{"mvpd":"\\ud800","domainName":"\\udfff","redirectUrl":"http://localhost/\\ud800","resources":["\\ud800"]}', contentType: 'application/json' },
    { name: 'NUL bytes in JSON', payload: '{"mvpd":"Sky\\u0000line","redirectUrl":"http://localhost\\u0000.evil.example/","resources":["news\\u000024"]}', contentType: 'application/json' },
    { name: 'huge resource id', payload: JSON.stringify({ resources: [long(5000)] }), contentType: 'application/json' },
    { name: 'many resources', payload: JSON.stringify({ resources: Array.from({ length: 500 }, (_, i) => `r${i}`) }), contentType: 'application/json' },
    { name: 'over the body limit', payload: JSON.stringify({ resources: [long(70_000)] }), contentType: 'application/json' },
    { name: 'form with repeated keys', payload: 'mvpd=Skyline&mvpd=Harbor&resources=a&resources=b', contentType: 'application/x-www-form-urlencoded' },
    { name: 'form with bracket keys', payload: 'mvpd[a]=1&resources[0]=x&__proto__[x]=1', contentType: 'application/x-www-form-urlencoded' },
    { name: 'form with bad percent-encoding', payload: 'mvpd=%E0%A4%A&redirectUrl=%', contentType: 'application/x-www-form-urlencoded' },
    { name: 'form with unicode', payload: form({ mvpd: '☃', domainName: 'xn--n3h.localhost', redirectUrl: 'http://☃.localhost/😀' }), contentType: 'application/x-www-form-urlencoded' },
    { name: 'XML body', payload: '<resources><r>news-24</r></resources>', contentType: 'application/xml' },
    { name: 'multipart body', payload: '--x\r\nContent-Disposition: form-data; name="mvpd"\r\n\r\nSkyline\r\n--x--', contentType: 'multipart/form-data; boundary=x' },
    { name: 'text body', payload: 'hello', contentType: 'text/plain' },
    { name: 'JSON with a foreign charset', payload: '{"resources":["news-24"]}', contentType: 'application/json; charset=utf-16' },
    { name: 'empty body with a JSON type', payload: '', contentType: 'application/json' },
    { name: 'content-length lying', payload: '{"resources":["news-24"]}', contentType: 'application/json', headers: { 'content-length': '3' } },
    // Paths.
    { name: 'over-long service provider', url: (u) => u.replace('/PLAYGATE/', `/${long(300)}/`) },
    { name: 'service provider over the schema limit', url: (u) => u.replace('/PLAYGATE/', `/${long(100)}/`) },
    { name: 'unicode service provider', url: (u) => u.replace('/PLAYGATE/', '/%F0%9F%98%80%E2%80%AE/') },
    { name: 'bad percent-encoding in the path', url: (u) => u.replace('/PLAYGATE/', '/%E0%A4%A/') },
    { name: 'NUL in the path', url: (u) => u.replace('/PLAYGATE/', '/PLAY%00GATE/') },
    { name: 'lone surrogate percent-encoded', url: (u) => u.replace('/PLAYGATE/', '/%ED%A0%80/') },
    { name: 'dot segments', url: (u) => u.replace('/PLAYGATE/', '/PLAYGATE/../PLAYGATE/') },
    { name: 'encoded slashes', url: (u) => u.replace('/PLAYGATE/', '/PLAY%2FGATE/') },
    { name: 'over-long last segment', url: (u) => `${u.slice(0, u.lastIndexOf('/') + 1)}${long(300)}` },
    { name: 'unicode last segment', url: (u) => `${u.slice(0, u.lastIndexOf('/') + 1)}%E2%98%83%F0%9F%98%80` },
    { name: 'odd query string', url: (u) => `${u}?a[b][c][d]=1&__proto__[x]=1&profile=%E0%A4%A&token=${long(5000)}` },
  ];

  const TARGETS: Endpoint[] = [
    ...ENDPOINTS,
    { name: 'profiles/code (completed)', method: 'GET', url: '/api/v2/PLAYGATE/profiles/code/CODE', device: false },
    { name: 'authenticate', method: 'GET', url: '/api/v2/authenticate/PLAYGATE/NOPE123', device: false },
    { name: 'authenticate/callback', method: 'GET', url: '/api/v2/authenticate/callback', device: false },
    { name: 'register', method: 'POST', url: '/o/client/register', device: false, payload: '{"software_statement":"x"}', contentType: 'application/json' },
    { name: 'token', method: 'POST', url: '/o/client/token', device: false, payload: 'grant_type=client_credentials', contentType: 'application/x-www-form-urlencoded' },
    { name: 'media master', method: 'GET', url: '/media/news-24/master.m3u8', device: false },
    { name: 'media segment', method: 'GET', url: '/media/news-24/360p_000.ts', device: false },
  ];

  for (const target of TARGETS) {
    it(`${target.method} ${target.name}: every malformed request gets a 4xx (or a success), never a 5xx`, async () => {
      const ep = target.name === 'profiles/code (completed)' ? { ...target, url: target.url.replace('CODE', completedCode) } : target;
      const failures: string[] = [];
      for (const v of VARIANTS) {
        const headers = { ...goodHeaders(LOGGED_IN_DEVICE), ...(v.headers ?? {}) };
        const isBodyVariant = v.payload !== undefined;
        const res = await call(ep, headers, {
          ...(v.url ? { url: v.url(ep.url) } : {}),
          // Body variants replace the body; GET endpoints get them too (a body on a GET must not crash either).
          ...(isBodyVariant ? { payload: v.payload, contentType: v.contentType } : {}),
          ...(isBodyVariant && ep.method === 'GET' ? { method: 'POST' as const } : {}),
        });
        const problem = judge(res);
        if (problem) failures.push(`${v.name}: ${problem}`);
      }
      expect(failures).toEqual([]);
    });
  }

  /** A response is fine when it is < 500 and, if an error, in the documented format (HTML for the browser leg). */
  function judge(res: LightMyRequestResponse): string | undefined {
    if (res.statusCode >= 500) return `HTTP ${res.statusCode} ${res.body.slice(0, 200)}`;
    if (res.statusCode < 400) return undefined;
    const type = String(res.headers['content-type'] ?? '');
    if (type.startsWith('text/html')) {
      if (/\bat [\w$.<>]+ \(|node_modules/.test(res.body)) return 'stack trace in the page';
      return undefined;
    }
    if (!type.includes('application/json')) return `content-type ${type}`;
    try {
      checkErrorShape(res.json(), res);
    } catch (err) {
      return (err as Error).message.slice(0, 300);
    }
    return undefined;
  }
});
