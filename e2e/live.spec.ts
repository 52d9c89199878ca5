// Live news-24 in a real Chromium across several playback-token renewals. The e2e server
// runs with livePlaybackTokenTtlSeconds = 8 (playwright.config.ts): each token lives 8 s,
// the gatekeeper renews it as the media playlist reloads, and the player puts the newest
// one into every later request. Every media request carries a token and gets 200, and
// the video plays far longer than any one token lives.
import { expect, test } from './fixtures.ts';

const LIVE_TTL_S = 8;
// Not alice: her Skyline profile would be shared through SSO with tve-journey.spec.ts,
// which expects her to pick a provider. bob holds no TV provider profile elsewhere.
const VIEWER = 'bob';
const RENEWAL_HEADER = 'x-playgate-playback-token';

interface MediaRequest {
  at: number;
  path: string;
  params: URLSearchParams;
  status?: number;
  renewed?: string;
  failure?: string;
}

/** The JWT's claims (not verified: the server did that). */
function claims(token: string): { exp: number; iat: number; sid?: string } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
}

test('live news-24 keeps playing across playback-token renewals; every media request is tokenised and answered 200', async ({ app, page }) => {
  const media: MediaRequest[] = [];
  const byRequest = new Map<object, MediaRequest>();
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (!url.pathname.startsWith('/media/')) return;
    const entry: MediaRequest = { at: Date.now(), path: url.pathname, params: url.searchParams };
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
  page.on('requestfailed', (req) => {
    const entry = byRequest.get(req);
    if (entry) entry.failure = req.failure()?.errorText ?? 'failed';
  });

  await app.goto();
  await app.signIn(VIEWER);
  await app.watchThroughProvider('News 24', 'Skyline Cable', 'sky-basic');

  await app.expectPlaying(0.5);
  const start = await app.currentTime();
  // Play for well over two token lifetimes (8 s each).
  await expect.poll(async () => (await app.currentTime()) - start, { timeout: 40_000, intervals: [1000] }).toBeGreaterThan(20);
  await expect(app.player().locator('.vjs-error')).toHaveCount(0);
  await expect(app.page.getByRole('alert')).toHaveCount(0);

  const settled = media.filter((m) => m.status !== undefined || m.failure !== undefined);
  expect(settled.length).toBeGreaterThan(8);

  // Every media request carried a token and was answered 200.
  for (const m of settled) {
    const isMaster = m.path.endsWith('/master.m3u8');
    expect(m.params.get(isMaster ? 'token' : 'pt'), `${m.path} without a token`).toBeTruthy();
    expect(m.failure, `${m.path} failed`).toBeUndefined();
    expect(m.status, `${m.path}?${m.params}`).toBe(200);
  }
  const masters = settled.filter((m) => m.path.endsWith('/master.m3u8'));
  expect(masters).toHaveLength(1);

  // At least two distinct renewed tokens came back, for the same playback session.
  const renewed = [...new Set(settled.flatMap((m) => (m.renewed ? [m.renewed] : [])))];
  expect(renewed.length).toBeGreaterThanOrEqual(2);
  const pts = settled.flatMap((m) => (m.params.get('pt') ? [m.params.get('pt')!] : []));
  const sids = new Set([...pts, ...renewed].map((t) => claims(t).sid));
  expect(sids.size).toBe(1);
  for (const t of renewed) expect(claims(t).exp - claims(t).iat).toBe(LIVE_TTL_S);

  // The player used the renewed tokens: later playlist and segment requests carried them,
  // and no request went out with a token long past its expiry (the server's 30 s clock
  // tolerance is never what keeps playback going).
  const usedRenewed = settled.filter((m) => renewed.includes(m.params.get('pt') ?? ''));
  expect(usedRenewed.some((m) => m.path.endsWith('.ts'))).toBe(true);
  expect(usedRenewed.some((m) => m.path.endsWith('.m3u8'))).toBe(true);
  for (const m of settled.filter((x) => x.params.get('pt'))) {
    expect(m.at, `${m.path} sent with a token expired ${(m.at - claims(m.params.get('pt')!).exp * 1000) / 1000} s before`).toBeLessThan(claims(m.params.get('pt')!).exp * 1000 + 4000);
  }
  // The playback outlived any single token.
  const firstPt = pts[0]!;
  expect(Date.now()).toBeGreaterThan(claims(firstPt).exp * 1000 + 10_000);
});

test('a refusal from the media server mid-stream becomes a clear message, and a new decision plays again', async ({ app, page }) => {
  let refuse = false;
  await page.route('**/media/news-24/360p.m3u8*', async (route) => {
    if (!refuse) return route.continue();
    return route.fulfill({
      status: 403,
      contentType: 'application/json',
      body: JSON.stringify({ action: 'authorization', status: 403, code: 'media_token_invalid', message: 'refused', helpUrl: '/docs/errors#media_token_invalid', trace: 'e2e' }),
    });
  });

  await app.goto();
  await app.signIn(VIEWER);
  await app.watchThroughProvider('News 24', 'Skyline Cable', 'sky-basic');
  await app.expectPlaying(0.5);

  // The next media playlist reload is refused: the viewer is told, not left with a stall.
  refuse = true;
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Playback was refused', { timeout: 15_000 });
  await expect(alert).toContainText('The media server refused the stream.');

  refuse = false;
  await alert.getByRole('button', { name: 'Get a new decision' }).click();
  await expect(alert).toHaveCount(0);
  await app.expectPlaying(0.5);
});
