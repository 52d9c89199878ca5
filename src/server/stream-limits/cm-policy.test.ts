// The pure policy decision: which rules apply, what they count, what each strategy lets
// X-Terminate do, and what the metadata endpoint requires.
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateRunning, requiredMetadata, type CmPolicy, type LiveStream } from './cm-policy.ts';

const policy: CmPolicy = {
  name: 'p',
  rules: [
    { name: '2 per account', per: 'subject', maxStreams: 2, strategy: 'stop-old' },
    { name: '1 per device', per: 'deviceId', maxStreams: 1, strategy: 'block' },
    { name: '1 live on Metro', per: 'subject', maxStreams: 1, strategy: 'stop-old', idps: ['MetroFiber'], match: { contentType: 'live' } },
  ],
};
const stream = (code: string, metadata: Record<string, string>, startedAt = 1_700_000_000_000): LiveStream => ({ sessionId: `s-${code}`, applicationName: 'App', terminationCode: code, metadata, startedAt });
const none = new Set<string>();

describe('evaluate', () => {
  it('under every limit: no advice', () => {
    expect(evaluate(policy, { idp: 'Skyline', subject: 'u', metadata: { deviceId: 'd1' } }, [stream('a', { deviceId: 'd2' })], none)).toEqual([]);
  });

  it('over the per-account limit: one advice naming the policy, rule, threshold and the streams with their codes', () => {
    const live = [stream('a', { deviceId: 'd2', deviceName: 'Kitchen TV' }), stream('b', { deviceId: 'd3' })];
    const [advice, ...rest] = evaluate(policy, { idp: 'Skyline', subject: 'u', metadata: { deviceId: 'd1' } }, live, none);
    expect(rest).toEqual([]);
    expect(advice).toEqual({
      type: 'rule-violation',
      message: 'Number of active streams exceeded',
      policyName: 'p',
      ruleName: '2 per account',
      threshold: 2,
      conflicts: {
        u: [
          { terminationCode: 'a', metadata: { deviceId: 'd2', deviceName: 'Kitchen TV' }, channel: 'Unknown', startedAt: '2023-11-14T22:13:20.000Z', deviceName: 'Kitchen TV', applicationName: 'App' },
          expect.objectContaining({ terminationCode: 'b', deviceName: 'Unknown' }),
        ],
      },
    });
  });

  it('stop-old: a stream named in X-Terminate does not count; block: it still does, and no code is shown', () => {
    const live = [stream('a', { deviceId: 'd1' }), stream('b', { deviceId: 'd3' })];
    const terminateA = new Set(['a']);
    const advices = evaluate(policy, { idp: 'Skyline', subject: 'u', metadata: { deviceId: 'd1' } }, live, terminateA);
    expect(advices.map((a) => a.ruleName)).toEqual(['1 per device']);
    expect(advices[0]!.conflicts.d1![0]!.terminationCode).toBeUndefined();
    expect(evaluate(policy, { idp: 'Skyline', subject: 'u', metadata: { deviceId: 'd9' } }, live, new Set(['b']))).toEqual([]);
  });

  it('idps and match scope a rule: live on Metro counts only live Metro streams', () => {
    const live = [stream('a', { deviceId: 'd2', contentType: 'vod' })];
    expect(evaluate(policy, { idp: 'MetroFiber', subject: 'u', metadata: { deviceId: 'd1', contentType: 'live' } }, live, none)).toEqual([]);
    const liveToo = [stream('a', { deviceId: 'd2', contentType: 'live' })];
    expect(evaluate(policy, { idp: 'MetroFiber', subject: 'u', metadata: { deviceId: 'd1', contentType: 'live' } }, liveToo, none).map((a) => a.ruleName)).toEqual(['1 live on Metro']);
    expect(evaluate(policy, { idp: 'Skyline', subject: 'u', metadata: { deviceId: 'd1', contentType: 'live' } }, liveToo, none)).toEqual([]);
  });
});

describe('requiredMetadata', () => {
  it('lists the per-attributes and match keys, never the subject', () => {
    expect(requiredMetadata(policy)).toEqual(['contentType', 'deviceId']);
    expect(requiredMetadata({ name: 'x', rules: [{ name: 'r', per: 'subject', maxStreams: 2, strategy: 'block' }] })).toEqual([]);
  });
});

describe('evaluateRunning (a heartbeat against the policy as it is now)', () => {
  const two = [stream('a', { deviceId: 'd1' }, 1000), stream('b', { deviceId: 'd2' }, 2000)];
  const one = (strategy: 'block' | 'stop-old'): CmPolicy => ({ name: 'p', rules: [{ name: '1 per account', per: 'subject', maxStreams: 1, strategy }] });
  const beat = (p: CmPolicy, sessionId: string, live = two) => evaluateRunning(p, { idp: 'Skyline', subject: 'u', sessionId, metadata: live.find((s) => s.sessionId === sessionId)!.metadata }, live);

  it('within the limit: nothing, whatever the strategy', () => {
    expect(beat({ name: 'p', rules: [{ name: '2', per: 'subject', maxStreams: 2, strategy: 'block' }] }, 's-b')).toEqual([]);
  });

  it('block keeps the oldest: the newer is refused, naming the older without a code', () => {
    expect(beat(one('block'), 's-a')).toEqual([]);
    const [advice] = beat(one('block'), 's-b');
    expect(advice).toMatchObject({ ruleName: '1 per account', threshold: 1 });
    expect(advice!.conflicts.u!.map((c) => c.terminationCode)).toEqual([undefined]);
  });

  it('stop-old keeps the newest: the older is refused, naming the newer with its code', () => {
    expect(beat(one('stop-old'), 's-b')).toEqual([]);
    expect(beat(one('stop-old'), 's-a')[0]!.conflicts.u!.map((c) => c.terminationCode)).toEqual(['b']);
  });

  it('a rule that no longer applies to the stream (other idp, other match) does not refuse it', () => {
    expect(beat({ name: 'p', rules: [{ name: 'x', per: 'subject', maxStreams: 1, strategy: 'block', idps: ['MetroFiber'] }] }, 's-b')).toEqual([]);
  });
});
