// The live channel through the gatekeeper, with an injected clock: the window advances
// with the clock, numbering stays consistent across reloads spanning a wrap, every URI
// carries the playback token, and the token is renewed exactly when it is past half its
// life (same session, never past the playback session's end).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import { installErrorHandling } from '../http/error-handler.ts';
import { expectErrorBody, startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { gatekeeperRoutes, PLAYBACK_TOKEN_HEADER, type GatekeeperOptions } from './gatekeeper-routes.ts';
import { MediaFiles } from './media-files.ts';
import { deviceHash } from '../context/device-hash.ts';

const LIVE_TTL = 120;
const VOD_TTL = 300;
const SESSION_TTL = 14_400;
/** The device every token here is bound to; child requests name it like a player does. */
const DEVICE = 'device-live-00001';
const DEV = `&device=${DEVICE}`;

let sys: TestSystem;
/** The injected clock: starts at real time (the Permit's media token was signed then), moved by tests. */
let now: number;

beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.dispose());

async function gatekeeper(overrides: Partial<GatekeeperOptions> = {}): Promise<FastifyInstance> {
  const app = Fastify({ genReqId: () => crypto.randomUUID() });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-trace-id', request.id);
  });
  installErrorHandling(app);
  await app.register(gatekeeperRoutes, {
    prefix: '/media',
    tokens: sys.ctx.tokens,
    files: new MediaFiles('media', new Set(sys.config.resources.map((r) => r.id))),
    db: sys.ctx.db,
    playbackTokenTtlSeconds: SESSION_TTL,
    livePlaybackTokenTtlSeconds: LIVE_TTL,
    vodPlaybackTokenTtlSeconds: VOD_TTL,
    liveResources: new Set(['news-24']),
    clock: () => now,
    ...overrides,
  });
  return app;
}

/** Lines of a playlist that are URIs. */
const uriLines = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
const tag = (text: string, name: string) => Number(new RegExp(`^#EXT-X-${name}:(\\d+)$`, 'm').exec(text)?.[1]);

/** Opens news-24 at the current clock with a media token bound to a device and returns the playback token. */
async function openLive(app: FastifyInstance): Promise<string> {
  const media = await sys.ctx.tokens.sign('media', { resource: 'news-24', sub: 'viewer', requestor: 'PLAYGATE', did: deviceHash(DEVICE) }, 420, now);
  const master = await app.inject({ url: `/media/news-24/master.m3u8?token=${media.token}${DEV}` });
  expect(master.statusCode).toBe(200);
  return new URL(uriLines(master.body)[0]!, 'http://x').searchParams.get('pt')!;
}

describe('live window through the gatekeeper', () => {
  let app: FastifyInstance;
  let pt: string;
  beforeAll(async () => {
    now = Date.now();
    app = await gatekeeper();
    pt = await openLive(app);
  });
  afterAll(() => app.close());

  const reload = (token = pt) => app.inject({ url: `/media/news-24/360p.m3u8?pt=${encodeURIComponent(token)}${DEV}` });

  it('advances with the injected clock: one sequence per 4 s, nothing in between', async () => {
    const start = Math.floor(now / 4000) * 4000;
    now = start + 100;
    const first = (await reload()).body;
    const seq0 = tag(first, 'MEDIA-SEQUENCE');
    expect(seq0).toBe(Math.floor(now / 4000));
    now = start + 3900;
    expect(tag((await reload()).body, 'MEDIA-SEQUENCE')).toBe(seq0);
    for (let k = 1; k <= 6; k++) {
      now = start + 100 + 4000 * k;
      expect(tag((await reload()).body, 'MEDIA-SEQUENCE')).toBe(seq0 + k);
    }
  });

  it('keeps sequence and discontinuity numbers consistent across reloads spanning a wrap', async () => {
    const start = now;
    const numberOf = new Map<number, number>();
    const fileOf = new Map<number, string>();
    let lastDs = -1;
    let lastSeq = -1;
    let tags = 0;
    for (let t = 0; t <= 30_000; t += 1000) {
      now = start + t;
      const res = await reload();
      expect(res.statusCode).toBe(200);
      const text = res.body;
      expect(text).not.toMatch(/ENDLIST|PLAYLIST-TYPE/);
      expect(tag(text, 'TARGETDURATION')).toBe(4);
      const seq = tag(text, 'MEDIA-SEQUENCE');
      const ds = tag(text, 'DISCONTINUITY-SEQUENCE');
      expect(seq).toBeGreaterThanOrEqual(lastSeq);
      expect(ds).toBeGreaterThanOrEqual(lastDs);
      lastSeq = seq;
      lastDs = ds;
      // Walk the entries like a client: discontinuity number = DS + tags so far.
      let number = ds;
      let s = seq;
      const lines = text.split('\n');
      for (const line of lines) {
        if (line === '#EXT-X-DISCONTINUITY') {
          number++;
          tags++;
        } else if (line !== '' && !line.startsWith('#')) {
          const m = /^(360p_00(\d)\.ts)\?seq=(\d+)&pt=/.exec(line);
          expect(m, line).not.toBeNull();
          expect(Number(m![3])).toBe(s);
          expect(Number(m![2])).toBe(s % 5);
          if (numberOf.has(s)) expect(number).toBe(numberOf.get(s));
          if (fileOf.has(s)) expect(m![1]).toBe(fileOf.get(s));
          numberOf.set(s, number);
          fileOf.set(s, m![1]!);
          // A wrap back to segment 0 is always announced.
          if (s % 5 === 0) expect(lines[lines.indexOf(line) - 2]).toBe('#EXT-X-DISCONTINUITY');
          s++;
        }
      }
      expect(s - seq).toBe(4);
    }
    expect(tags).toBeGreaterThan(0);
    // 30 s span more than one loop of 20 s: the discontinuity sequence moved.
    expect(Math.max(...numberOf.values())).toBeGreaterThan(Math.min(...numberOf.values()));
  });

  it('every URI carries the playback token, which opens that very segment', async () => {
    const res = await reload();
    const lines = uriLines(res.body);
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(new URL(line, 'http://x').searchParams.get('pt')).toBe(pt);
      const segment = await app.inject({ url: `/media/news-24/${line}${DEV}` });
      expect(segment.statusCode).toBe(200);
      expect(segment.headers['content-type']).toBe('video/mp2t');
    }
  });
});

describe('live playback token renewal', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await gatekeeper();
  });
  afterAll(() => app.close());

  const reload = (token: string) => app.inject({ url: `/media/news-24/360p.m3u8?pt=${encodeURIComponent(token)}${DEV}` });

  it('renews only past half-life: the new token verifies, keeps the sid and resource, and is in every URI', async () => {
    now = Date.now();
    const t0 = now;
    const pt = await openLive(app);
    const claims = decodeJwt(pt);
    expect(claims.exp! - claims.iat!).toBe(LIVE_TTL);

    for (const offset of [0, 30_000, 59_000]) {
      now = t0 + offset;
      const res = await reload(pt);
      expect(res.statusCode).toBe(200);
      expect(res.headers[PLAYBACK_TOKEN_HEADER], `at +${offset} ms`).toBeUndefined();
      for (const line of uriLines(res.body)) expect(new URL(line, 'http://x').searchParams.get('pt')).toBe(pt);
    }

    now = t0 + 61_000;
    const res = await reload(pt);
    expect(res.statusCode).toBe(200);
    const renewed = res.headers[PLAYBACK_TOKEN_HEADER] as string;
    expect(renewed).toEqual(expect.any(String));
    expect(renewed).not.toBe(pt);
    const fresh = await sys.ctx.tokens.verify('playback', renewed, { now });
    expect(fresh).toMatchObject({ resource: 'news-24', sid: claims.sid, sub: claims.sub });
    expect(fresh.iat).toBe(Math.floor(now / 1000));
    expect(fresh.exp! - fresh.iat!).toBe(LIVE_TTL);
    for (const line of uriLines(res.body)) expect(new URL(line, 'http://x').searchParams.get('pt')).toBe(renewed);

    // The renewed token is fresh: no header with it.
    expect((await reload(renewed)).headers[PLAYBACK_TOKEN_HEADER]).toBeUndefined();
  });

  it('a viewer reloading every 4 s watches for an hour on a chain of renewed tokens, with the same sid throughout', async () => {
    now = Date.now();
    let token = await openLive(app);
    const sid = decodeJwt(token).sid;
    const seen = new Set([token]);
    for (let t = 4000; t <= 3_600_000; t += 4000) {
      now += 4000;
      const res = await reload(token);
      expect(res.statusCode).toBe(200);
      const renewed = res.headers[PLAYBACK_TOKEN_HEADER] as string | undefined;
      if (renewed) {
        expect(decodeJwt(renewed).sid).toBe(sid);
        token = renewed;
        seen.add(token);
      }
      // The token in use never reaches its expiry.
      expect(decodeJwt(token).exp! * 1000).toBeGreaterThan(now);
    }
    // About one renewal per half-life (60 s) over an hour.
    expect(seen.size).toBeGreaterThanOrEqual(55);
    expect(seen.size).toBeLessThanOrEqual(65);
  });

  it('never renews past the playback session: the chain ends with the session, then the token is refused', async () => {
    const short = await gatekeeper({ playbackTokenTtlSeconds: 150 });
    try {
      now = Date.now();
      const t0 = now;
      let token = await openLive(short);
      const sessionEnd = Math.floor(t0 / 1000) + 150;
      expect(decodeJwt(token).sxp).toBe(sessionEnd);
      for (let t = 2000; t <= 150_000; t += 2000) {
        now = t0 + t;
        const res = await short.inject({ url: `/media/news-24/360p.m3u8?pt=${encodeURIComponent(token)}${DEV}` });
        expect(res.statusCode).toBe(200);
        const renewed = res.headers[PLAYBACK_TOKEN_HEADER] as string | undefined;
        if (renewed) token = renewed;
        expect(decodeJwt(token).exp).toBeLessThanOrEqual(sessionEnd);
      }
      now = (sessionEnd + 31) * 1000; // past the session and the clock tolerance
      const refused = await short.inject({ url: `/media/news-24/360p.m3u8?pt=${encodeURIComponent(token)}${DEV}` });
      expectErrorBody(refused, { status: 403, code: 'media_token_invalid' });
    } finally {
      await short.close();
    }
  });

  it('VOD playback tokens are short too, and a VOD playlist past half-life is renewed the same way (same sid, device, session end)', async () => {
    now = Date.now();
    const media = await sys.ctx.tokens.sign('media', { resource: 'sports-one', requestor: 'PLAYGATE', did: deviceHash(DEVICE) }, 420, now);
    const master = await app.inject({ url: `/media/sports-one/master.m3u8?token=${media.token}${DEV}` });
    const pt = new URL(uriLines(master.body)[0]!, 'http://x').searchParams.get('pt')!;
    const claims = decodeJwt(pt);
    expect(claims.exp! - claims.iat!).toBe(VOD_TTL);
    expect(claims.sxp).toBe(claims.iat! + SESSION_TTL);
    const t0 = now;
    now = t0 + (VOD_TTL / 2 - 1) * 1000;
    const early = await app.inject({ url: `/media/sports-one/360p.m3u8?pt=${pt}${DEV}` });
    expect(early.statusCode).toBe(200);
    expect(early.headers[PLAYBACK_TOKEN_HEADER]).toBeUndefined();
    now = t0 + (VOD_TTL / 2 + 1) * 1000;
    const res = await app.inject({ url: `/media/sports-one/360p.m3u8?pt=${pt}${DEV}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('#EXT-X-ENDLIST');
    const renewed = res.headers[PLAYBACK_TOKEN_HEADER] as string;
    const fresh = await sys.ctx.tokens.verify('playback', renewed, { now });
    expect(fresh).toMatchObject({ resource: 'sports-one', sid: claims.sid, did: deviceHash(DEVICE), sxp: claims.sxp });
    expect(fresh.exp! - fresh.iat!).toBe(VOD_TTL);
    for (const line of uriLines(res.body)) expect(new URL(line, 'http://x').searchParams.get('pt')).toBe(renewed);
    // Without renewal the first token dies with its short life (plus the clock tolerance).
    now = t0 + (VOD_TTL + 31) * 1000;
    expectErrorBody(await app.inject({ url: `/media/sports-one/360p_000.ts?pt=${pt}${DEV}` }), { status: 403, code: 'media_token_invalid' });
    expect((await app.inject({ url: `/media/sports-one/360p_000.ts?pt=${renewed}${DEV}` })).statusCode).toBe(200);
  });

  it('a HEAD of the media playlist renews too (what a paused player sends), with no body', async () => {
    now = Date.now();
    const aging = await sys.ctx.tokens.sign('playback', { resource: 'sports-one', sid: 's0', did: deviceHash(DEVICE), sxp: Math.floor(now / 1000) + 3600 }, VOD_TTL, now - 200_000);
    const res = await app.inject({ method: 'HEAD', url: `/media/sports-one/360p.m3u8?pt=${aging.token}${DEV}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(decodeJwt(res.headers[PLAYBACK_TOKEN_HEADER] as string).sid).toBe('s0');
  });

  it('segments past half-life renew too (header only), VOD and live, and take the renewed token', async () => {
    now = Date.now();
    for (const [resource, ttl, file] of [['news-24', LIVE_TTL, '360p_002.ts?seq=7'], ['sports-one', VOD_TTL, '360p_001.ts']] as const) {
      const fresh = await sys.ctx.tokens.sign('playback', { resource, sid: 's1', did: deviceHash(DEVICE), sxp: Math.floor(now / 1000) + 3600 }, ttl, now - 1000);
      const young = await app.inject({ url: `/media/${resource}/${file}${file.includes('?') ? '&' : '?'}pt=${fresh.token}${DEV}` });
      expect(young.statusCode).toBe(200);
      expect(young.headers[PLAYBACK_TOKEN_HEADER]).toBeUndefined();
      const aging = await sys.ctx.tokens.sign('playback', { resource, sid: 's2', did: deviceHash(DEVICE), sxp: Math.floor(now / 1000) + 3600 }, ttl, now - (ttl / 2 + 5) * 1000);
      const segment = await app.inject({ url: `/media/${resource}/${file}${file.includes('?') ? '&' : '?'}pt=${aging.token}${DEV}` });
      expect(segment.statusCode).toBe(200);
      expect(segment.headers['content-type']).toBe('video/mp2t');
      const renewed = segment.headers[PLAYBACK_TOKEN_HEADER] as string;
      expect(decodeJwt(renewed)).toMatchObject({ resource, sid: 's2', did: deviceHash(DEVICE) });
      expect((await app.inject({ url: `/media/${resource}/${file}${file.includes('?') ? '&' : '?'}pt=${renewed}${DEV}` })).statusCode).toBe(200);
    }
  });

  it('a playback token verified before (the synchronous path of every later segment) is refused all the same: another device, another resource, past its end, past a TempPass end', async () => {
    now = Date.now();
    const pass = Math.floor(now / 1000) + 20;
    const { token } = await sys.ctx.tokens.sign('playback', { resource: 'sports-one', sid: 's4', did: deviceHash(DEVICE), sxp: Math.floor(now / 1000) + 3600, pxp: pass }, VOD_TTL, now);
    const segment = (pt: string, device = DEVICE, resource = 'sports-one') => app.inject({ url: `/media/${resource}/360p_000.ts?pt=${pt}&device=${device}` });
    for (let i = 0; i < 2; i++) expect((await segment(token)).statusCode).toBe(200);
    expectErrorBody(await segment(token, 'device-live-00002'), { status: 403, code: 'media_token_invalid' });
    expectErrorBody(await segment(token, DEVICE, 'news-24'), { status: 403, code: 'media_token_invalid' });
    expect((await app.inject({ url: '/media/sports-one/360p_000.ts?device=' + DEVICE })).statusCode).toBe(401);
    now = pass * 1000;
    expectErrorBody(await segment(token), { status: 403, code: 'media_token_invalid' });
    const { token: plain } = await sys.ctx.tokens.sign('playback', { resource: 'sports-one', sid: 's5', did: deviceHash(DEVICE), sxp: Math.floor(now / 1000) + 3600 }, VOD_TTL, now);
    expect((await segment(plain)).statusCode).toBe(200);
    now += (VOD_TTL + 31) * 1000;
    expectErrorBody(await segment(plain), { status: 403, code: 'media_token_invalid' });
  });

  it('a renewed token is for the same resource only', async () => {
    now = Date.now();
    const aging = await sys.ctx.tokens.sign('playback', { resource: 'news-24', sid: 's3', did: deviceHash(DEVICE), sxp: Math.floor(now / 1000) + 3600 }, LIVE_TTL, now - 100_000);
    const renewed = (await reload(aging.token)).headers[PLAYBACK_TOKEN_HEADER] as string;
    expectErrorBody(await app.inject({ url: `/media/sports-one/360p_000.ts?pt=${renewed}${DEV}` }), { status: 403, code: 'media_token_invalid' });
  });
});
