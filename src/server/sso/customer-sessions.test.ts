// The family check behind every customer JWT: alive families are remembered for at most
// cacheMs (then the database is asked again), a revoked one is refused from then on, and
// this instance's own revocation needs no wait.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { CustomerSessions } from './customer-sessions.ts';
import { RefreshTokenStore } from './refresh-token-store.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.dispose());

it('asks the database again once cacheMs has passed, and never before', async () => {
  let now = 1_000_000;
  const sessions = new CustomerSessions(sys.ctx.db, 2000, () => now);
  const store = new RefreshTokenStore(sys.ctx.db, 86_400_000);
  const fid = crypto.randomUUID();
  await store.issue('customer-x', 'playgate-demo', { familyId: fid });
  expect(await sessions.refusal({ fid })).toBeNull();
  await store.revokeFamily(fid);
  now += 1999;
  expect(await sessions.refusal({ fid })).toBeNull(); // still cached: at most 2 s late
  now += 2;
  expect(await sessions.refusal({ fid })).toMatch(/revoked/);
  now += 60_000;
  expect(await sessions.refusal({ fid })).toMatch(/revoked/);
});

it('forget (a revocation on this instance) takes effect at once; no fid is refused', async () => {
  const sessions = new CustomerSessions(sys.ctx.db, 60_000);
  const fid = crypto.randomUUID();
  expect(await sessions.refusal({ fid })).toBeNull();
  sessions.forget(fid);
  expect(await sessions.refusal({ fid })).toMatch(/revoked/);
  expect(await sessions.refusal({})).toMatch(/names no refresh-token family/);
  expect(await sessions.refusal({ fid: 42 })).toMatch(/names no refresh-token family/);
});
