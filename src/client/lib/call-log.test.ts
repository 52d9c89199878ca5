// The call log keeps tokens decoded and truncated, never whole, and records the trace id.
import { describe, expect, it, vi } from 'vitest';
import { askPlaygate, callLog, findTokens, recordCall, tokenFingerprint, tokenPreview } from './call-log.ts';

const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const JWT = `${b64({ alg: 'ES256', typ: 'media+jwt' })}.${b64({ resource: 'news-24', exp: 1 })}.c2lnbmF0dXJlLWJ5dGVzLWhlcmU`;

describe('findTokens', () => {
  it('finds JWTs anywhere in a JSON answer, also inside URLs, decoded and truncated', () => {
    const found = findTokens({ decisions: [{ token: { serializedToken: JWT } }], playback: { hls: `/media/x/master.m3u8?token=${JWT}` }, other: 'eyJ-not-a-token' });
    expect(found.map((t) => t.field)).toEqual(['decisions[0].token.serializedToken', 'playback.hls']);
    expect(found[0]).toMatchObject({ header: { alg: 'ES256', typ: 'media+jwt' }, claims: { resource: 'news-24', exp: 1 }, preview: tokenPreview(JWT), fingerprint: tokenFingerprint(JWT) });
    expect(JSON.stringify(found)).not.toContain(JWT);
    expect(tokenPreview(JWT)).toMatch(/^.{10}….{6}$/);
  });
});

describe('recordCall', () => {
  it('records the path without its query, the trace id, and the tokens of a JSON answer', async () => {
    const res = await recordCall('Playgate', 'POST', `/api/v2/X/decisions/authorize/Skyline?x=${JWT}`, async () =>
      new Response(JSON.stringify({ decisions: [{ token: { serializedToken: JWT } }] }), { status: 200, headers: { 'content-type': 'application/json', 'x-trace-id': '0123456789abcdef' } }),
    );
    expect((await res.json()).decisions).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 10));
    const last = callLog()[callLog().length - 1]!;
    expect(last).toMatchObject({ party: 'Playgate', path: '/api/v2/X/decisions/authorize/Skyline', status: 200, trace: '0123456789abcdef' });
    expect(last.tokens?.[0]?.header.typ).toBe('media+jwt');
    expect(JSON.stringify(last)).not.toContain(JWT);
  });
});

describe('askPlaygate', () => {
  it('asks Playgate’s verifier once per token, keeps its answer on every sighting, and asks again after no answer', async () => {
    const bodies: string[] = [];
    let down = true;
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      expect(url).toBe('/playgate/v1/tokens/verify');
      bodies.push(String(init.body));
      if (down) return new Response('{}', { status: 503 });
      return new Response(JSON.stringify({ status: 'VALID_TOKEN', kind: 'media', verifier: 'media-token verifier', checks: 'signature' }), { headers: { 'content-type': 'application/json' } });
    });
    try {
      const other = JWT.replace(/.$/, 'A');
      expect(await askPlaygate(other)).toEqual({ status: 'NO_ANSWER', reason: 'HTTP 503' });
      down = false;
      const answer = { status: 'VALID_TOKEN', kind: 'media', verifier: 'media-token verifier', checks: 'signature' };
      expect(await askPlaygate(other)).toEqual(answer);
      expect(await askPlaygate(other)).toEqual(answer);
      expect(bodies).toHaveLength(2);
      expect(JSON.parse(bodies[1]!)).toEqual({ token: other });
      // A fresh question goes out again; a sighting in a recorded answer carries the verdict.
      await askPlaygate(other, true);
      expect(bodies).toHaveLength(3);
      const third = JWT.replace(/.$/, 'B');
      await recordCall('IdP', 'POST', '/token', async () => new Response(JSON.stringify({ access_token: third }), { headers: { 'content-type': 'application/json' } }));
      await vi.waitFor(() => expect(callLog().at(-1)?.tokens?.[0]?.playgate).toEqual(answer));
      expect(bodies).toHaveLength(4);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
