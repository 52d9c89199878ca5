// The JSON export: every call with lanes, timing, decisions and decoded tokens (previews
// only), parseable, in order.
import { describe, expect, it } from 'vitest';
import { annotateJourney } from './annotate-journey.ts';
import { JOURNEY_JSON_FORMAT, journeyToJson } from './json-export.ts';
import { mergeJourney } from './journey-model.ts';
import { tveJourney } from './journey-fixtures.test-support.ts';

describe('journeyToJson', () => {
  const items = annotateJourney(mergeJourney(tveJourney()), { aaaa000000000005: [{ resource: 'news-24', decision: 'Permit', rule: 'mvpd', why: 'Skyline answered Permit' }] }, new Set());
  const text = journeyToJson(items, { device: 'device-1234', exportedAt: new Date(0) });
  const doc = JSON.parse(text);

  it('says what it is, for which device, with the lanes', () => {
    expect(doc).toMatchObject({ format: JOURNEY_JSON_FORMAT, exportedAt: '1970-01-01T00:00:00.000Z', device: 'device-1234', lanes: ['Viewer', 'App', 'IdP', 'Playgate', 'MVPD', 'Media'] });
  });

  it('lists the calls in order with status, time, decisions and verified tokens', () => {
    expect(doc.calls).toHaveLength(items.length);
    expect(doc.calls[0]).toMatchObject({ from: 'App', to: 'Playgate', method: 'POST', path: '/api/v2/PLAYGATE/sessions', status: 200, ms: 40, count: 1, seenBy: 'app', startedAt: new Date(10_000).toISOString() });
    const authorize = doc.calls.find((c: { path: string }) => c.path.endsWith('/authorize/Skyline'));
    expect(authorize.decisions).toEqual([{ resource: 'news-24', decision: 'Permit', rule: 'mvpd', why: 'Skyline answered Permit' }]);
    expect(authorize.tokens).toEqual([
      expect.objectContaining({ field: 'decisions[0].token.serializedToken', preview: 'eyJhbGciOi…a1b2c3', verified: true, verification: expect.stringMatching(/^Playgate's media-token verifier: VALID_TOKEN \(/), header: expect.objectContaining({ typ: 'media+jwt' }) }),
    ]);
    expect(authorize.tokens[0]).not.toHaveProperty('fingerprint');
    expect(doc.calls.find((c: { path: string }) => c.path === '/token')).toMatchObject({ from: 'Playgate', to: 'MVPD', seenBy: 'server', label: 'MVPD login: code exchange' });
  });

  it('never carries a whole token', () => {
    expect(text).not.toMatch(/eyJ[\w-]*\.eyJ[\w-]*\.[\w-]+/);
  });
});
