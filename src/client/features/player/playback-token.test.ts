// The player's token hooks: the latest renewed playback token replaces `pt` in every
// later playlist and segment request; an older token never replaces a newer one.
import { expect, it } from 'vitest';
import { createPlaybackTokenTracker, PLAYBACK_TOKEN_HEADER } from './playback-token.ts';

const jwt = (claims: Record<string, unknown>) => `eyJhbGciOiJFUzI1NiJ9.${btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.sig`;

it('leaves requests alone until a token has been renewed', () => {
  const t = createPlaybackTokenTracker();
  expect(t.latest).toBeUndefined();
  expect(t.rewrite('http://h/media/news-24/360p.m3u8?pt=old')).toBe('http://h/media/news-24/360p.m3u8?pt=old');
  expect(t.observe({})).toBe(false);
  expect(t.observe(undefined)).toBe(false);
});

it('adopts the header and rewrites pt in playlist and segment URLs, leaving other parameters and the master alone', () => {
  const t = createPlaybackTokenTracker();
  const token = jwt({ exp: 2000, sid: 'a' });
  expect(t.observe({ [PLAYBACK_TOKEN_HEADER]: token })).toBe(true);
  expect(t.latest).toBe(token);
  const enc = encodeURIComponent(token);
  expect(t.rewrite('http://h/media/news-24/360p.m3u8?pt=old')).toBe(`http://h/media/news-24/360p.m3u8?pt=${enc}`);
  expect(t.rewrite('http://h/media/news-24/360p_003.ts?seq=1234&pt=old.x.y')).toBe(`http://h/media/news-24/360p_003.ts?seq=1234&pt=${enc}`);
  expect(t.rewrite('http://h/media/news-24/360p_003.ts?pt=old&x=1')).toBe(`http://h/media/news-24/360p_003.ts?pt=${enc}&x=1`);
  expect(t.rewrite('http://h/media/news-24/master.m3u8?token=m&device=d')).toBe('http://h/media/news-24/master.m3u8?token=m&device=d');
  expect(t.rewrite('http://h/media/x.ts?opt=1')).toBe('http://h/media/x.ts?opt=1');
});

it('never goes back to an older token (responses out of order), and ignores garbage', () => {
  const t = createPlaybackTokenTracker();
  const newer = jwt({ exp: 3000 });
  t.observe({ [PLAYBACK_TOKEN_HEADER]: newer });
  expect(t.observe({ [PLAYBACK_TOKEN_HEADER]: jwt({ exp: 2500 }) })).toBe(false);
  expect(t.observe({ [PLAYBACK_TOKEN_HEADER]: 'garbage' })).toBe(false);
  expect(t.observe({ [PLAYBACK_TOKEN_HEADER]: jwt({ sid: 'no-exp' }) })).toBe(false);
  expect(t.latest).toBe(newer);
  const newest = jwt({ exp: 3600 });
  expect(t.observe({ [PLAYBACK_TOKEN_HEADER]: newest })).toBe(true);
  expect(t.latest).toBe(newest);
});

it("adds this device to every request carrying a playback token (the server does not put it in the URLs), never twice, never to the master", () => {
  const t = createPlaybackTokenTracker({ device: 'dev/1+x' });
  expect(t.rewrite('http://h/media/a/360p.m3u8?pt=p')).toBe('http://h/media/a/360p.m3u8?pt=p&device=dev%2F1%2Bx');
  t.observe({ [PLAYBACK_TOKEN_HEADER]: jwt({ iat: 1000, exp: 1300 }) });
  expect(t.rewrite('http://h/media/a/360p_001.ts?pt=old')).toMatch(/\?pt=[^&]+&device=dev%2F1%2Bx$/);
  expect(t.rewrite('http://h/media/a/360p_001.ts?pt=old&device=other')).toMatch(/&device=other$/);
  expect(t.rewrite('http://h/media/a/master.m3u8?token=m&device=d')).toBe('http://h/media/a/master.m3u8?token=m&device=d');
});

it('a paused player renews past half-life with its media playlist and the newest token, and not before', () => {
  const t = createPlaybackTokenTracker({ device: 'd1' });
  const first = jwt({ iat: 1000, exp: 1300 });
  expect(t.renewalDue(1_200_000)).toBeNull(); // no playlist requested yet
  t.noteRequest(`http://h/media/a/360p.m3u8?pt=${encodeURIComponent(first)}`);
  t.noteRequest(`http://h/media/a/360p_000.ts?pt=${encodeURIComponent(first)}`);
  expect(t.latest).toBe(first); // adopted from the URL the master playlist handed out
  expect(t.renewalDue(1_100_000)).toBeNull();
  expect(t.renewalDue(1_150_500)).toBeNull(); // half-life, not yet a second past it
  expect(t.renewalDue(1_152_000)).toBe(`http://h/media/a/360p.m3u8?pt=${encodeURIComponent(first)}&device=d1`);
  expect(t.renewalDue(1_300_000)).toBeNull(); // expired: renewing cannot help any more
  const renewed = jwt({ iat: 1152, exp: 1452 });
  t.observe({ [PLAYBACK_TOKEN_HEADER]: renewed });
  expect(t.renewalDue(1_200_000)).toBeNull();
  expect(t.renewalDue(1_305_000)).toBe(`http://h/media/a/360p.m3u8?pt=${encodeURIComponent(renewed)}&device=d1`);
});
