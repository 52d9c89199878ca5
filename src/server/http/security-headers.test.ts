// Security headers on all three origins (pages and hijacked provider responses alike),
// and no-store on every response that carries a token or a secret.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { browser, clientToken, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.dispose());

function expectLockedDown(res: LightMyRequestResponse) {
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self'(;|$)/);
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  // No inline styles either: files of the origin, and the server pages' one <style> by hash.
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'(;|$)/);
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['permissions-policy']).toContain('camera=()');
}

/** The CSP's style hashes allow every inline <style> element the page has, byte for byte. */
function expectStylesAllowed(res: LightMyRequestResponse) {
  const allowed = [...String(res.headers['content-security-policy']).matchAll(/'sha256-([^']+)'/g)].map((m) => m[1]);
  const inline = [...res.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => createHash('sha256').update(m[1]!).digest('base64'));
  expect(inline.length).toBeGreaterThan(0);
  for (const h of inline) expect(allowed).toContain(h);
  expect(res.body).not.toMatch(/ style="/);
}

describe('inline styles of the server-rendered pages', () => {
  it('the error catalog: its <style> is allowed by its hash', async () => {
    expectStylesAllowed(await sys.app.inject({ url: '/docs/errors' }));
  });
});

describe('the app origin', () => {
  it.each(['/', '/docs/errors', '/docs/static/index.html', '/app-config.json', '/api/v2/nope', '/media/x', '/healthz'])('%s is locked down', async (url) => {
    expectLockedDown(await sys.app.inject({ url }));
  });

  it('locks down every refusal of the media gatekeeper (JSON error bodies)', async () => {
    for (const url of ['/media/x/y.ts', '/media/news-24/360p_000.ts?pt=not-a-token&device=d', '/media/news-24/master.m3u8', `/media/news-24/${'f'.repeat(81)}`]) {
      const res = await sys.app.inject({ url });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expectLockedDown(res);
    }
  });

  it('sends media bytes with nosniff and no-referrer only: a document policy means nothing to a playlist or segment', async () => {
    const device = 'device-headers-media1';
    const headers = passHeaders(await clientToken(sys), device);
    await mvpdLogin(sys, headers, 'Skyline', 'sky-sports');
    const permit = await sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/decisions/authorize/Skyline', headers, payload: { resources: ['news-24'] } });
    const token = permit.json().decisions[0].token.serializedToken as string;
    const master = await sys.app.inject({ url: `/media/news-24/master.m3u8?token=${token}&device=${device}` });
    const child = master.body.split('\n').find((l) => l.endsWith('.m3u8') || l.includes('.m3u8?'))!;
    const list = await sys.app.inject({ url: `/media/news-24/${child}&device=${device}` });
    const segment = list.body.split('\n').find((l) => l.includes('.ts'))!;
    const bytes = await sys.app.inject({ url: `${segment.startsWith('/') ? '' : '/media/news-24/'}${segment}&device=${device}` });
    for (const res of [master, list, bytes]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toBeUndefined();
      expect(res.headers['x-frame-options']).toBeUndefined();
      expect(res.headers['permissions-policy']).toBeUndefined();
    }
    expect(bytes.headers['content-type']).toBe('video/mp2t');
  });

  it('lets the SPA reach the IdP and play MSE blobs', async () => {
    const csp = String((await sys.app.inject({ url: '/' })).headers['content-security-policy']);
    expect(csp).toContain(`connect-src 'self' ${new URL(sys.config.idp.issuer).origin}`);
    expect(csp).toContain("media-src 'self' blob:");
  });

  it('keeps the popups it opens (same-origin-allow-popups on /), and sends no opener policy where a popup passes', async () => {
    expect((await sys.app.inject({ url: '/' })).headers['cross-origin-opener-policy']).toBe('same-origin-allow-popups');
    for (const url of ['/mvpd-done', '/auth/callback?code=x&state=y', '/api/v2/PLAYGATE/authenticate/callback?code=x']) {
      expect((await sys.app.inject({ url })).headers['cross-origin-opener-policy']).toBeUndefined();
    }
  });
});

describe('the IdP and MVPD origins', () => {
  it('the IdP login page and its hijacked authorize redirect are locked down, with no opener policy (popup)', async () => {
    const auth = `${sys.config.idp.issuer}/auth?client_id=${sys.config.idp.clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(`${sys.config.app.publicUrl}/auth/callback`)}&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`;
    const first = await sys.idp!.inject({ url: new URL(auth).pathname + new URL(auth).search });
    expectLockedDown(first);
    const page = await browser(sys).follow(auth);
    expect(page.res.body).toContain('<form');
    expectLockedDown(page.res);
    expectStylesAllowed(page.res);
    expect(page.res.headers['cross-origin-opener-policy']).toBeUndefined();
  });

  it('the MVPD login page is locked down', async () => {
    const headers = passHeaders(await clientToken(sys), 'device-headers-0001');
    const created = await sys.app.inject({
      method: 'POST',
      url: '/api/v2/PLAYGATE/sessions',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl: `${sys.config.app.publicUrl}/mvpd-done` }).toString(),
    });
    const page = await browser(sys).follow(new URL(created.json().url, sys.config.app.publicUrl).href);
    expect(page.res.body).toContain('<form');
    expectLockedDown(page.res);
    expectStylesAllowed(page.res);
  });
});

describe('Cache-Control: no-store on responses carrying a token or secret', () => {
  const expectNoStore = (res: LightMyRequestResponse) => {
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.pragma).toBe('no-cache');
  };
  it('/o/client/register, /o/client/token, authorize, /sso/auths and /auths/refresh_token', async () => {
    const reg = await sys.app.inject({ method: 'POST', url: '/o/client/register', payload: { software_statement: sys.softwareStatement } });
    expect(reg.statusCode).toBe(201);
    expectNoStore(reg);
    const { client_id, client_secret } = reg.json();
    const tok = await sys.app.inject({ method: 'POST', url: `/o/client/token?${new URLSearchParams({ grant_type: 'client_credentials', client_id, client_secret })}` });
    expect(tok.statusCode).toBe(201);
    expectNoStore(tok);
    const headers = passHeaders(tok.json().access_token, 'device-nostore-001');
    await mvpdLogin(sys, headers, 'Skyline', 'sky-sports');
    const permit = await sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/decisions/authorize/Skyline', headers, payload: { resources: ['news-24'] } });
    expect(permit.json().decisions[0].authorized).toBe(true);
    expectNoStore(permit);
    expectNoStore(await sys.app.inject({ method: 'POST', url: '/sso/auths', payload: {} }));
    expectNoStore(await sys.app.inject({ method: 'POST', url: '/auths/refresh_token', payload: { refreshToken: 'x'.repeat(43) } }));
  });
});
