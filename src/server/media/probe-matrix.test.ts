// Every media path (master, child playlist, segment; VOD and live) × every probe (no token,
// another title, another device, no device, replay, tampered, expired, traversal, HEAD, Range): no
// probe gets a media byte. Table-driven; prints its counts; fails on any acceptance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { clientToken, mediaTokenFor, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
let headers: Record<string, string>;
const DEVICE = 'device-probe-00001';

beforeAll(async () => {
  sys = await startTestSystem();
  headers = passHeaders(await clientToken(sys), DEVICE);
  await mvpdLogin(sys, headers, 'Skyline', 'sky-sports');
});
afterAll(() => sys.dispose());

const uris = (playlist: string) => playlist.split('\n').filter((l) => l && !l.startsWith('#'));
const swapChar = (t: string, i: number) => `${t.slice(0, i)}${t[i] === 'A' ? 'B' : 'A'}${t.slice(i + 1)}`;
const tamper = (t: string) => swapChar(t, t.length - 10);

/** Opens `resource` like a player; returns the real URLs of each path and its playback token. */
async function open(resource: string) {
  const token = await mediaTokenFor(sys, headers, 'Skyline', resource);
  const master = await sys.app.inject({ url: `/media/${resource}/master.m3u8?token=${token}&device=${DEVICE}` });
  expect(master.statusCode).toBe(200);
  // The player names its device on every request (the playback token is bound to it).
  const child = `/media/${resource}/${uris(master.body)[0]!}&device=${DEVICE}`;
  const childRes = await sys.app.inject({ url: child });
  expect(childRes.statusCode).toBe(200);
  const segment = `/media/${resource}/${uris(childRes.body)[0]!}&device=${DEVICE}`;
  expect((await sys.app.inject({ url: segment })).statusCode).toBe(200);
  return { token, child, segment };
}

function leaked(res: LightMyRequestResponse): boolean {
  return res.statusCode < 400 || res.rawPayload[0] === 0x47 || res.body.includes('#EXTM3U');
}

describe('every media path × every probe', () => {
  it('serves no media byte to any probe', async () => {
    const accepted: string[] = [];
    let refused = 0;
    const probe = async (name: string, req: { url: string; method?: 'GET' | 'HEAD'; headers?: Record<string, string> }) => {
      const res = await sys.app.inject({ method: req.method ?? 'GET', url: req.url, headers: req.headers ?? {} });
      if (leaked(res)) accepted.push(`${name}: ${res.statusCode} ${req.url.slice(0, 80)}`);
      else refused++;
    };
    for (const resource of ['sports-one', 'news-24']) {
      const { token, child, segment } = await open(resource);
      const other = resource === 'sports-one' ? 'news-24' : 'sports-one';
      const otherOpen = await open(other);
      const pt = new URL(child, 'http://x').searchParams.get('pt')!;
      const bare = (u: string) => u.split('?')[0]!;
      const master = `/media/${resource}/master.m3u8`;
      const fresh = () => mediaTokenFor(sys, headers, 'Skyline', resource);
      // master
      await probe(`${resource} master × no token`, { url: `${master}?device=${DEVICE}` });
      await probe(`${resource} master × another title's token`, { url: `${master}?token=${await mediaTokenFor(sys, headers, 'Skyline', other)}&device=${DEVICE}` });
      await probe(`${resource} master × another device`, { url: `${master}?token=${await fresh()}&device=device-other-0001` });
      await probe(`${resource} master × no device`, { url: `${master}?token=${await fresh()}` });
      await probe(`${resource} master × replay`, { url: `${master}?token=${token}&device=${DEVICE}` });
      await probe(`${resource} master × tampered`, { url: `${master}?token=${tamper(await fresh())}&device=${DEVICE}` });
      await probe(`${resource} master × expired`, { url: `${master}?token=${(await sys.ctx.tokens.sign('media', { resource, did: 'x', requestor: 'PLAYGATE' }, 1, Date.now() - 120_000)).token}&device=${DEVICE}` });
      await probe(`${resource} master × a playback token`, { url: `${master}?token=${pt}&device=${DEVICE}` });
      await probe(`${resource} master × HEAD without token`, { url: master, method: 'HEAD' });
      // child playlist and segment
      for (const [kind, url] of [['child', child], ['segment', segment]] as const) {
        const path = bare(url);
        const otherPt = new URL(otherOpen.child, 'http://x').searchParams.get('pt')!;
        const expired = (await sys.ctx.tokens.sign('playback', { resource, sid: 'x', did: 'x' }, 1, Date.now() - 120_000)).token;
        const d = `&device=${DEVICE}`;
        await probe(`${resource} ${kind} × no token`, { url: path });
        await probe(`${resource} ${kind} × another device`, { url: url.replace(`device=${DEVICE}`, 'device=device-other-0001') });
        await probe(`${resource} ${kind} × no device`, { url: url.replace(`&device=${DEVICE}`, '') });
        await probe(`${resource} ${kind} × HEAD, another device`, { url: url.replace(`device=${DEVICE}`, 'device=device-other-0001'), method: 'HEAD' });
        await probe(`${resource} ${kind} × Range, another device`, { url: url.replace(`device=${DEVICE}`, 'device=device-other-0001'), headers: { range: 'bytes=0-99' } });
        await probe(`${resource} ${kind} × another title's token`, { url: `${path}?pt=${otherPt}${d}` });
        await probe(`${resource} ${kind} × the media token`, { url: `${path}?pt=${token}${d}` });
        await probe(`${resource} ${kind} × tampered`, { url: `${path}?pt=${tamper(pt)}${d}` });
        await probe(`${resource} ${kind} × expired`, { url: `${path}?pt=${expired}${d}` });
        await probe(`${resource} ${kind} × traversal`, { url: `/media/${resource}/..%2F..%2Fpackage.json?pt=${pt}${d}` });
        await probe(`${resource} ${kind} × HEAD without token`, { url: path, method: 'HEAD' });
        await probe(`${resource} ${kind} × Range without token`, { url: path, headers: { range: 'bytes=0-99' } });
        await probe(`${resource} ${kind} × Range, tampered`, { url: `${path}?pt=${tamper(pt)}${d}`, headers: { range: 'bytes=0-99' } });
      }
    }
    console.log(`media probe matrix: ${refused + accepted.length} probes, ${refused} refused, ${accepted.length} served`);
    expect(accepted).toEqual([]);
    expect(refused).toBeGreaterThanOrEqual(50);
  }, 60_000);
});
