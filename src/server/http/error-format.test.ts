// Every error of the API origin is the enhanced error body, including those that never
// reach a route: 431 (headers too large), a request that is not HTTP, HTTP/1.1 without
// Host; and unknown API paths are a 404 in it, not the SPA's index page.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSystem, type System } from '../system.ts';
import { checkErrorShape, testConfig } from '../test-support/test-system.ts';

// An ad-hoc port of this worktree's range (23200-23299), overridable.
const PORT = Number(process.env.ERROR_FORMAT_TEST_PORT ?? 23210);
let sys: System;
let spaDir: string;

beforeAll(async () => {
  spaDir = mkdtempSync(join(tmpdir(), 'playgate-spa-'));
  writeFileSync(join(spaDir, 'index.html'), '<!doctype html><title>spa</title><div id="root"></div>');
  sys = await buildSystem(testConfig(), { transport: 'in-process', spaDir });
  await sys.app.listen({ port: PORT, host: '127.0.0.1' });
});
afterAll(async () => {
  await sys.close();
  rmSync(spaDir, { recursive: true, force: true });
  rmSync(sys.config.dataDir, { recursive: true, force: true });
});

/** Sends raw bytes; returns the status and the parsed JSON body. */
function raw(bytes: string): Promise<{ status: number; body: Record<string, unknown>; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(PORT, '127.0.0.1', () => socket.write(bytes));
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head ?? '')?.[1]);
      try {
        resolve({ status, head: head ?? '', body: JSON.parse(rest.join('\r\n\r\n')) });
      } catch (e) {
        reject(new Error(`not JSON (${status}): ${data.slice(0, 300)} ${String(e)}`));
      }
    });
    socket.setTimeout(5000, () => socket.destroy());
  });
}

const expectBody = (body: Record<string, unknown>, status: number, code: string) => {
  expect(body).toMatchObject({ status, code });
  for (const k of ['action', 'message', 'helpUrl', 'trace']) expect(body).toHaveProperty(k);
};

describe('errors below the routes', () => {
  it('431: headers too large', async () => {
    const res = await raw(`GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(431);
    expectBody(res.body, 431, 'headers_too_large');
  });
  it('400: not HTTP at all', async () => {
    const res = await raw('GARBAGE GARBAGE\r\n\r\n');
    expect(res.status).toBe(400);
    expectBody(res.body, 400, 'invalid_request');
  });
  it('400: HTTP/1.1 without Host', async () => {
    const res = await raw('GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(res.status).toBe(400);
    expectBody(res.body, 400, 'invalid_request');
    expect(res.head.toLowerCase()).toContain('x-trace-id:');
  });
  it('a well-formed request still works (control)', async () => {
    const res = await raw('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(res.status).toBe(200);
  });
});

describe('unknown paths', () => {
  it.each([
    '/api', '/api/nope', '/api/v2/nope', '/o', '/o/nope', '/playback', '/playback/nope', '/media', '/media/nope', '/sso', '/sso/nope',
    '/auths', '/auths/nope', '/admin', '/admin/nope', '/playgate', '/playgate/nope', '/docs/nope',
  ])('GET %s → 404 in the error body, not the SPA', async (url) => {
    const res = await sys.app.inject({ url });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    checkErrorShape(res.json(), res);
    expect(res.json().code).toBe('not_found');
  });
  it.each(['/auth/callback', '/mvpd-done', '/mvpd-signed-out'])('the SPA route %s gets the index page with 200 (control)', async (url) => {
    const res = await sys.app.inject({ url });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root">');
  });
  it('a page path that is no SPA route: 404 with the index page (its not-found view)', async () => {
    const res = await sys.app.inject({ url: '/some/client/route' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('<div id="root">');
  });
});
