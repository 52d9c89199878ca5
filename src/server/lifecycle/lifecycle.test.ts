// Draining: /readyz turns 503 while every other request is still served (with
// `connection: close`), the server closes only after the drain period, and each response
// names its instance.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildSystem, type System } from '../system.ts';
import { testConfig } from '../test-support/test-system.ts';
import { drainMsFromEnv, drainThenClose, Lifecycle } from './lifecycle.ts';

const config = testConfig();
const lifecycle = new Lifecycle();
let sys: System;
beforeAll(async () => {
  sys = await buildSystem(config, { transport: 'in-process', spaDir: null, instanceId: 'instance-a', lifecycle });
});
afterAll(() => rmSync(config.dataDir, { recursive: true, force: true }));

it('names the instance on every response', async () => {
  const res = await sys.app.inject({ url: '/healthz' });
  expect(res.headers['x-playgate-instance']).toBe('instance-a');
  expect((await sys.app.inject({ url: '/nope' })).headers['x-playgate-instance']).toBe('instance-a');
});

it('drains: readyz 503 at once, other requests still served for the drain period, then closed', async () => {
  expect((await sys.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  let closedAt = 0;
  const started = Date.now();
  const done = drainThenClose(lifecycle, async () => {
    closedAt = Date.now();
    await sys.close();
  }, { drainMs: 300, log: () => {} });
  const ready = await sys.app.inject({ url: '/readyz' });
  expect(ready.statusCode).toBe(503);
  expect(ready.json()).toEqual({ status: 'draining' });
  const jwks = await sys.app.inject({ url: '/.well-known/jwks.json' });
  expect(jwks.statusCode).toBe(200);
  expect(jwks.headers.connection).toBe('close');
  expect(closedAt).toBe(0);
  await done;
  expect(closedAt - started).toBeGreaterThanOrEqual(290);
});

it('PLAYGATE_DRAIN_SECONDS sets the period; otherwise the fallback', () => {
  expect(drainMsFromEnv({ PLAYGATE_DRAIN_SECONDS: '2.5' }, 10_000)).toBe(2500);
  expect(drainMsFromEnv({}, 10_000)).toBe(10_000);
  expect(drainMsFromEnv({ PLAYGATE_DRAIN_SECONDS: 'x' }, 0)).toBe(0);
});
