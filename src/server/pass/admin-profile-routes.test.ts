import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientToken, idpSignIn, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.dispose());

it("deletes a viewer's SSO profiles, and only theirs", async () => {
  const client = await clientToken(sys);
  const alice = (await idpSignIn(sys, 'alice')).accessToken;
  const bob = (await idpSignIn(sys, 'bob')).accessToken;
  await mvpdLogin(sys, passHeaders(client, 'admin-alice-01', alice), 'Skyline', 'sky-basic');
  await mvpdLogin(sys, passHeaders(client, 'admin-bob-0001', bob), 'Skyline', 'sky-basic');
  const res = await sys.app.inject({ method: 'DELETE', url: '/admin/profiles?subject=alice', headers: { authorization: 'Bearer playgate-admin-dev-token' } });
  expect(res.json()).toEqual({ deleted: 1 });
  const profiles = (token: string, device: string) => sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(client, device, token) });
  expect((await profiles(alice, 'admin-alice-02')).json().profiles).toEqual({});
  expect(Object.keys((await profiles(bob, 'admin-bob-0002')).json().profiles)).toEqual(['Skyline']);
  const anon = await sys.app.inject({ method: 'DELETE', url: '/admin/profiles?subject=bob' });
  expect(anon.statusCode).toBe(401);
});
