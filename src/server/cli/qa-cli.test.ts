// The QA CLI drives a running Playgate through the admin HTTP API (here in process).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { QaClient } from '../../shared/qa/qa-client.ts';
import { clientToken, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { runQaCli } from './qa-cli.ts';

let sys: TestSystem;
let qa: QaClient;
beforeAll(async () => {
  sys = await startTestSystem();
  qa = new QaClient({ baseUrl: sys.config.app.publicUrl, adminToken: 'playgate-admin-dev-token', fetch: sys.fetch });
});
afterAll(() => sys.dispose());

async function run(...args: string[]) {
  const lines: string[] = [];
  const code = await runQaCli(args, qa, (l) => lines.push(l));
  return { code, text: lines.join('\n') };
}

it('switches modes and says when slow means a timeout', async () => {
  expect(await run('mode', 'Harbor', 'slow', '3000')).toEqual({ code: 0, text: 'Harbor: slow 3000 ms → times out (timeout 2000 ms)' });
  expect((await run('modes')).text).toMatch(/Harbor\s+slow\s+3000 ms\s+timeout 2000 ms → times out/);
  expect((await run('modes-reset')).code).toBe(0);
  expect((await qa.mvpdModes()).find((m) => m.id === 'Harbor')!.mode).toBe('normal');
});

it('puts the browser on a home-based subscriber\'s home network, and off again', async () => {
  expect(await run('home', 'Skyline', 'sky-home')).toEqual({ code: 0, text: "Skyline: at home on sky-home's network (sign-in without a password)" });
  expect((await run('modes')).text).toMatch(/Skyline\s+normal.*at home: sky-home/);
  expect((await run('home', 'Skyline', 'sky-basic')).code).toBe(1);
  expect(await run('home', 'Skyline', 'off')).toEqual({ code: 0, text: 'Skyline: nobody at home' });
  expect((await qa.mvpdModes()).find((m) => m.id === 'Skyline')!.homeNetwork).toBeNull();
  expect((await run('home', 'Skyline')).code).toBe(2);
});

it('resets a device and sets a lifetime', async () => {
  const token = await clientToken(sys);
  await mvpdLogin(sys, passHeaders(token, 'qa-cli-device-01'), 'Skyline', 'sky-basic');
  expect((await run('reset', '--device', 'qa-cli-device-01')).text).toMatch(/^reset: 1 profile\(s\)/);
  expect((await run('lifetime', 'dave', '30')).text).toMatch(/profile lasts 30 s/);
  expect(await qa.lifetimes({ subject: 'dave' })).toHaveLength(1);
  expect((await run('lifetime', '--device', 'qa-cli-device-02', '--media', '12', '--decision', '8')).text).toMatch(/^next TV provider sign-in of device:qa-cli-device-02: media tokens last 12 s, decisions are cached 8 s \(/);
  expect(await qa.lifetimes({ deviceId: 'qa-cli-device-02' })).toMatchObject([{ mediaTokenSeconds: 12, decisionSeconds: 8 }]);
  expect((await run('lifetime', '--device', 'qa-cli-device-02')).code).toBe(2);
  expect((await run('lifetime', 'dave', '--media', 'soon')).code).toBe(2);
});

it('prints the expected matrix from the facts', async () => {
  const { text } = await run('matrix');
  expect(text).toContain('Skyline/sky-kids × late-movie: Deny (authorization_denied_by_parental_controls)');
  expect(text).toContain('Skyline/sky-basic × sports-one: Deny (authorization_denied_by_mvpd)');
  expect(text).toContain('MetroFiber/metro-all × late-movie: Permit');
});

it('usage on bad input, a refusal with the code on a bad token', async () => {
  expect((await run('mode', 'Harbor', 'slow')).code).toBe(2);
  expect((await run('bogus')).code).toBe(2);
  const wrong = new QaClient({ baseUrl: sys.config.app.publicUrl, adminToken: 'nope', fetch: sys.fetch });
  const lines: string[] = [];
  expect(await runQaCli(['modes'], wrong, (l) => lines.push(l))).toBe(1);
  expect(lines[0]).toMatch(/^refused: 401 unauthorized/);
});
