// The ESM v3 API over known audit rows: totals, time and dimension projections, filters
// (=, IN, !=), HAL links, CSV, errors in the documented format; the same answers from raw
// rows and from the roll-ups (and a roll-up run twice counts nothing twice); authn metrics
// from a real MVPD login.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientToken, expectErrorBody, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../../test-support/test-system.ts';
import { deviceHash } from '../../context/device-hash.ts';
import { rollUp } from './esm-rollup.ts';

const ADMIN = { authorization: 'Bearer playgate-admin-dev-token' };
// Three days ago at 10:00 UTC: recent enough for the minute roll-ups (kept 8 days).
const DAY = 86400_000;
const BASE = Date.now() - (Date.now() % DAY) - 3 * DAY + 10 * 3600_000;
const day = (n: number) => new Date(BASE - (BASE % DAY) + n * DAY).toISOString().slice(0, 10);
const [Y, M, D] = day(0).split('-').map(Number) as [number, number, number];
const D1 = new Date(BASE + DAY).getUTCDate();
const MIN = 60_000;
let sys: TestSystem;

interface Seed {
  at: number;
  mvpd: string;
  resource: string;
  decision: 'Permit' | 'Deny';
  code?: string;
  latency: number;
  device: string;
  kind?: 'authorize' | 'preauthorize';
  platform?: string;
}
const SEED: Seed[] = [
  ...[1, 2, 3].map((i) => ({ at: BASE + MIN + i, mvpd: 'Skyline', resource: 'news-24', decision: 'Permit' as const, latency: 40, device: `dev-${i % 2}`, platform: 'desktop' })),
  ...[1, 2].map((i) => ({ at: BASE + 2 * MIN + i, mvpd: 'Skyline', resource: 'sports-one', decision: 'Deny' as const, code: 'authorization_denied_by_mvpd', latency: 60, device: 'dev-1', platform: 'desktop' })),
  { at: BASE + 65 * MIN, mvpd: 'Harbor', resource: 'news-24', decision: 'Deny', code: 'network_connection_timeout', latency: 3100, device: 'dev-2', platform: 'smarttv' },
  ...[1, 2].map((i) => ({ at: BASE + 3 * MIN + i, mvpd: 'MetroFiber', resource: 'late-movie', decision: 'Permit' as const, latency: 20, device: 'dev-3', kind: 'preauthorize' as const })),
  { at: BASE + 24 * 60 * MIN, mvpd: 'Skyline', resource: 'news-24', decision: 'Permit', latency: 40, device: 'dev-0' },
];

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.ctx.db
    .insertInto('decisions_audit')
    .values(
      SEED.map((s) => ({
        id: randomUUID(),
        trace: randomUUID().replace(/-/g, '').slice(0, 16),
        requestor: 'PLAYGATE',
        mvpd: s.mvpd,
        resource: s.resource,
        device_id: deviceHash(s.device),
        decision: s.decision,
        source: 'mvpd',
        error_code: s.code ?? null,
        latency_ms: s.latency,
        created_at: s.at,
        rule: 'mvpd',
        trace_json: '{}',
        kind: s.kind ?? 'authorize',
        platform: s.platform ?? null,
      })),
    )
    .execute();
});
afterAll(() => sys.dispose());

const esm = (path: string, headers: Record<string, string> = {}) => sys.app.inject({ method: 'GET', url: `/esm/v3${path}`, headers: { ...ADMIN, ...headers } });
const report = async (path: string) => {
  const res = await esm(path);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/hal\+json/);
  return res.json() as { _links: Record<string, { href: string } | Array<{ href: string }>>; report: Array<Record<string, string>> };
};
const RANGE = `start=${day(0)}&end=${day(1)}`;

/** Queries whose answers must not change when the rows move from raw to rolled up. */
const STABLE = [
  `?${RANGE}`,
  `/year/month/day/mvpd?start=${day(0)}&end=${day(2)}`,
  `/year/month/day/hour?${RANGE}&metrics=authz-attempts,unique-accounts,authz-latency`,
  `/mvpd?${RANGE}&mvpd!=Skyline`,
  `/year/month/day/hour/minute/resource-id?start=${day(0)}T10&end=${day(0)}T11`,
  `/reason/platform?${RANGE}&event=authz`,
  `/year/month/day/mvpd?start=${day(0)}&end=${day(2)}&metrics=unique-accounts`,
];

describe('ESM v3', () => {
  let rawAnswers: string[] = [];

  it('answers the totals of a day at the root, with drill-down links', async () => {
    const body = await report(`?${RANGE}`);
    expect(body.report).toEqual([
      {
        'authn-attempts': '0',
        'authn-successful': '0',
        'authn-failed': '0',
        'authz-attempts': '6',
        'authz-successful': '3',
        'authz-failed': '1',
        'authz-rejected': '2',
        'authz-latency': String(3 * 40 + 2 * 60 + 3100),
        'media-tokens': '3',
        // dev-0 … dev-3: preauthorizing devices count too.
        'unique-accounts': '4',
        'preauthz-attempts': '2',
        'authz-latency-avg': String(Math.round((3 * 40 + 2 * 60 + 3100) / 6)),
        // Six MVPD answers: 40, 40, 40 (25–50 ms band), 60, 60 (50–100), 3100 (3–5 s): interpolated in the band.
        'authz-latency-p50': '50',
        'authz-latency-p95': '4400',
      },
    ]);
    expect(body._links.self).toEqual({ href: `/esm/v3?start=${day(0)}T00:00:00&end=${day(1)}T00:00:00&limit=1000` });
    expect(body._links['roll-up']).toBeUndefined();
    const down = (body._links['drill-down'] as Array<{ href: string }>).map((l) => l.href);
    expect(down).toEqual(expect.arrayContaining(['/esm/v3/year', '/esm/v3/mvpd', '/esm/v3/requestor-id', '/esm/v3/resource-id', '/esm/v3/platform', '/esm/v3/reason', '/esm/v3/event']));
    rawAnswers = await Promise.all(STABLE.map(async (q) => (await esm(q)).body));
  });

  it('groups by calendar day and MVPD, sorted by the path', async () => {
    const body = await report(`/year/month/day/mvpd?start=${day(0)}&end=${day(2)}&metrics=authz-attempts,authz-successful,media-tokens`);
    expect(body.report).toEqual([
      { year: String(Y), month: String(M), day: String(D), mvpd: 'Harbor', 'authz-attempts': '1', 'authz-successful': '0', 'media-tokens': '0' },
      { year: String(Y), month: String(M), day: String(D), mvpd: 'MetroFiber', 'authz-attempts': '0', 'authz-successful': '0', 'media-tokens': '0' },
      { year: String(Y), month: String(M), day: String(D), mvpd: 'Skyline', 'authz-attempts': '5', 'authz-successful': '3', 'media-tokens': '3' },
      { year: String(new Date(BASE + DAY).getUTCFullYear()), month: String(new Date(BASE + DAY).getUTCMonth() + 1), day: String(D1), mvpd: 'Skyline', 'authz-attempts': '1', 'authz-successful': '1', 'media-tokens': '1' },
    ]);
    expect(body._links['roll-up']).toEqual({ href: '/esm/v3/year/month/day' });
    expect((body._links['drill-down'] as Array<{ href: string }>).map((l) => l.href)).toContain('/esm/v3/year/month/day/mvpd/hour');
  });

  it('filters with =, IN and !=, and adds a bare dimension to the projection', async () => {
    const only = await report(`/mvpd?${RANGE}&mvpd=Harbor&metrics=authz-attempts`);
    expect(only.report).toEqual([{ mvpd: 'Harbor', 'authz-attempts': '1' }]);
    const two = await report(`/mvpd?${RANGE}&mvpd=Harbor&mvpd=Skyline&metrics=authz-attempts`);
    expect(two.report.map((r) => r.mvpd)).toEqual(['Harbor', 'Skyline']);
    const not = await report(`/mvpd?${RANGE}&mvpd!=Skyline&mvpd!=Harbor&metrics=preauthz-attempts`);
    expect(not.report).toEqual([{ mvpd: 'MetroFiber', 'preauthz-attempts': '2' }]);
    expect(not._links.self).toMatchObject({ href: expect.stringContaining('mvpd!=Skyline&mvpd!=Harbor') });
    const bare = await report(`/reason?${RANGE}&event=authz&platform&metrics=authz-attempts`);
    expect(bare.report).toEqual([
      { reason: '', platform: 'desktop', 'authz-attempts': '3' },
      { reason: 'authorization_denied_by_mvpd', platform: 'desktop', 'authz-attempts': '2' },
      { reason: 'network_connection_timeout', platform: 'smarttv', 'authz-attempts': '1' },
    ]);
  });

  it('serves CSV by extension, by format= and by Accept, with the selection in the file name', async () => {
    const byExt = await esm(`/year/month/day/mvpd.csv?start=${day(0)}&end=${day(2)}&mvpd=Skyline&metrics=authz-attempts,media-tokens`);
    expect(byExt.statusCode).toBe(200);
    expect(byExt.headers['content-type']).toMatch(/^text\/csv/);
    expect(byExt.headers['content-disposition']).toBe(`attachment; filename="esm__${day(0)}_${day(2)}_Skyline.csv"`);
    expect(byExt.body).toBe(`year,month,day,mvpd,authz-attempts,media-tokens\r\n${Y},${M},${D},Skyline,5,3\r\n${new Date(BASE + DAY).getUTCFullYear()},${new Date(BASE + DAY).getUTCMonth() + 1},${D1},Skyline,1,1\r\n`);
    const byParam = await esm(`/mvpd?${RANGE}&format=csv&metrics=authz-attempts`);
    expect(byParam.body.split('\r\n')[0]).toBe('mvpd,authz-attempts');
    const byAccept = await esm(`/mvpd?${RANGE}&metrics=authz-attempts`, { accept: 'text/csv' });
    expect(byAccept.headers['content-type']).toMatch(/^text\/csv/);
  });

  it('refuses what it cannot answer, in the error format', async () => {
    expectErrorBody(await sys.app.inject({ method: 'GET', url: '/esm/v3/mvpd' }), { status: 401, code: 'unauthorized' });
    expectErrorBody(await esm('/nosuch'), { status: 404, code: 'not_found' });
    expectErrorBody(await esm('/day'), { status: 404, code: 'not_found' });
    expectErrorBody(await esm('/month/year'), { status: 404, code: 'not_found' });
    expectErrorBody(await esm('/mvpd/mvpd'), { status: 404, code: 'not_found' });
    expectErrorBody(await esm('/mvpd.xml'), { status: 406, code: 'not_acceptable' });
    expectErrorBody(await esm('/mvpd', { accept: 'application/xml' }), { status: 406, code: 'not_acceptable' });
    expectErrorBody(await esm('?start=yesterday'), { status: 400, code: 'invalid_request' });
    expectErrorBody(await esm('?start=2026-02-30'), { status: 400, code: 'invalid_request' });
    expectErrorBody(await esm('?start=2026-01-06&end=2026-01-05'), { status: 400, code: 'invalid_request' });
    expectErrorBody(await esm('?metrics=clicks'), { status: 400, code: 'invalid_request' });
    expectErrorBody(await esm('?limit=0'), { status: 400, code: 'invalid_request' });
    expectErrorBody(await esm('?limit=abc'), { status: 400, code: 'invalid_request' });
    expectErrorBody(await esm('?colour=red'), { status: 400, code: 'invalid_request' });
    expectErrorBody(await esm('?day=5'), { status: 400, code: 'invalid_request' });
    expectErrorBody(await esm('/year/month/day/hour/minute?start=2026-01-01&end=2026-01-20'), { status: 400, code: 'invalid_request' });
    expectErrorBody(await esm('/resource-id?metrics=unique-accounts'), { status: 400, code: 'invalid_request' });
    expectErrorBody(await esm('?start=2026&start=2027'), { status: 400, code: 'invalid_request' });
    expectErrorBody(await esm(`/mvpd?mvpd=${'x'.repeat(300)}`), { status: 400, code: 'invalid_request' });
  });

  it('limits the rows', async () => {
    const body = await report(`/year/month/day/hour/minute?${RANGE}&limit=2&metrics=authz-attempts`);
    expect(body.report).toHaveLength(2);
    expect(body.report[0]).toMatchObject({ hour: '10', minute: '1' });
  });

  it('counts a session that expired without a profile as a failed authentication', async () => {
    const at = BASE - DAY;
    const session = (code: string, status: string) => ({ code, session_id: randomUUID(), requestor: 'PLAYGATE', client_id: 'c1', device_id: 'd', mvpd: 'Harbor', status, not_before: at, not_after: at + 30 * MIN });
    await sys.ctx.db.insertInto('auth_sessions').values([session('EXPIRED1', 'authenticating'), session('DONE0001', 'authenticated')]).execute();
    const q = `/mvpd?start=${day(-1)}&end=${day(0)}&metrics=authn-attempts,authn-failed`;
    expect((await report(q)).report).toEqual([{ mvpd: 'Harbor', 'authn-attempts': '2', 'authn-failed': '1' }]);
    while ((await rollUp(sys.ctx.db)).behind);
    expect((await report(q)).report).toEqual([{ mvpd: 'Harbor', 'authn-attempts': '2', 'authn-failed': '1' }]);
  });

  it('answers the same from the roll-ups as from the raw rows, and a second run adds nothing', async () => {
    while ((await rollUp(sys.ctx.db)).behind);
    const minuteRows = await sys.ctx.db.selectFrom('esm_rollup_minute').select((e) => e.fn.sum<number>('n').as('n')).where('event', '!=', 'authn').executeTakeFirst();
    const hourRows = await sys.ctx.db.selectFrom('esm_rollup_hour').select((e) => e.fn.sum<number>('n').as('n')).where('event', '!=', 'authn').executeTakeFirst();
    expect(Number(minuteRows?.n)).toBe(SEED.length);
    expect(Number(hourRows?.n)).toBe(SEED.length);
    expect(await Promise.all(STABLE.map(async (q) => (await esm(q)).body))).toEqual(rawAnswers);
    while ((await rollUp(sys.ctx.db)).behind);
    expect(await Promise.all(STABLE.map(async (q) => (await esm(q)).body))).toEqual(rawAnswers);
    // The raw rows are not what answers now: removing them leaves the rolled-up figures.
    await sys.ctx.db.deleteFrom('decisions_audit').where('created_at', '<', BASE + 2 * DAY).execute();
    expect(await Promise.all(STABLE.map(async (q) => (await esm(q)).body))).toEqual(rawAnswers);
  });

  it('counts a real authentication (session started, profile saved) and the decisions after it', async () => {
    const token = await clientToken(sys);
    const headers = passHeaders(token, 'device-esm-authn-01');
    await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
    const res = await sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/decisions/authorize/Skyline', headers: { ...headers, 'x-device-info': Buffer.from(JSON.stringify({ primaryHardwareType: 'Tablet' })).toString('base64') }, payload: { resources: ['news-24'] } });
    expect(res.json().decisions[0].authorized).toBe(true);
    const body = await report('/mvpd/platform?metrics=authn-attempts,authn-successful,authz-attempts,media-tokens&mvpd=Skyline');
    // Sessions and profiles carry no platform; the seeded decision without one is there too.
    expect(body.report).toContainEqual({ mvpd: 'Skyline', platform: 'unknown', 'authn-attempts': '1', 'authn-successful': '1', 'authz-attempts': '1', 'media-tokens': '1' });
    expect(body.report).toContainEqual({ mvpd: 'Skyline', platform: 'tablet', 'authn-attempts': '0', 'authn-successful': '0', 'authz-attempts': '1', 'media-tokens': '1' });
  });
});
