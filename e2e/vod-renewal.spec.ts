// VOD playback tokens are short and device-bound, like live ones. The e2e server runs with
// vodPlaybackTokenTtlSeconds = 8 (playwright.config.ts). A VOD title plays, then stays
// paused for well over two token lifetimes: the player (which fetches no media while
// paused and fully buffered) renews with HEADs of its media playlist, every request that
// carries a playback token names this device, and the renewed token still opens a segment
// on this device only.
import { expect, test } from './fixtures.ts';

const VOD_TTL_S = 8;
const RENEWAL_HEADER = 'x-playgate-playback-token';

interface MediaRequest {
  method: string;
  path: string;
  params: URLSearchParams;
  status?: number;
  renewed?: string;
}

const claims = (token: string): { exp: number; iat: number; sid?: string; did?: string } => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());

test('a paused VOD title keeps its playback session on a chain of short, device-bound tokens', async ({ app, page, request }) => {
  const media: MediaRequest[] = [];
  const byRequest = new Map<object, MediaRequest>();
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (!url.pathname.startsWith('/media/')) return;
    const entry: MediaRequest = { method: req.method(), path: url.pathname, params: url.searchParams };
    media.push(entry);
    byRequest.set(req, entry);
  });
  page.on('response', (res) => {
    const entry = byRequest.get(res.request());
    if (!entry) return;
    entry.status = res.status();
    const renewed = res.headers()[RENEWAL_HEADER];
    if (renewed) entry.renewed = renewed;
  });

  await app.goto();
  await app.signIn('bob');
  await app.watch('Trailer');
  await app.expectPlaying(0.5);
  // Sized by video-js.css alone (no inline <style> under the CSP): a 16:9 box, not a 0-high one.
  const box = (await app.player().locator('.video-js').boundingBox())!;
  expect(box.width).toBeGreaterThan(200);
  expect(box.height / box.width).toBeCloseTo(9 / 16, 2);
  await app.player().locator('video').evaluate((v: HTMLVideoElement) => v.pause());

  // Paused for well over two lifetimes: at least two renewals, each by a HEAD of the media playlist.
  const renewedTokens = () => [...new Set(media.flatMap((m) => (m.renewed ? [m.renewed] : [])))];
  await expect.poll(() => renewedTokens().length, { timeout: 40_000, intervals: [1000] }).toBeGreaterThanOrEqual(3);
  const heads = media.filter((m) => m.method === 'HEAD');
  expect(heads.length).toBeGreaterThanOrEqual(2);
  for (const h of heads) expect(h.path).toMatch(/\/media\/trailer\/[^/]+\.m3u8$/);

  const master = media.find((m) => m.path.endsWith('/master.m3u8'))!;
  const device = master.params.get('device')!;
  expect(device).toBeTruthy();
  const settled = media.filter((m) => m.status !== undefined);
  for (const m of settled) {
    expect(m.status, `${m.method} ${m.path}`).toBe(200);
    // Every request with a playback token names this device (the player adds it).
    if (m.params.get('pt')) expect(m.params.get('device'), `${m.method} ${m.path}`).toBe(device);
  }
  const renewed = renewedTokens();
  const first = settled.find((m) => m.params.get('pt'))!.params.get('pt')!;
  expect(claims(first).exp - claims(first).iat).toBe(VOD_TTL_S);
  for (const t of renewed) {
    expect(claims(t).exp - claims(t).iat).toBe(VOD_TTL_S);
    expect(claims(t).sid).toBe(claims(first).sid);
    expect(claims(t).did).toBe(claims(first).did);
  }
  // The player used each renewed token for the next renewal.
  expect(heads.some((h) => renewed.includes(h.params.get('pt')!))).toBe(true);

  // The newest token opens a segment on this device, and on no other.
  const newest = renewed.sort((a, b) => claims(b).exp - claims(a).exp)[0]!;
  const segment = `/media/trailer/360p_000.ts?pt=${encodeURIComponent(newest)}`;
  expect((await request.get(`${segment}&device=${encodeURIComponent(device)}`)).status()).toBe(200);
  const other = await request.get(`${segment}&device=another-device-0001`);
  expect(other.status()).toBe(403);
  expect(await other.json()).toMatchObject({ code: 'media_token_invalid', action: 'authorization' });
  expect((await request.get(segment)).status()).toBe(403);

  // Playback resumes with no error.
  const at = await app.currentTime();
  await app.player().locator('video').evaluate((v: HTMLVideoElement) => v.play());
  await app.expectPlaying(at + 1);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
