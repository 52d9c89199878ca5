// Every admin route authenticates before it validates: without the admin token a
// malformed body, query or parameter is a 401, never a 400 that describes the schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorBody, startTestSystem, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.dispose());

const BAD: Array<{ method: 'GET' | 'POST' | 'DELETE'; url: string; payload?: unknown }> = [
  { method: 'GET', url: '/admin/entitlements?subject=' },
  { method: 'POST', url: '/admin/entitlements', payload: { nonsense: true } },
  { method: 'DELETE', url: '/admin/entitlements/not-a-uuid' },
  { method: 'DELETE', url: '/admin/profiles' },
  { method: 'POST', url: '/admin/customers', payload: { publisherId: '' } },
];

describe('admin routes: 401 before 400', () => {
  it.each(BAD)('$method $url without a token → 401', async (req) => {
    const res = await sys.app.inject({ method: req.method, url: req.url, ...(req.payload ? { payload: req.payload as object } : {}) });
    expectErrorBody(res, { status: 401, code: 'unauthorized' });
  });
  it.each(BAD)('$method $url with a wrong token → 401', async (req) => {
    const res = await sys.app.inject({ method: req.method, url: req.url, headers: { authorization: 'Bearer nope' }, ...(req.payload ? { payload: req.payload as object } : {}) });
    expectErrorBody(res, { status: 401, code: 'unauthorized' });
  });
  it('with the admin token the same bad body is a 400 (control)', async () => {
    const res = await sys.app.inject({ method: 'POST', url: '/admin/entitlements', headers: { authorization: 'Bearer playgate-admin-dev-token' }, payload: { nonsense: true } });
    expect(res.statusCode).toBe(400);
  });
});
