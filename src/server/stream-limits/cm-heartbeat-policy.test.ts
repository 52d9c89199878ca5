// Heartbeats re-check the policy as it is now (Adobe: "for active streams the decision is
// returned on the heartbeat response"). A second instance on the same database with a lowered
// limit plays the config change: under `block` the newest stream over the limit gets 409 on its
// heartbeat, under `stop-old` the oldest; the refused session is over (bare 410 next), the
// others keep playing. With the policy unchanged, heartbeats never refuse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';

const WEB = `Basic ${Buffer.from('playgate-web:').toString('base64')}`;
const policyWith = (maxStreams: number, strategy: 'block' | 'stop-old') => ({
  applications: [{ id: 'playgate-web', name: 'Playgate web', policy: 'family' }],
  policies: [{ name: 'family', rules: [{ name: 'per account', per: 'subject', maxStreams, strategy }] }],
  sessionTimeoutSeconds: 30,
  requestsPerMinute: 200,
});

let sys: TestSystem;
let lowered: { block: FastifyInstance; stopOld: FastifyInstance };
beforeAll(async () => {
  sys = await startTestSystem(testConfig((raw) => (raw.concurrency = policyWith(2, 'block'))));
  // The same database, the config changed (a restarted instance, or the next one in a rolling update).
  const withPolicy = (c: ReturnType<typeof policyWith>) => buildApp({ ...sys.ctx, config: { ...sys.ctx.config, concurrency: c } }, { softwareStatement: sys.softwareStatement, spaDir: null });
  lowered = { block: await withPolicy(policyWith(1, 'block')), stopOld: await withPolicy(policyWith(1, 'stop-old')) };
});
afterAll(async () => {
  await lowered.block.close();
  await lowered.stopOld.close();
  await sys.dispose();
});

const start = async (subject: string, n: number) => {
  const res = await sys.app.inject({
    method: 'POST',
    url: `/cm/v2/sessions/MetroFiber/${subject}`,
    headers: { authorization: WEB, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ deviceId: `dev-${n}`, deviceName: `Device ${n}` }).toString(),
  });
  expect(res.statusCode).toBe(202);
  return res.headers.location as string;
};
const heartbeat = (app: FastifyInstance, subject: string, session: string) =>
  app.inject({ method: 'POST', url: `/cm/v2/sessions/MetroFiber/${subject}/${session}`, headers: { authorization: WEB } });
const running = async (subject: string) =>
  ((await sys.app.inject({ url: `/cm/v2/runningStreams/MetroFiber/${subject}`, headers: { authorization: WEB } })).json().runningStreams as Array<{ sessionId: string }>).map((s) => s.sessionId);

describe('heartbeats and the policy as it is now', () => {
  it('with the policy unchanged, every heartbeat of streams within the limit is 202', async () => {
    const [a, b] = [await start('acct-same', 1), await start('acct-same', 2)];
    for (const s of [a, b, a, b]) expect((await heartbeat(sys.app, 'acct-same', s)).statusCode).toBe(202);
  });

  it('block (older streams protected): after the limit drops to 1, the newer stream gets 409 and is over; the older plays on', async () => {
    const older = await start('acct-block', 1);
    const newer = await start('acct-block', 2);
    expect((await heartbeat(lowered.block, 'acct-block', older)).statusCode).toBe(202);
    const refused = await heartbeat(lowered.block, 'acct-block', newer);
    expect(refused.statusCode).toBe(409);
    const [advice] = refused.json().associatedAdvice;
    expect(advice).toMatchObject({ type: 'rule-violation', policyName: 'family', ruleName: 'per account', threshold: 1 });
    const conflicts = advice.conflicts['acct-block'];
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ deviceName: 'Device 1' });
    // Under block nobody may evict: no termination code is shown.
    expect(conflicts[0].terminationCode ?? '').toBe('');
    // The refused session is over: a bare 410 next, and it no longer runs.
    const next = await heartbeat(lowered.block, 'acct-block', newer);
    expect(next.statusCode).toBe(410);
    expect(next.body).toBe('');
    expect(await running('acct-block')).toEqual([older]);
    expect((await heartbeat(lowered.block, 'acct-block', older)).statusCode).toBe(202);
  });

  it('stop-old (newer streams win): after the limit drops to 1, the older stream gets 409 naming the newer one with its termination code', async () => {
    const older = await start('acct-fifo', 1);
    const newer = await start('acct-fifo', 2);
    expect((await heartbeat(lowered.stopOld, 'acct-fifo', newer)).statusCode).toBe(202);
    const refused = await heartbeat(lowered.stopOld, 'acct-fifo', older);
    expect(refused.statusCode).toBe(409);
    const conflicts = refused.json().associatedAdvice[0].conflicts['acct-fifo'];
    expect(conflicts).toMatchObject([{ deviceName: 'Device 2', terminationCode: expect.stringMatching(/^[0-9a-f]{8}$/) }]);
    expect(await running('acct-fifo')).toEqual([newer]);
  });
});
