// The decision log export: NDJSON of a time range, oldest first, every decision with its
// trace, paged through more than one keyset page; device ids only as their hash, no token.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientToken, expectErrorBody, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../../test-support/test-system.ts';
import { deviceHash } from '../../context/device-hash.ts';

const ADMIN = { authorization: 'Bearer playgate-admin-dev-token' };
const DEVICE = 'device-export-00001';
let sys: TestSystem;
let token: string;
let startedAt: number;

beforeAll(async () => {
  sys = await startTestSystem();
  token = await clientToken(sys);
  startedAt = Date.now();
  await mvpdLogin(sys, passHeaders(token, DEVICE), 'Skyline', 'sky-basic');
  for (const resource of ['news-24', 'sports-one']) {
    const res = await sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/decisions/authorize/Skyline', headers: passHeaders(token, DEVICE), payload: { resources: [resource] } });
    expect(res.statusCode).toBe(200);
  }
});
afterAll(() => sys.dispose());

const exportLines = async (query: string) => {
  const res = await sys.app.inject({ method: 'GET', url: `/playgate/v1/decisions?${query}`, headers: ADMIN });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
  return { res, lines: res.body.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
};

describe('GET /playgate/v1/decisions', () => {
  it('exports the decisions with their traces, the device only as its hash, no token', async () => {
    const { res, lines } = await exportLines(`since=${startedAt}`);
    expect(lines.map((l) => [l.resource, l.decision, l.errorCode])).toEqual([
      ['news-24', 'Permit', null],
      ['sports-one', 'Deny', 'authorization_denied_by_mvpd'],
    ]);
    expect(lines[0]).toMatchObject({ requestor: 'PLAYGATE', mvpd: 'Skyline', kind: 'authorize', source: 'mvpd', rule: 'mvpd', deviceHash: deviceHash(DEVICE) });
    expect(lines[0]!.details).toMatchObject({ rule: 'mvpd', mvpd: { answer: 'Permit' } });
    expect(typeof lines[0]!.trace).toBe('string');
    expect(new Date(lines[0]!.time as string).getTime()).toBe(lines[0]!.at);
    expect(res.body).not.toContain(DEVICE);
    expect(res.body).not.toContain(Buffer.from(DEVICE).toString('base64'));
    expect(res.body).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="decisions_\d{4}-\d{2}-\d{2}T\d{6}\.ndjson"$/);
  });

  it('streams a long range in order across pages, within since/until and the limit', async () => {
    const base = Date.UTC(2025, 5, 1);
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      id: randomUUID(),
      trace: `t${String(i).padStart(15, '0')}`,
      requestor: 'PLAYGATE',
      mvpd: 'Skyline',
      resource: 'news-24',
      device_id: deviceHash(`bulk-${i}`),
      decision: 'Permit',
      source: 'mvpd',
      error_code: null,
      // Pairs share a millisecond: the keyset must not drop or repeat either.
      latency_ms: 5,
      created_at: base + Math.floor(i / 2),
      rule: 'mvpd',
      // A token a rule should never have put in a trace is still not exported.
      trace_json: i === 7 ? JSON.stringify({ rule: 'mvpd', note: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' }) : '{"rule":"mvpd"}',
    }));
    for (let i = 0; i < rows.length; i += 500) await sys.ctx.db.insertInto('decisions_audit').values(rows.slice(i, i + 500)).execute();
    const all = (await exportLines(`since=${base}&until=${base + 1250}`)).lines;
    expect(all).toHaveLength(2500);
    expect(new Set(all.map((l) => l.trace)).size).toBe(2500);
    const ats = all.map((l) => l.at as number);
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
    expect(all.find((l) => l.trace === `t${'7'.padStart(15, '0')}`)!.details).toEqual({ rule: 'mvpd', note: '[token removed]' });
    const window = (await exportLines(`since=${base + 100}&until=${base + 200}`)).lines;
    expect(window).toHaveLength(200);
    expect(window[0]!.at).toBe(base + 100);
    const limited = (await exportLines(`since=${new Date(base).toISOString().slice(0, 19)}&limit=1001`)).lines;
    expect(limited).toHaveLength(1001);
  });

  it('refuses a bad range or a missing admin token in the error format', async () => {
    expectErrorBody(await sys.app.inject({ method: 'GET', url: `/playgate/v1/decisions?since=${startedAt}` }), { status: 401, code: 'unauthorized' });
    const bad = (q: string) => sys.app.inject({ method: 'GET', url: `/playgate/v1/decisions?${q}`, headers: ADMIN });
    expectErrorBody(await bad(''), { status: 400, code: 'invalid_request' });
    expectErrorBody(await bad('since=yesterday'), { status: 400, code: 'invalid_request' });
    expectErrorBody(await bad(`since=${startedAt}&until=${startedAt - 1000}`), { status: 400, code: 'invalid_request' });
    expectErrorBody(await bad(`since=${startedAt}&limit=0`), { status: 400, code: 'invalid_request' });
    expectErrorBody(await bad(`since=${startedAt}&limit=99999999`), { status: 400, code: 'invalid_request' });
  });
});
