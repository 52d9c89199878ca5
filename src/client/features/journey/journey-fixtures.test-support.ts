// Shared by the journey view's unit tests: a small TV Everywhere journey as the app and
// the server record it.
import type { JourneyEvent } from '../../../shared/api/journey.ts';
import type { CallRecord, TokenSighting } from '../../lib/call-log.ts';

export const mediaToken: TokenSighting = {
  field: 'decisions[0].token.serializedToken',
  preview: 'eyJhbGciOi…a1b2c3',
  fingerprint: '0badf00d',
  header: { alg: 'ES256', typ: 'media+jwt', kid: 'k1' },
  claims: { resource: 'news-24', exp: 2_000_000_000 },
  // What Playgate's verifier answered when the app received it (lib/call-log.ts).
  playgate: { status: 'VALID_TOKEN', kind: 'media', verifier: 'media-token verifier', checks: 'signature, issuer, audience, typ, expiry' },
};

/** App calls (end times) and server events (start times), server clock 1000 ms ahead. */
export function tveJourney(): { calls: CallRecord[]; events: JourneyEvent[]; offsetMs: number } {
  const calls: CallRecord[] = [
    { id: 1, at: 10_040, party: 'Playgate', method: 'POST', path: '/api/v2/PLAYGATE/sessions', status: 200, ms: 40, trace: 'aaaa000000000001' },
    { id: 2, at: 15_010, party: 'Playgate', method: 'GET', path: '/api/v2/PLAYGATE/profiles/code/ABCDEFG', status: 404, ms: 10, trace: 'aaaa000000000002' },
    { id: 3, at: 18_010, party: 'Playgate', method: 'GET', path: '/api/v2/PLAYGATE/profiles/code/ABCDEFG', status: 404, ms: 10, trace: 'aaaa000000000003' },
    { id: 4, at: 21_010, party: 'Playgate', method: 'GET', path: '/api/v2/PLAYGATE/profiles/code/ABCDEFG', status: 200, ms: 10, trace: 'aaaa000000000004' },
    { id: 5, at: 22_050, party: 'Playgate', method: 'POST', path: '/api/v2/PLAYGATE/decisions/authorize/Skyline', status: 200, ms: 50, trace: 'aaaa000000000005', tokens: [mediaToken] },
  ];
  const events: JourneyEvent[] = [
    // The sessions POST, also seen by the app (same trace): kept once.
    { seq: 1, at: 11_005, from: 'App', to: 'Playgate', method: 'POST', path: '/api/v2/PLAYGATE/sessions', status: 200, ms: 20, trace: 'aaaa000000000001' },
    { seq: 2, at: 12_000, from: 'Viewer', to: 'Playgate', method: 'GET', path: '/api/v2/authenticate/PLAYGATE/ABCDEFG', status: 302, ms: 8, label: 'authenticate: on to the MVPD login', trace: 'bbbb000000000001' },
    { seq: 4, at: 20_000, from: 'Playgate', to: 'MVPD', method: 'POST', path: '/token', status: 200, ms: 30, label: 'MVPD login: code exchange' },
    { seq: 3, at: 19_990, from: 'Viewer', to: 'Playgate', method: 'GET', path: '/api/v2/authenticate/callback', status: 302, ms: 60, label: 'MVPD login done: profile saved', trace: 'bbbb000000000002' },
    { seq: 5, at: 23_010, from: 'Playgate', to: 'MVPD', method: 'POST', path: '/api/authorize', status: 200, ms: 20, label: 'MVPD authorization' },
    { seq: 6, at: 24_000, from: 'App', to: 'Media', method: 'GET', path: '/media/news-24/master.m3u8', status: 200, ms: 5, label: 'master playlist' },
    { seq: 7, at: 24_100, from: 'App', to: 'Media', method: 'GET', path: '/media/news-24/360p.m3u8', status: 200, ms: 3, label: 'media playlist' },
    { seq: 8, at: 24_200, from: 'App', to: 'Media', method: 'GET', path: '/media/news-24/360p_001.ts', status: 200, ms: 4, label: 'segment' },
    { seq: 9, at: 26_100, from: 'App', to: 'Media', method: 'GET', path: '/media/news-24/360p.m3u8', status: 200, ms: 3, label: 'media playlist' },
    { seq: 10, at: 26_200, from: 'App', to: 'Media', method: 'GET', path: '/media/news-24/360p_002.ts', status: 200, ms: 6, label: 'segment' },
  ];
  return { calls, events, offsetMs: 1000 };
}
