import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { runEntitlementsCli } from './entitlements-cli.ts';
import { parseClaimsArg } from './claims-test-cli.ts';
import { EntitlementStore } from '../entitlement/entitlement-store.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.dispose());

it('grants, lists and revokes from the command line', async () => {
  const lines: string[] = [];
  const run = (...args: string[]) => runEntitlementsCli(args, sys.config, sys.ctx.db, (l) => lines.push(l));
  expect(await run('grant', 'bob', 'premium', 'subscription', '30')).toBe(0);
  const id = /granted (\S+)/.exec(lines.at(-1)!)![1]!;
  const store = new EntitlementStore(sys.ctx.db);
  expect(await store.activeGrants(sys.config.idp.issuer, 'bob', ['premium'], Date.now())).toHaveLength(1);
  expect(await run('list', 'bob')).toBe(0);
  expect(lines.join('\n')).toContain(id);
  expect(await run('revoke', id)).toBe(0);
  expect(await store.activeGrants(sys.config.idp.issuer, 'bob', ['premium'], Date.now())).toHaveLength(0);
  expect(await run('revoke', id)).toBe(1);
  expect(await run('grant', 'bob', 'x', 'gift')).toBe(2);
  expect(await run('grant', 'bob', 'x', 'purchase', '-3')).toBe(2);
  expect(await run('frobnicate')).toBe(2);
});

it('reads the claims-test argument as JSON claims or a JWT', () => {
  expect(parseClaimsArg('{"roles":["premium"]}')).toEqual({ claims: { roles: ['premium'] } });
  expect(parseClaimsArg('eyJhbGciOi.x.y')).toEqual({ jwt: 'eyJhbGciOi.x.y' });
});
