import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientToken, passHeaders, registerClient, startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { runClientsCli } from './clients-cli.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.dispose());

it('lists clients and revokes one, after which its credentials are refused', async () => {
  const { client_id, client_secret } = await registerClient(sys);
  const lines: string[] = [];
  expect(await runClientsCli(['list'], sys.ctx.db, (l) => lines.push(l))).toBe(0);
  expect(lines.join('\n')).toContain(client_id);

  expect(await runClientsCli(['revoke', client_id], sys.ctx.db, (l) => lines.push(l))).toBe(0);
  expect(await runClientsCli(['revoke', client_id], sys.ctx.db, (l) => lines.push(l))).toBe(1);
  const token = await sys.app.inject({ method: 'POST', url: `/o/client/token?grant_type=client_credentials&client_id=${client_id}&client_secret=${client_secret}` });
  expect(token.statusCode).toBe(401);
  expect(token.json().code).toBe('invalid_client_credentials');
  // Other clients carry on.
  const other = await sys.app.inject({ url: '/api/v2/PLAYGATE/configuration', headers: passHeaders(await clientToken(sys), 'cli-device-01') });
  expect(other.statusCode).toBe(200);
});

it('prints usage for an unknown command', async () => {
  const lines: string[] = [];
  expect(await runClientsCli(['frobnicate'], sys.ctx.db, (l) => lines.push(l))).toBe(2);
  expect(lines[0]).toMatch(/usage/);
});
