// Journey 1 of the SPEC: TV Everywhere on a first app, in a real Chromium.
import { expect, test } from './fixtures.ts';

test('alice signs in, picks Skyline, signs in as sky-basic in the popup, and news-24 plays', async ({ app, page }) => {
  // Order of what matters: the authorize answer must come before video.js is fetched.
  const events: string[] = [];
  page.on('request', (req) => {
    if (/\/assets\/video-player-[^/]+\.js$/.test(req.url())) events.push('player-chunk');
  });
  page.on('response', (res) => {
    if (res.url().includes('/decisions/authorize/')) events.push(`authorize-${res.status()}`);
  });

  await app.resetViewer('alice');
  await app.goto();
  await app.signIn('alice');
  await app.watch('News 24');

  const mvpd = await app.pickProvider('Skyline Cable');
  await mvpd.expectProvider('Sign in to Skyline Cable');
  await expect(mvpd.page.getByRole('img', { name: 'Skyline Cable logo' })).toHaveAttribute('src', /skyline\.svg$/);
  expect(events).not.toContain('player-chunk');
  const popupClosed = mvpd.page.waitForEvent('close');
  await mvpd.signIn('sky-basic');
  await popupClosed;

  await app.expectPlaying(2);
  expect(events.indexOf('authorize-200')).toBeGreaterThanOrEqual(0);
  expect(events.indexOf('player-chunk')).toBeGreaterThan(events.indexOf('authorize-200'));
  await expect(page.getByText('Watching through Skyline Cable.')).toBeVisible();
});

test('the gatekeeper refuses media requested without a token, with no media bytes', async ({ request }) => {
  for (const path of ['/media/news-24/360p_001.ts', '/media/news-24/360p.m3u8', '/media/news-24/master.m3u8']) {
    const res = await request.get(path);
    expect([401, 403]).toContain(res.status());
    const body = await res.body();
    expect(body[0]).not.toBe(0x47); // MPEG-TS sync byte
    expect(body.toString()).not.toContain('#EXTM3U');
    expect(await res.json()).toMatchObject({ code: 'media_token_missing', action: 'authorization' });
  }
});

test('a segment with a forged playback token is refused', async ({ request }) => {
  const res = await request.get('/media/news-24/360p_001.ts?pt=eyJhbGciOiJub25lIn0.eyJyZXNvdXJjZSI6Im5ld3MtMjQifQ.');
  expect(res.status()).toBe(403);
  expect(await res.json()).toMatchObject({ code: 'media_token_invalid' });
});
