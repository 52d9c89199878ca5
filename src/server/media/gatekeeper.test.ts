// The media gatekeeper: a real Permit opens the master playlist once, on the device it was
// issued to; the rewritten URLs open the child playlist and segments; and nothing else lets
// a media byte out — no token, a spent token, a token for another resource or device, a
// tampered, expired or foreign-kind token, path tricks. Segments honour byte ranges.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { decodeJwt } from 'jose';
import { clientToken, expectErrorBody, mediaTokenFor, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { deviceHash } from '../context/device-hash.ts';
import { SpentMediaTokens } from './spent-media-tokens.ts';

let sys: TestSystem;
let clientAccess: string;
let headers: Record<string, string>;
const DEVICE = 'device-gate-00001';

beforeAll(async () => {
  sys = await startTestSystem();
  clientAccess = await clientToken(sys);
  headers = passHeaders(clientAccess, DEVICE);
  // sky-sports holds basic + sports: Permits for news-24 and sports-one.
  await mvpdLogin(sys, headers, 'Skyline', 'sky-sports');
});
afterAll(() => sys.dispose());

const newsToken = () => mediaTokenFor(sys, headers, 'Skyline', 'news-24');
/** Like the player: a request carrying a playback token (`pt=`) names its device too, unless the URL already does. */
const withDevice = (url: string, device = DEVICE) => (/[?&]pt=/.test(url) && !/[?&]device=/.test(url) ? `${url}&device=${encodeURIComponent(device)}` : url);
const get = (url: string, extra: Record<string, string> = {}) => sys.app.inject({ url: withDevice(url), headers: extra });
/** The master playlist URL a player opens: media token and the device it was issued to. */
const masterUrl = (resource: string, token: string, device: string | null = DEVICE) =>
  `/media/${resource}/master.m3u8?token=${token}${device === null ? '' : `&device=${encodeURIComponent(device)}`}`;
const mediaFile = (resource: string, file: string) => readFileSync(join('media', resource, file));

/** The URIs an HLS playlist names (lines that are not tags), as absolute paths under /media/<resource>/. */
function uris(playlist: string, resource: string): string[] {
  return playlist
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((u) => `/media/${resource}/${u}`);
}

/** Opens a resource like a player: master with the media token, then its first child playlist. */
async function open(resource: string) {
  const master = await get(masterUrl(resource, await mediaTokenFor(sys, headers, 'Skyline', resource)));
  const [childUrl] = uris(master.body, resource);
  const child = await get(childUrl!);
  return { master, childUrl: childUrl!, child, pt: new URL(childUrl!, 'http://x').searchParams.get('pt')! };
}
/** news-24 is the live channel; sports-one is VOD. */
const openNews = () => open('news-24');
const openSports = () => open('sports-one');

/** No media byte: a JSON error body, not MPEG-TS (sync byte 0x47) and not a playlist. */
function expectNoMedia(res: LightMyRequestResponse) {
  expect(res.rawPayload[0]).not.toBe(0x47);
  expect(res.body.startsWith('#EXTM3U')).toBe(false);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(() => JSON.parse(res.body)).not.toThrow();
}

function tamperSignature(token: string): string {
  const [h, p, s] = token.split('.') as [string, string, string];
  const i = 20;
  return `${h}.${p}.${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
}

function withClaims(token: string, changes: Record<string, unknown>): string {
  const [h, p, s] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  return `${h}.${Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url')}.${s}`;
}

const INVALID = { status: 403, code: 'media_token_invalid', action: 'authorization' };
const MISSING = { status: 401, code: 'media_token_missing', action: 'authorization' };

describe('with a real Permit', () => {
  it('serves the master playlist: 200, no-store, every URI line carries pt=', async () => {
    const { master } = await openNews();
    expect(master.statusCode).toBe(200);
    expect(master.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    expect(master.headers['cache-control']).toBe('no-store');
    const lines = uris(master.body, 'news-24');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/\?pt=[A-Za-z0-9._%-]+$/);
    // The original playlist, with only the URIs changed.
    const original = mediaFile('news-24', 'master.m3u8').toString('utf8');
    expect(master.body.replace(/\?pt=[^\n"]+/g, '')).toBe(original);
  });

  it('also takes the media token as a Bearer header', async () => {
    const res = await get(`/media/news-24/master.m3u8?device=${DEVICE}`, { authorization: `Bearer ${await newsToken()}` });
    expect(res.statusCode).toBe(200);
  });

  it('hands out a playback token bound to the resource, the session and the device (playback+jwt): short, VOD and live alike', async () => {
    const { pt } = await openNews();
    const claims = await sys.ctx.tokens.verify('playback', pt);
    expect(claims.resource).toBe('news-24');
    expect(claims.sid).toEqual(expect.any(String));
    expect(claims.did).toBe(deviceHash(DEVICE));
    await expect(sys.ctx.tokens.verify('media', pt)).rejects.toMatchObject({ name: 'TokenRejected' });
    expect(sys.config.tokens.livePlaybackTokenTtlSeconds).toBeLessThan(sys.config.tokens.playbackTokenTtlSeconds);
    expect(decodeJwt(pt).exp! - decodeJwt(pt).iat!).toBe(sys.config.tokens.livePlaybackTokenTtlSeconds);

    const vod = (await openSports()).pt;
    expect(decodeJwt(vod).resource).toBe('sports-one');
    // VOD tokens live minutes too (renewed while playing), no longer the whole session.
    expect(sys.config.tokens.vodPlaybackTokenTtlSeconds).toBeLessThanOrEqual(600);
    expect(decodeJwt(vod).exp! - decodeJwt(vod).iat!).toBe(sys.config.tokens.vodPlaybackTokenTtlSeconds);
    expect(decodeJwt(vod).sxp).toBe(decodeJwt(vod).iat! + sys.config.tokens.playbackTokenTtlSeconds);
    expect(decodeJwt(vod).did).toBe(deviceHash(DEVICE));
  });

  it('the playback session id is the media token it was opened with', async () => {
    const token = await newsToken();
    const master = await get(masterUrl('news-24', token));
    const pt = new URL(uris(master.body, 'news-24')[0]!, 'http://x').searchParams.get('pt')!;
    expect(decodeJwt(pt).sid).toBe(decodeJwt(token).jti);
  });

  it('serves a VOD child playlist and a segment through the rewritten URLs, byte for byte', async () => {
    const { child } = await openSports();
    expect(child.statusCode).toBe(200);
    expect(child.headers['cache-control']).toBe('no-store');
    expect(child.headers['x-playgate-playback-token']).toBeUndefined();
    const segments = uris(child.body, 'sports-one');
    expect(segments).toHaveLength(5);
    for (const s of segments) expect(s).toMatch(/\.ts\?pt=/);
    expect(child.body.replace(/\?pt=[^\n"]+/g, '')).toBe(mediaFile('sports-one', '360p.m3u8').toString('utf8'));

    const segment = await get(segments[0]!);
    expect(segment.statusCode).toBe(200);
    expect(segment.headers['content-type']).toBe('video/mp2t');
    expect(segment.headers['accept-ranges']).toBe('bytes');
    expect(segment.rawPayload[0]).toBe(0x47);
    expect(segment.rawPayload.equals(mediaFile('sports-one', '360p_000.ts'))).toBe(true);
  });

  it('serves the live channel (news-24) as a sliding window whose segments play byte for byte', async () => {
    const { child } = await openNews();
    expect(child.statusCode).toBe(200);
    expect(child.headers['cache-control']).toBe('no-store');
    expect(child.body).toMatch(/^#EXT-X-MEDIA-SEQUENCE:\d+$/m);
    expect(child.body).not.toMatch(/ENDLIST|PLAYLIST-TYPE/);
    const segments = uris(child.body, 'news-24');
    expect(segments).toHaveLength(4);
    for (const s of segments) {
      const m = /\/(360p_00(\d)\.ts)\?seq=(\d+)&pt=/.exec(s);
      expect(m, s).not.toBeNull();
      expect(Number(m![3]) % 5).toBe(Number(m![2]));
      const segment = await get(s);
      expect(segment.statusCode).toBe(200);
      expect(segment.rawPayload.equals(mediaFile('news-24', m![1]!))).toBe(true);
    }
  });

  it('answers HEAD on a segment with the playback token', async () => {
    const { child } = await openNews();
    const res = await sys.app.inject({ method: 'HEAD', url: withDevice(uris(child.body, 'news-24')[1]!) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('video/mp2t');
  });
});

describe('refusals: no media byte without a valid token for that very resource', () => {
  it('a segment without a token → 401 media_token_missing, JSON body', async () => {
    const res = await get('/media/news-24/360p_000.ts');
    expectErrorBody(res, MISSING);
    expectNoMedia(res);
  });

  it('a segment with an empty pt → 401 media_token_missing', async () => {
    const res = await get('/media/news-24/360p_000.ts?pt=');
    expectErrorBody(res, MISSING);
    expectNoMedia(res);
  });

  it('HEAD on a segment without a token → 401 and no body', async () => {
    const res = await sys.app.inject({ method: 'HEAD', url: '/media/news-24/360p_000.ts' });
    expect(res.statusCode).toBe(401);
    expect(res.rawPayload.length).toBe(0);
  });

  it('the master playlist without a token → 401 media_token_missing', async () => {
    const res = await get('/media/news-24/master.m3u8');
    expectErrorBody(res, MISSING);
    expectNoMedia(res);
  });

  it('the child playlist without a token → 401', async () => {
    expectErrorBody(await get('/media/news-24/360p.m3u8'), MISSING);
  });

  it('a media token for news-24 on sports-one/master.m3u8 → 403', async () => {
    const res = await get(masterUrl('sports-one', await newsToken()));
    expectErrorBody(res, INVALID);
    expectNoMedia(res);
  });

  it('a news-24 playback token on sports-one playlists and segments → 403', async () => {
    const { pt } = await openNews();
    for (const file of ['360p.m3u8', '360p_000.ts', '360p_004.ts']) {
      const res = await get(`/media/sports-one/${file}?pt=${encodeURIComponent(pt)}`);
      expectErrorBody(res, INVALID);
      expectNoMedia(res);
    }
  });

  it('the news-24 playback token still opens news-24 segments (control for the case above)', async () => {
    const { pt } = await openNews();
    expect((await get(`/media/news-24/360p_004.ts?pt=${encodeURIComponent(pt)}`)).statusCode).toBe(200);
  });

  it('a sports-one Permit opens sports-one (control for the foreign-resource cases)', async () => {
    const token = await mediaTokenFor(sys, headers, 'Skyline', 'sports-one');
    expect((await get(masterUrl('sports-one', token))).statusCode).toBe(200);
  });

  it('a media token with a tampered signature → 403', async () => {
    const res = await get(masterUrl('news-24', tamperSignature(await newsToken())));
    expectErrorBody(res, INVALID);
    expectNoMedia(res);
  });

  it('a news-24 media token rewritten to say sports-one → 403', async () => {
    const forged = withClaims(await newsToken(), { resource: 'sports-one' });
    expectErrorBody(await get(masterUrl('sports-one', forged)), INVALID);
  });

  it('a playback token rewritten to say sports-one → 403 on sports-one segments', async () => {
    const { pt } = await openNews();
    const res = await get(`/media/sports-one/360p_000.ts?pt=${encodeURIComponent(withClaims(pt, { resource: 'sports-one' }))}`);
    expectErrorBody(res, INVALID);
    expectNoMedia(res);
  });

  it('a tampered playback token → 403 on segments', async () => {
    const { pt } = await openNews();
    const res = await get(`/media/news-24/360p_000.ts?pt=${encodeURIComponent(tamperSignature(pt))}`);
    expectErrorBody(res, INVALID);
    expectNoMedia(res);
  });

  it('an expired media token → 403', async () => {
    const expired = await sys.ctx.tokens.sign('media', { resource: 'news-24', sub: 'viewer' }, 1, Date.now() - 120_000);
    const res = await get(masterUrl('news-24', expired.token));
    expectErrorBody(res, INVALID);
    expectNoMedia(res);
  });

  it('an expired playback token → 403 on segments', async () => {
    const expired = await sys.ctx.tokens.sign('playback', { resource: 'news-24', sub: 'viewer' }, 1, Date.now() - 120_000);
    expectErrorBody(await get(`/media/news-24/360p_000.ts?pt=${expired.token}`), INVALID);
  });

  it('a media token that is not valid yet → 403', async () => {
    const early = await sys.ctx.tokens.sign('media', { resource: 'news-24', sub: 'viewer' }, 600, Date.now() + 600_000);
    expectErrorBody(await get(masterUrl('news-24', early.token)), INVALID);
  });

  it('a client access token presented as a media token → 403', async () => {
    const res = await get(masterUrl('news-24', clientAccess));
    expectErrorBody(res, INVALID);
    expectNoMedia(res);
  });

  it('a client access token carrying a resource claim → 403 (typ and audience, not claims, decide)', async () => {
    const forged = await sys.ctx.tokens.sign('clientAccess', { resource: 'news-24' }, 600);
    expectErrorBody(await get(masterUrl('news-24', forged.token)), INVALID);
    expectErrorBody(await get(`/media/news-24/360p_000.ts?pt=${forged.token}`), INVALID);
  });

  it('a playback token on the master playlist → 403 (the master needs a Permit)', async () => {
    const { pt } = await openNews();
    expectErrorBody(await get(masterUrl('news-24', encodeURIComponent(pt))), INVALID);
  });

  it('a media token as pt on a segment → 403 (segments need the playback token)', async () => {
    const res = await get(`/media/news-24/360p_000.ts?pt=${await newsToken()}`);
    expectErrorBody(res, INVALID);
    expectNoMedia(res);
  });

  it('the software statement as a media token → 403', async () => {
    expectErrorBody(await get(masterUrl('news-24', sys.softwareStatement)), INVALID);
  });

  it('an alg: none token → 403', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'media+jwt' })).toString('base64url');
    const payload = (await newsToken()).split('.')[1];
    expectErrorBody(await get(masterUrl('news-24', `${header}.${payload}.`)), INVALID);
  });

  it('garbage tokens → 403', async () => {
    for (const token of ['x', 'a.b.c', '...']) {
      expectErrorBody(await get(masterUrl('news-24', token)), INVALID);
      expectErrorBody(await get(`/media/news-24/360p_000.ts?pt=${token}`), INVALID);
    }
  });

});

describe('single use and device binding', () => {
  const REPLAYED = { status: 403, code: 'media_token_replayed', action: 'authorization' };

  it('a media token works once: the replay → 403 media_token_replayed, no media bytes', async () => {
    const token = await newsToken();
    expect((await get(masterUrl('news-24', token))).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) {
      const replay = await get(masterUrl('news-24', token));
      expectErrorBody(replay, REPLAYED);
      expectNoMedia(replay);
    }
    // Also through the Bearer header.
    expectErrorBody(await get(`/media/news-24/master.m3u8?device=${DEVICE}`, { authorization: `Bearer ${token}` }), REPLAYED);
  });

  it('records the spent jti until the token could no longer verify (exp + clock tolerance)', async () => {
    const token = await newsToken();
    const { jti, exp } = decodeJwt(token);
    expect(await sys.ctx.db.selectFrom('spent_media_tokens').selectAll().where('jti', '=', jti!).execute()).toEqual([]);
    expect((await get(masterUrl('news-24', token))).statusCode).toBe(200);
    const rows = await sys.ctx.db.selectFrom('spent_media_tokens').selectAll().where('jti', '=', jti!).execute();
    expect(rows.map((r) => ({ jti: r.jti, expires_at: Number(r.expires_at) }))).toEqual([{ jti, expires_at: (exp! + 30) * 1000 }]);
  });

  it('concurrent uses of one media token: exactly one 200, the others media_token_replayed', async () => {
    const token = await newsToken();
    const results = await Promise.all(Array.from({ length: 6 }, () => get(masterUrl('news-24', token))));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 200)) {
      expectErrorBody(r, REPLAYED);
      expectNoMedia(r);
    }
  });

  it('the media token carries the device hash (did) of the device it was issued to', async () => {
    expect(decodeJwt(await newsToken()).did).toBe(deviceHash(DEVICE));
  });

  it('another device, or no device, is refused with no media bytes — and that does not spend the token', async () => {
    const token = await newsToken();
    for (const device of ['device-gate-00002', '', null, DEVICE.toUpperCase(), deviceHash(DEVICE)]) {
      const res = await get(masterUrl('news-24', token, device));
      expectErrorBody(res, INVALID);
      expectNoMedia(res);
    }
    expect((await get(masterUrl('news-24', token))).statusCode).toBe(200);
  });

  it('a media token forged to carry another device hash → 403 (the signature covers did)', async () => {
    const forged = withClaims(await newsToken(), { did: deviceHash('device-gate-00002') });
    expectErrorBody(await get(masterUrl('news-24', forged, 'device-gate-00002')), INVALID);
  });

  it('a media token without device binding plays nowhere: neither without `device` nor with any', async () => {
    const unbound = await sys.ctx.tokens.sign('media', { resource: 'news-24', sub: 'viewer', requestor: 'PLAYGATE' }, 300);
    expectErrorBody(await get(masterUrl('news-24', unbound.token, null)), INVALID);
    expectErrorBody(await get(masterUrl('news-24', unbound.token, 'any-device')), INVALID);
  });

  it('a media token for a requestor this deployment does not serve is refused', async () => {
    const foreign = await sys.ctx.tokens.sign('media', { resource: 'news-24', sub: 'viewer', requestor: 'OTHER', did: deviceHash(DEVICE) }, 300);
    expectErrorBody(await get(masterUrl('news-24', foreign.token)), INVALID);
    const none = await sys.ctx.tokens.sign('media', { resource: 'news-24', sub: 'viewer', did: deviceHash(DEVICE) }, 300);
    expectErrorBody(await get(masterUrl('news-24', none.token)), INVALID);
  });

  it('a refused token for another resource is not spent: it still opens its own resource', async () => {
    const token = await newsToken();
    expectErrorBody(await get(masterUrl('sports-one', token)), INVALID);
    expect((await get(masterUrl('news-24', token))).statusCode).toBe(200);
  });

  it('a playback token plays only on its device: another device, no device or a case variant → 403 in the error format, no media byte', async () => {
    for (const open of [openSports, openNews]) {
      const { childUrl, child } = await open();
      const segmentUrl = uris(child.body, childUrl.split('/')[2]!)[0]!;
      for (const url of [childUrl, segmentUrl]) {
        expect((await get(url)).statusCode, url).toBe(200); // control: its own device
        for (const device of ['device-gate-00002', DEVICE.toUpperCase(), deviceHash(DEVICE)]) {
          const res = await sys.app.inject({ url: withDevice(url, device) });
          expectErrorBody(res, INVALID);
          expect(res.json().details).toMatch(/another device/);
          expectNoMedia(res);
        }
        const bare = await sys.app.inject({ url });
        expectErrorBody(bare, INVALID);
        expect(bare.json().details).toMatch(/device=/);
        expectNoMedia(bare);
        const head = await sys.app.inject({ method: 'HEAD', url: withDevice(url, 'device-gate-00002') });
        expect(head.statusCode).toBe(403);
      }
    }
  });

  it('a playback token bound to no device plays nowhere, and a forged did breaks the signature', async () => {
    const unbound = await sys.ctx.tokens.sign('playback', { resource: 'sports-one', sid: 'x', sxp: Math.floor(Date.now() / 1000) + 3600 }, 300);
    for (const device of [DEVICE, 'any-device']) {
      const res = await sys.app.inject({ url: `/media/sports-one/360p_000.ts?pt=${unbound.token}&device=${device}` });
      expectErrorBody(res, INVALID);
      expect(res.json().details).toMatch(/bound to no device/);
    }
    const { pt } = await openSports();
    const forged = withClaims(pt, { did: deviceHash('device-gate-00002') });
    expectErrorBody(await sys.app.inject({ url: `/media/sports-one/360p_000.ts?pt=${encodeURIComponent(forged)}&device=device-gate-00002` }), INVALID);
  });

  it('a renewed playback token stays bound to the same device', async () => {
    const ttl = sys.config.tokens.vodPlaybackTokenTtlSeconds!;
    const aging = await sys.ctx.tokens.sign('playback', { resource: 'sports-one', sid: 'r', did: deviceHash(DEVICE), sxp: Math.floor(Date.now() / 1000) + 3600 }, ttl, Date.now() - (ttl * 1000 * 2) / 3);
    const res = await get(`/media/sports-one/360p_000.ts?pt=${aging.token}`);
    const renewed = res.headers['x-playgate-playback-token'] as string;
    expect(decodeJwt(renewed).did).toBe(deviceHash(DEVICE));
    expectErrorBody(await sys.app.inject({ url: `/media/sports-one/360p_000.ts?pt=${renewed}&device=device-gate-00002` }), INVALID);
  });

  it('child playlists and segments never touch the spent table (playback tokens are reusable)', async () => {
    const { childUrl } = await openSports();
    const before = await sys.ctx.db.selectFrom('spent_media_tokens').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    for (let i = 0; i < 3; i++) expect((await get(childUrl)).statusCode).toBe(200);
    const after = await sys.ctx.db.selectFrom('spent_media_tokens').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('purging spent media tokens', () => {
  it('deletes only rows past their keep-until time, at most once per interval', async () => {
    const spent = new SpentMediaTokens(sys.ctx.db, { purgeIntervalMs: 60_000 });
    const t0 = Date.now();
    const stale = `stale-${crypto.randomUUID()}`;
    const fresh = `fresh-${crypto.randomUUID()}`;
    const exists = async (jti: string) => (await sys.ctx.db.selectFrom('spent_media_tokens').select('jti').where('jti', '=', jti).execute()).length === 1;

    expect(await spent.spend(`a-${crypto.randomUUID()}`, t0 + 600_000, t0)).toBe(true); // first use: purges (nothing stale yet)
    await sys.ctx.db.insertInto('spent_media_tokens').values({ jti: stale, expires_at: t0 - 1 }).execute();
    await sys.ctx.db.insertInto('spent_media_tokens').values({ jti: fresh, expires_at: t0 + 120_000 }).execute();

    expect(await spent.spend(`b-${crypto.randomUUID()}`, t0 + 600_000, t0 + 30_000)).toBe(true);
    expect(await exists(stale)).toBe(true); // not on every request

    expect(await spent.spend(`c-${crypto.randomUUID()}`, t0 + 600_000, t0 + 61_000)).toBe(true);
    expect(await exists(stale)).toBe(false);
    expect(await exists(fresh)).toBe(true);
  });

  it('spend is false for a jti already recorded', async () => {
    const spent = new SpentMediaTokens(sys.ctx.db);
    const jti = crypto.randomUUID();
    expect(await spent.spend(jti, Date.now() + 60_000)).toBe(true);
    expect(await spent.spend(jti, Date.now() + 60_000)).toBe(false);
  });
});

describe('live playback token renewal (real clock)', () => {
  it('a live media playlist requested with a token past half its life comes back with a new one (same sid)', async () => {
    const ttl = sys.config.tokens.livePlaybackTokenTtlSeconds!;
    const sid = crypto.randomUUID();
    const aging = await sys.ctx.tokens.sign('playback', { resource: 'news-24', sid, did: deviceHash(DEVICE), sxp: Math.floor(Date.now() / 1000) + 3600 }, ttl, Date.now() - (ttl * 1000 * 2) / 3);
    const res = await get(`/media/news-24/360p.m3u8?pt=${aging.token}`);
    expect(res.statusCode).toBe(200);
    const renewed = res.headers['x-playgate-playback-token'] as string;
    expect(renewed).toEqual(expect.any(String));
    const claims = await sys.ctx.tokens.verify('playback', renewed);
    expect(claims).toMatchObject({ resource: 'news-24', sid });
    for (const u of uris(res.body, 'news-24')) expect(new URL(u, 'http://x').searchParams.get('pt')).toBe(renewed);
  });

  it('a fresh token is not renewed', async () => {
    const { child } = await openNews();
    expect(child.headers['x-playgate-playback-token']).toBeUndefined();
  });
});

describe('byte ranges on segments', () => {
  let pt: string;
  const file = () => mediaFile('sports-one', '360p_001.ts');
  const segment = (range?: string, method: 'GET' | 'HEAD' = 'GET') =>
    sys.app.inject({ method, url: withDevice(`/media/sports-one/360p_001.ts?pt=${encodeURIComponent(pt)}`), headers: range === undefined ? {} : { range } });
  beforeAll(async () => {
    pt = (await openSports()).pt;
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-', 100, -1],
    ['bytes=-188', -188, -1],
    ['bytes=1000-1187', 1000, 1187],
    ['bytes=0-0', 0, 0],
    ['bytes=5-999999999', 5, -1],
    ['bytes=-999999999', 0, -1],
  ])('%s → 206 with Content-Range and exactly that slice of the file', async (range, a, b) => {
    const size = file().length;
    const start = a < 0 ? size + a : a;
    const end = b < 0 ? size - 1 : b;
    const res = await segment(range);
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-type']).toBe('video/mp2t');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${size}`);
    expect(Number(res.headers['content-length'])).toBe(end - start + 1);
    expect(res.rawPayload.equals(file().subarray(start, end + 1))).toBe(true);
  });

  it.each(['bytes=999999999-', 'bytes=-0', `bytes=SIZE-`])('%s → 416 range_not_satisfiable with Content-Range: bytes */size', async (raw) => {
    const size = file().length;
    const res = await segment(raw.replace('SIZE', String(size)));
    expectErrorBody(res, { status: 416, code: 'range_not_satisfiable' });
    expect(res.headers['content-range']).toBe(`bytes */${size}`);
    expectNoMedia(res);
  });

  it.each(['bytes=10-5', 'items=0-9', 'bytes=0-1,5-6', 'bytes=-', 'bytes=abc'])('an unusable Range (%s) is ignored: 200, the whole file', async (range) => {
    const res = await segment(range);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-range']).toBeUndefined();
    expect(res.rawPayload.equals(file())).toBe(true);
  });

  it('HEAD with a range → 206 headers, no body', async () => {
    const res = await segment('bytes=0-9', 'HEAD');
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 0-9/${file().length}`);
    expect(res.rawPayload.length).toBe(0);
  });

  it('a range without a token, or with a bad one, is refused before any byte', async () => {
    const none = await sys.app.inject({ url: '/media/sports-one/360p_001.ts', headers: { range: 'bytes=0-9' } });
    expectErrorBody(none, MISSING);
    const bad = await sys.app.inject({ url: withDevice(`/media/sports-one/360p_001.ts?pt=${encodeURIComponent(tamperSignature(pt))}`), headers: { range: 'bytes=0-9' } });
    expectErrorBody(bad, INVALID);
    expectNoMedia(bad);
  });

  it('playlists ignore Range and stay no-store', async () => {
    const { childUrl } = await openSports();
    const res = await get(childUrl, { range: 'bytes=0-9' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.startsWith('#EXTM3U')).toBe(true);
  });
});

describe('paths: only known files of known resources, never anything else from disk', () => {
  const packageJson = readFileSync('package.json', 'utf8');

  it.each([
    '/media/news-24/..%2F..%2Fpackage.json',
    '/media/news-24/..%2Fnews-24%2Fmaster.m3u8',
    '/media/../package.json',
    '/media/news-24/../../package.json',
    '/media/%2E%2E/package.json',
    '/media/..%2F..%2F/package.json',
    '/media/news-24/%2Fetc%2Fpasswd',
    '/media/news-24/....%2F%2Fpackage.json',
    '/media/news-24/package.json',
    '/media/news-24/360p_000.ts%00.m3u8',
    '/media/news-24/README.md',
    '/media/README.md',
    '/media/nope/master.m3u8',
    '/media/secret-channel/360p_000.ts',
    '/media/news-24/360p_999.ts',
    '/media/news-24/master.M3U8',
    '/media/news-24/.m3u8',
  ])('%s → 4xx, never file contents', async (url) => {
    for (const withToken of [false, true]) {
      const res = await get(withToken ? `${url}${url.includes('?') ? '&' : '?'}token=${await newsToken()}` : url);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.body).not.toContain('"dependencies"');
      expect(res.body).not.toContain(packageJson.slice(0, 40));
      expect(res.body).not.toContain('root:');
      expectNoMedia(res);
    }
  });

  it("an unknown resource with another resource's token is refused by the token check (403), before any file lookup", async () => {
    expectErrorBody(await get(`/media/nope/master.m3u8?token=${await newsToken()}`), INVALID);
  });

  it('no token: 401 for an existing and a missing file alike (no enumeration)', async () => {
    for (const url of ['/media/sports-one/360p_001.ts', '/media/sports-one/360p_999.ts', '/media/sports-one/master.m3u8', '/media/nope/master.m3u8', '/media/nope/x.ts']) {
      expectErrorBody(await get(url), MISSING);
    }
  });

  it('a valid playback token for a file that does not exist: 404 (the token came first)', async () => {
    const { pt } = await openSports();
    expectErrorBody(await get(`/media/sports-one/360p_999.ts?pt=${pt}`), { status: 404, code: 'not_found' });
  });

  it('a resource name over the limit is a 4xx error body', async () => {
    const res = await get(`/media/${'a'.repeat(150)}/master.m3u8`);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expectNoMedia(res);
  });
});
