// The conformance checker itself: it must catch a body that breaks Adobe's schemas, find
// the right operation, and apply only the deliberate differences it names.
import { describe, expect, it } from 'vitest';
import { adobeConformance, DELIBERATE_DIFFERENCES } from './adobe-conformance.ts';

const json = 'application/json; charset=utf-8';
const check = (method: string, path: string, status: number, body: unknown, type = json) => adobeConformance().check(method, path, status, type, JSON.stringify(body));

describe('Adobe conformance checker', () => {
  it('accepts a well-formed ProfilesResponse and refuses one missing required fields', () => {
    const profile = { notBefore: 1, notAfter: 2, issuer: 'Skyline', type: 'regular', attributes: { userID: { value: 'abc', state: 'plain' } } };
    expect(check('GET', '/api/v2/PLAYGATE/profiles', 200, { profiles: { Skyline: profile } })).toBeNull();
    const { issuer: _dropped, ...withoutIssuer } = profile;
    expect(check('GET', '/api/v2/PLAYGATE/profiles', 200, { profiles: { Skyline: withoutIssuer } })).toMatch(/must have required property 'issuer'/);
  });

  it('refuses a SessionResponse without actionName and a decision without `authorized`', () => {
    expect(check('POST', '/api/v2/PLAYGATE/sessions', 200, { actionType: 'interactive', reasonType: 'none', serviceProvider: 'PLAYGATE', sessionId: 'x' })).toMatch(/actionName/);
    expect(check('POST', '/api/v2/PLAYGATE/decisions/authorize/Skyline', 200, { decisions: [{ resource: 'r', mvpd: 'm', serviceProvider: 's', source: 'mvpd' }] })).toMatch(/authorized/);
  });

  it('validates error statuses against ErrorInformation, including those the OpenAPI omits', () => {
    const good = { action: 'none', status: 403, code: 'authenticated_profile_missing', message: 'x', helpUrl: '/h', trace: 't' };
    expect(check('POST', '/api/v2/PLAYGATE/decisions/authorize/Skyline', 403, good)).toBeNull();
    expect(check('POST', '/api/v2/PLAYGATE/decisions/authorize/Skyline', 403, { ...good, status: 'forbidden' })).toMatch(/status must be integer/);
  });

  it('validates DCR responses against dcrApi.json', () => {
    expect(check('POST', '/o/client/token', 201, { access_token: 'a', expires_in: 'soon' })).toMatch(/expires_in must be integer/);
    expect(check('POST', '/o/client/register', 201, { client_id: 'c', client_secret: 's', grant_types: ['client_credentials'] })).toBeNull();
  });

  it('skips only the user-agent HTML pages and paths outside the two APIs', () => {
    expect(adobeConformance().check('GET', '/api/v2/authenticate/PLAYGATE/ABC', 400, 'text/html', '<html>')).toBeNull();
    expect(check('GET', '/media/news-24/master.m3u8', 401, { anything: true })).toBeNull();
  });

  it('names each deliberate difference with its reason', () => {
    expect(DELIBERATE_DIFFERENCES.length).toBeGreaterThanOrEqual(5);
    for (const d of DELIBERATE_DIFFERENCES) {
      expect(d.what.length).toBeGreaterThan(10);
      expect(d.why.length).toBeGreaterThan(20);
    }
    // The two relaxations are exactly the documented ones: a numeric message still fails.
    expect(check('GET', '/api/v2/PLAYGATE/profiles', 401, { action: 'none', status: 401, code: 'c', message: 42, helpUrl: '/h', trace: 't' })).toMatch(/message must be string/);
  });
});
