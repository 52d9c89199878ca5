// The journey route on the real apps in one process: who may read it, that a device sees
// only its own journey, and that a whole TV Everywhere journey is attributed to the
// device — the authenticate leg, the MVPD calls Playgate makes, the media requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JourneyEvent } from '../../shared/api/journey.ts';
import { clientToken, expectErrorBody, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
let token: string;
beforeAll(async () => {
  sys = await startTestSystem();
  token = await clientToken(sys);
});
afterAll(() => sys.dispose());

async function journeyOf(device: string, since = 0): Promise<{ events: JourneyEvent[]; seq: number; now: number }> {
  const res = await sys.app.inject({ url: `/playgate/v1/journey?since=${since}`, headers: passHeaders(token, device) });
  expect(res.statusCode).toBe(200);
  return res.json();
}
const line = (e: JourneyEvent) => `${e.from}->${e.to} ${e.method} ${e.path} ${e.status}${e.label ? ` [${e.label}]` : ''}`;

describe('GET|DELETE /playgate/v1/journey', () => {
  it('needs the client access token and a device identifier', async () => {
    expectErrorBody(await sys.app.inject({ url: '/playgate/v1/journey', headers: { 'ap-device-identifier': passHeaders(token, 'device-jrny-0000')['ap-device-identifier']! } }), {
      status: 401,
      code: 'invalid_access_token_client_application',
    });
    expectErrorBody(await sys.app.inject({ url: '/playgate/v1/journey', headers: { authorization: `Bearer ${token}` } }), { status: 400, code: 'invalid_header_device_identifier' });
    expectErrorBody(await sys.app.inject({ method: 'DELETE', url: '/playgate/v1/journey', headers: { authorization: 'Bearer nope' } }), {
      status: 401,
      code: 'invalid_access_token_client_application',
    });
  });

  it("answers each device with its own calls only, and never records the journey view's own polls", async () => {
    await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(token, 'device-jrny-000a') });
    await sys.app.inject({ url: '/api/v2/PLAYGATE/configuration', headers: passHeaders(token, 'device-jrny-000b') });
    await journeyOf('device-jrny-000a');
    const a = await journeyOf('device-jrny-000a');
    const b = await journeyOf('device-jrny-000b');
    expect(a.events.map(line)).toEqual(['App->Playgate GET /api/v2/PLAYGATE/profiles 200']);
    expect(b.events.map(line)).toEqual(['App->Playgate GET /api/v2/PLAYGATE/configuration 200']);
    expect(a.events[0]!.trace).toMatch(/^[0-9a-f]{16}$/);
    // A request without a device identifier belongs to no journey.
    await sys.app.inject({ url: '/api/v2/PLAYGATE/configuration', headers: { authorization: `Bearer ${token}` } });
    expect((await journeyOf('device-jrny-000b')).events).toHaveLength(1);
  });

  it('records a whole TV Everywhere journey for its device, with no query string or token', async () => {
    const device = 'device-jrny-0001';
    const headers = passHeaders(token, device);
    const { session } = await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
    await sys.app.inject({ url: `/api/v2/PLAYGATE/profiles/code/${session.code}`, headers });
    const decided = await sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/decisions/authorize/Skyline', headers, payload: { resources: ['news-24'] } });
    const mediaToken = decided.json().decisions[0].token.serializedToken as string;
    const master = await sys.app.inject({ url: `/media/news-24/master.m3u8?token=${encodeURIComponent(mediaToken)}&device=${device}` });
    expect(master.statusCode).toBe(200);
    const child = /^(360p\.m3u8\?pt=[^\s]+)$/m.exec(master.body)![1]!;
    expect((await sys.app.inject({ url: `/media/news-24/${child}&device=${encodeURIComponent(device)}` })).statusCode).toBe(200);

    const { events } = await journeyOf(device);
    const lines = events.sort((x, y) => x.at - y.at || x.seq - y.seq).map(line);
    const order = [
      /^App->Playgate POST \/api\/v2\/PLAYGATE\/sessions 200$/,
      /^Viewer->Playgate GET \/api\/v2\/authenticate\/PLAYGATE\/[A-Z2-9]{7} 302 \[authenticate: on to the MVPD login\]$/,
      /^Viewer->Playgate GET \/api\/v2\/authenticate\/callback 302 \[MVPD login done: profile saved\]$/,
      /^Playgate->MVPD POST \/token 200 \[MVPD login: code exchange\]$/,
      /^App->Playgate GET \/api\/v2\/PLAYGATE\/profiles\/code\/[A-Z2-9]{7} 200$/,
      /^App->Playgate POST \/api\/v2\/PLAYGATE\/decisions\/authorize\/Skyline 200$/,
      /^Playgate->MVPD POST \/api\/authorize 200 \[MVPD authorization\]$/,
      /^App->Media GET \/media\/news-24\/master\.m3u8 200 \[master playlist\]$/,
      /^App->Media GET \/media\/news-24\/360p\.m3u8 200 \[media playlist\]$/,
    ];
    let from = 0;
    for (const expected of order) {
      const at = lines.findIndex((l, i) => i >= from && expected.test(l));
      expect(at, `${expected} after line ${from} in\n${lines.join('\n')}`).toBeGreaterThanOrEqual(from);
      from = at + 1;
    }
    // Caused by: each call Playgate made to the MVPD names the request it served, by trace id.
    const authorizeEvent = events.find((e) => e.path === '/api/v2/PLAYGATE/decisions/authorize/Skyline')!;
    expect(authorizeEvent.trace).toBe(decided.headers['x-trace-id']);
    const mvpdAuthorize = events.filter((e) => e.path === '/api/authorize');
    expect(mvpdAuthorize.length).toBeGreaterThan(0);
    for (const e of mvpdAuthorize) expect(e.parent).toBe(authorizeEvent.trace);
    const callback = events.find((e) => e.path === '/api/v2/authenticate/callback')!;
    expect(events.find((e) => e.path === '/token')!.parent).toBe(callback.trace);
    // The server's own timestamps agree: the MVPD call starts within its parent's span.
    for (const e of mvpdAuthorize) {
      expect(e.at).toBeGreaterThanOrEqual(authorizeEvent.at);
      expect(e.at + e.ms).toBeLessThanOrEqual(authorizeEvent.at + authorizeEvent.ms + 1);
    }
    // Calls of the app itself have no parent.
    expect(authorizeEvent.parent).toBeUndefined();
    const body = JSON.stringify(events);
    expect(body).not.toContain('?');
    expect(body).not.toContain('eyJ');
    expect(body).not.toContain('state=');
    expect(body).not.toContain('code=');
  });

  it('DELETE forgets the device’s journey; later calls come after the seq it returns', async () => {
    const device = 'device-jrny-0002';
    const headers = passHeaders(token, device);
    await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers });
    const reset = await sys.app.inject({ method: 'DELETE', url: '/playgate/v1/journey', headers });
    expect(reset.statusCode).toBe(200);
    expect(reset.json().events).toEqual([]);
    expect((await journeyOf(device)).events).toEqual([]);
    await sys.app.inject({ url: '/api/v2/PLAYGATE/configuration', headers });
    const after = await journeyOf(device, reset.json().seq);
    expect(after.events.map(line)).toEqual(['App->Playgate GET /api/v2/PLAYGATE/configuration 200']);
  });
});
