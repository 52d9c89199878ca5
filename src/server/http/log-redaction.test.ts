// The logs of a whole TVE journey (sign-in at the IdP, MVPD login, authorize, master,
// child playlist, segment, DCR, SSO) hold no credential: no JWT, no media or playback
// token, no authorization code, no refresh token, no client secret.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientToken, idpSignIn, mediaTokenFor, mvpdLogin, passHeaders, registerClient, startTestSystem, tokenFor, type TestSystem } from '../test-support/test-system.ts';
import { redactUrl } from './log-redaction.ts';

const lines: string[] = [];
const stream = new Writable({
  write(chunk, _enc, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

let sys: TestSystem;
const secrets: string[] = [];
const DEVICE = 'device-logs-00001';

beforeAll(async () => {
  sys = await startTestSystem(undefined, { logger: { level: 'trace', stream } });
  const creds = await registerClient(sys);
  secrets.push(creds.client_secret);
  const access = await tokenFor(sys, creds);
  secrets.push(access);
  const viewer = await idpSignIn(sys, 'alice');
  secrets.push(viewer.accessToken, viewer.idToken, ...(viewer.refreshToken ? [viewer.refreshToken] : []));
  const headers = passHeaders(access, DEVICE, viewer.accessToken);
  const login = await mvpdLogin(sys, headers, 'Skyline', 'sky-sports');
  const code = login.session?.code;
  if (code) secrets.push(code);
  const media = await mediaTokenFor(sys, headers, 'Skyline', 'sports-one');
  secrets.push(media);
  const master = await sys.app.inject({ url: `/media/sports-one/master.m3u8?token=${media}&device=${encodeURIComponent(DEVICE)}` });
  expect(master.statusCode).toBe(200);
  const child = master.body.split('\n').find((l) => l && !l.startsWith('#'))!;
  const pt = new URL(child, 'http://x').searchParams.get('pt')!;
  secrets.push(pt);
  const playlist = await sys.app.inject({ url: `/media/sports-one/${child}&device=${encodeURIComponent(DEVICE)}` });
  expect(playlist.statusCode).toBe(200);
  const segment = playlist.body.split('\n').find((l) => l && !l.startsWith('#'))!;
  const seg = await sys.app.inject({ url: `/media/sports-one/${segment}&device=${encodeURIComponent(DEVICE)}` });
  expect(seg.statusCode).toBe(200);
  // A refused token is logged too (error path).
  await sys.app.inject({ url: `/media/sports-one/master.m3u8?token=${media}x&device=${DEVICE}` });
  await sys.app.close();
  await sys.idp?.close();
  await sys.mvpd?.close();
}, 60_000);
afterAll(() => sys.dispose());

describe('logs of a whole journey', () => {
  it('were written (the capture works)', () => {
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((l) => l.includes('/media/sports-one/'))).toBe(true);
    expect(lines.some((l) => l.includes('/interaction/') || l.includes('/auth'))).toBe(true);
  });

  it('hold no JWT at all', () => {
    const jwts = lines.filter((l) => /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/.test(l));
    expect(jwts).toEqual([]);
  });

  it('hold none of the journey’s secrets (client secret, tokens, code, refresh token)', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    const leaks = secrets.filter((s) => lines.some((l) => l.includes(s)));
    expect(leaks).toEqual([]);
  });

  it('hold no secret query value and no secret header', () => {
    const text = lines.join('\n');
    expect(text).not.toMatch(/[?&](token|pt|code|state|id_token_hint|client_secret|refresh_token)=(?!\[redacted\])/i);
    expect(text).not.toMatch(/"(authorization|ad-service-token|cookie|set-cookie)":"(?!\[redacted\])/i);
  });
});

describe('redactUrl', () => {
  it.each([
    ['/media/a/master.m3u8?token=abc&device=d1', '/media/a/master.m3u8?token=[redacted]&device=d1'],
    ['/cb?code=xyz&state=s1&iss=http%3A%2F%2Fidp', '/cb?code=[redacted]&state=[redacted]&iss=http%3A%2F%2Fidp'],
    ['/o/client/token?grant_type=client_credentials&client_id=c&client_secret=s', '/o/client/token?grant_type=client_credentials&client_id=c&client_secret=[redacted]'],
    ['/session/end?id_token_hint=eyJa.eyJb.c', '/session/end?id_token_hint=[redacted]'],
    ['/x/eyJhbGciOi.eyJzdWIi.sig/y', '/x/[redacted]/y'],
    ['/x?PT=abc', '/x?PT=[redacted]'],
    ['/api/v2/PLAYGATE/sessions/ABC123', '/api/v2/PLAYGATE/sessions/[redacted]'],
    ['/api/v2/PLAYGATE/profiles/code/ABC123', '/api/v2/PLAYGATE/profiles/code/[redacted]'],
    ['/api/v2/authenticate/PLAYGATE/ABC123?x=1', '/api/v2/authenticate/PLAYGATE/[redacted]?x=1'],
    ['/plain', '/plain'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
