import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { runCustomersCli } from './customers-cli.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.dispose());

it('adds and lists customers, who can then be signed in through /sso/auths', async () => {
  const lines: string[] = [];
  const run = (...a: string[]) => runCustomersCli(a, sys.config, sys.ctx.db, (l) => lines.push(l));
  expect(await run('add', 'playgate-demo', '--external-id', 'okta-77', '--claims', '{"roles":["premium"]}')).toBe(0);
  expect(await run('add', 'playgate-demo', '--external-id', 'okta-77')).toBe(1);
  expect(await run('add', 'playgate-demo', '--email', 'x@example.com', '--external-id', 'y')).toBe(2);
  expect(await run('add', 'playgate-demo', '--email', 'z@example.com', '--claims', '{bad')).toBe(2);
  expect(await run('add', 'no-such-publisher', '--email', 'z@example.com')).toBe(2);
  expect(await run('list', 'playgate-demo')).toBe(0);
  expect(lines.join('\n')).toContain('okta-77');
  const res = await sys.app.inject({ method: 'POST', url: '/sso/auths', headers: { authorization: 'Bearer dev-publisher-token-change-me-0001' }, payload: { externalCustomerId: 'okta-77' } });
  expect(decodeJwt(res.json().jwt)).toMatchObject({ roles: ['premium'] });
});
