// The IdP reflects no arbitrary Origin: /me and the token endpoint answer CORS for the
// app's origin only; public metadata is readable by anyone (`*`, no credentials).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
let base: string;
beforeAll(async () => {
  sys = await startTestSystem();
  base = new URL(sys.config.idp.issuer).pathname.replace(/\/$/, '');
});
afterAll(() => sys.dispose());

const EVIL = 'https://evil.example';

describe('IdP CORS', () => {
  it.each(['/me', '/token', '/session/end'])('%s does not reflect a foreign Origin', async (path) => {
    for (const method of ['GET', 'POST', 'OPTIONS'] as const) {
      const res = await sys.idp!.inject({ method, url: `${base}${path}`, headers: { origin: EVIL, 'access-control-request-method': 'GET', authorization: 'Bearer nope' } });
      expect(res.headers['access-control-allow-origin']).not.toBe(EVIL);
      expect(res.headers['access-control-allow-origin']).not.toBe('*');
    }
  });
  it('the app origin is still allowed (control)', async () => {
    const app = new URL(sys.config.app.publicUrl).origin;
    const res = await sys.idp!.inject({ method: 'OPTIONS', url: `${base}/token`, headers: { origin: app, 'access-control-request-method': 'POST' } });
    expect(res.headers['access-control-allow-origin']).toBe(app);
  });
  it('discovery is public (*), never the foreign origin', async () => {
    const res = await sys.idp!.inject({ url: `${base}/.well-known/openid-configuration`, headers: { origin: EVIL } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });
});
