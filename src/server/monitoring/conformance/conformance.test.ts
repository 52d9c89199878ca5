// The client conformance check: a client that breaks each of Adobe's REST v2 rules gets
// that warning — in its report, in /metrics, in the device's journey — and a client that
// follows them (login, one poll, authorize, logout later) gets none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { clientToken, expectErrorBody, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../../test-support/test-system.ts';
import { CONFORMANCE_RULE_NAMES, type ConformanceRule } from './conformance-rules.ts';

const ADMIN = { authorization: 'Bearer playgate-admin-dev-token' };
let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.dispose());

const clientIdOf = (token: string) => decodeJwt(token).client_id as string;
const report = async (clientId: string) => {
  const res = await sys.app.inject({ method: 'GET', url: `/playgate/v1/conformance/${clientId}`, headers: ADMIN });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { clientId: string; warnings: Array<{ rule: ConformanceRule; count: number; detail: string; devices: number }> };
};
const pass = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) => sys.app.inject({ method, url: `/api/v2/PLAYGATE${url}`, headers, ...(payload ? { payload } : {}) });
const authorize = (headers: Record<string, string>, resource: string, kind = 'authorize') => pass('POST', `/decisions/${kind}/Skyline`, headers, { resources: [resource] });

describe('conformance check', () => {
  it('reports nothing for a client that follows the rules', async () => {
    const token = await clientToken(sys);
    const headers = passHeaders(token, 'device-conform-good1');
    expect((await pass('GET', '/configuration', headers)).statusCode).toBe(200);
    const { session } = await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
    expect((await pass('GET', `/profiles/code/${session.code}`, headers)).statusCode).toBe(200);
    expect((await authorize(headers, 'news-24')).json().decisions[0].authorized).toBe(true);
    expect((await authorize(headers, 'sports-one')).json().decisions[0].authorized).toBe(false);
    expect((await report(clientIdOf(token))).warnings).toEqual([]);
  });

  it('warns of each broken rule: report, /metrics and the journey', async () => {
    const token = await clientToken(sys);
    const device = 'device-conform-bad01';
    const headers = passHeaders(token, device);
    const { session } = await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
    // Polling profiles/code back to back.
    await pass('GET', `/profiles/code/${session.code}`, headers);
    await pass('GET', `/profiles/code/${session.code}`, headers);
    // Preauthorize as the playback check, right before authorize.
    await authorize(headers, 'news-24', 'preauthorize');
    await authorize(headers, 'news-24');
    // Configuration again although the device has a profile.
    await pass('GET', '/configuration', headers);
    // A Deny, then an automatic logout.
    expect((await authorize(headers, 'sports-one')).json().decisions[0].authorized).toBe(false);
    await pass('GET', '/logout/Skyline?redirectUrl=http%3A%2F%2Flocalhost%3A8080%2F', headers);
    // The same authentication session followed from another device (3 s later, so it is not also a fast poll).
    await new Promise((r) => setTimeout(r, 3000));
    await pass('GET', `/profiles/code/${session.code}`, passHeaders(token, 'device-conform-bad02'));
    // A failed call retried four times.
    for (let i = 0; i < 5; i++) expect((await authorize(passHeaders(token, 'device-conform-bad03'), 'news-24')).statusCode).toBeGreaterThanOrEqual(400);
    // A new registration on every visit from one device.
    const visits = [token, await clientToken(sys), await clientToken(sys)];
    for (const t of visits) await pass('GET', '/profiles', passHeaders(t, 'device-conform-bad04'));

    const got = await report(clientIdOf(token));
    const lastVisit = await report(clientIdOf(visits[2]!));
    const rules = new Set([...got.warnings, ...lastVisit.warnings].map((w) => w.rule));
    expect([...rules].sort()).toEqual([...CONFORMANCE_RULE_NAMES].sort());
    for (const w of got.warnings) expect(w.count).toBeGreaterThanOrEqual(1);
    expect(lastVisit.warnings.map((w) => w.rule)).toEqual(['client_registered_per_visit']);
    expect(JSON.stringify(got)).not.toContain(device);

    const metrics = (await sys.app.inject({ method: 'GET', url: '/metrics', headers: ADMIN })).body;
    for (const rule of CONFORMANCE_RULE_NAMES) expect(metrics).toMatch(new RegExp(`^playgate_conformance_warnings_total\\{rule="${rule}"\\} [1-9]`, 'm'));

    // The journey view of the device shows the warnings among its calls.
    await new Promise((r) => setTimeout(r, 300));
    const journey = await sys.app.inject({ method: 'GET', url: '/playgate/v1/journey', headers });
    const labels = (journey.json().events as Array<{ label?: string }>).map((e) => e.label ?? '');
    for (const rule of ['profile_poll_too_fast', 'preauthorize_before_playback', 'configuration_with_profile', 'logout_after_deny']) expect(labels).toContain(`Conformance warning: ${rule}`);
  });

  it('answers 404 for an unknown client and 401 without the admin token, in the error format', async () => {
    expectErrorBody(await sys.app.inject({ method: 'GET', url: '/playgate/v1/conformance/no-such-client' , headers: ADMIN }), { status: 404, code: 'not_found' });
    expectErrorBody(await sys.app.inject({ method: 'GET', url: '/playgate/v1/conformance/x' }), { status: 401, code: 'unauthorized' });
    expectErrorBody(await sys.app.inject({ method: 'GET', url: `/playgate/v1/conformance/${'%22'.repeat(5)}`, headers: ADMIN }), { status: 400, code: 'invalid_request' });
  });
});
