// /metrics: behind the admin token, every family the issue lists, figures that follow the
// calls made (sessions, profiles, decisions by result and reason, media tokens, MVPD
// latency and timeouts, breaker state, gatekeeper refusals, routes), bounded labels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientToken, expectErrorBody, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { databasePoolUse } from '../db/database.ts';

const ADMIN = { authorization: 'Bearer playgate-admin-dev-token' };
let sys: TestSystem;
let token: string;
const DEVICE = 'device-metrics-0001';

beforeAll(async () => {
  sys = await startTestSystem();
  token = await clientToken(sys);
  await mvpdLogin(sys, passHeaders(token, DEVICE), 'Skyline', 'sky-basic');
});
afterAll(() => sys.dispose());

const scrape = async () => {
  const res = await sys.app.inject({ method: 'GET', url: '/metrics', headers: ADMIN });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.body;
};

/** The value of one sample, found by its name and every given label. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_:]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

const authorize = (resources: string[], mvpd = 'Skyline') =>
  sys.app.inject({ method: 'POST', url: `/api/v2/PLAYGATE/decisions/authorize/${mvpd}`, headers: passHeaders(token, DEVICE), payload: { resources } });

describe('/metrics', () => {
  it('answers 401 in the error format without the admin token, or with a wrong one', async () => {
    expectErrorBody(await sys.app.inject({ method: 'GET', url: '/metrics' }), { status: 401, code: 'unauthorized' });
    expectErrorBody(await sys.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer nope' } }), { status: 401, code: 'unauthorized' });
    expectErrorBody(await sys.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: passHeaders(token, DEVICE).authorization } }), { status: 401, code: 'unauthorized' });
  });

  it('counts the session and the completed MVPD login', async () => {
    const text = await scrape();
    expect(sample(text, 'playgate_authn_sessions_created_total')).toBe(1);
    expect(sample(text, 'playgate_authn_sessions_completed_total')).toBe(1);
    expect(sample(text, 'playgate_profiles_created_total')).toBe(1);
    expect(sample(text, 'playgate_authn_sessions_failed_total')).toBe(0);
  });

  it('counts decisions by result, source and reason, media tokens, and the MVPD latency', async () => {
    const before = await scrape();
    const permit = await authorize(['news-24']);
    expect(permit.json().decisions[0].authorized).toBe(true);
    const deny = await authorize(['sports-one']);
    expect(deny.json().decisions[0].error.code).toBe('authorization_denied_by_mvpd');
    // A resource id Playgate does not know is not a label of its own.
    await authorize(['made-up-title-1234']);
    const text = await scrape();
    const d = (labels: Record<string, string>) => sample(text, 'playgate_decisions_total', { requestor: 'PLAYGATE', mvpd: 'Skyline', kind: 'authorize', ...labels });
    expect(d({ resource: 'news-24', result: 'Permit', source: 'mvpd', reason: '' })).toBe(1);
    expect(d({ resource: 'sports-one', result: 'Deny', source: 'mvpd', reason: 'authorization_denied_by_mvpd' })).toBe(1);
    expect(d({ resource: 'other', result: 'Deny' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('made-up-title-1234');
    expect(sample(text, 'playgate_media_tokens_issued_total', { requestor: 'PLAYGATE', mvpd: 'Skyline', resource: 'news-24' })).toBe(1);
    const asked = (t: string) => (sample(t, 'playgate_mvpd_authorization_duration_seconds_count', { mvpd: 'Skyline', outcome: 'Permit' }) ?? 0) + (sample(t, 'playgate_mvpd_authorization_duration_seconds_count', { mvpd: 'Skyline', outcome: 'Deny' }) ?? 0);
    expect(asked(text) - asked(before)).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'playgate_http_request_duration_seconds_count', { method: 'POST', route: '/api/v2/:serviceProvider/decisions/authorize/:mvpd', status_code: '200' })).toBeGreaterThanOrEqual(3);
  });

  it('counts an MVPD timeout and shows every breaker', async () => {
    const modes = (mode: string) =>
      sys.mvpd!.inject({
        method: 'PUT',
        url: '/admin/modes/Skyline',
        headers: { authorization: `Basic ${Buffer.from(`${sys.config.mvpdSimulator.clientId}:${sys.config.mvpdSimulator.clientSecret}`).toString('base64')}` },
        payload: { mode },
      });
    expect((await modes('down')).statusCode).toBe(200);
    try {
      const res = await authorize(['late-movie']);
      expect(res.json().decisions[0].error.action).toBe('retry');
    } finally {
      await modes('normal');
    }
    const text = await scrape();
    const outcomes = ['Timeout', 'Error'].map((o) => sample(text, 'playgate_mvpd_authorization_duration_seconds_count', { mvpd: 'Skyline', outcome: o }) ?? 0);
    expect(outcomes[0]! + outcomes[1]!).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'playgate_decisions_total', { resource: 'late-movie', result: 'Deny', reason: 'network_received_error' }) ?? sample(text, 'playgate_decisions_total', { resource: 'late-movie', result: 'Deny', reason: 'network_connection_timeout' })).toBe(1);
    for (const m of sys.config.mvpds) expect(sample(text, 'playgate_mvpd_breaker_state', { mvpd: m.id })).toBe(0);
    expect(text).toContain('# TYPE playgate_mvpd_timeouts_total counter');
  });

  it('counts gatekeeper refusals by code, labels unknown paths as unmatched, and has the runtime gauges', async () => {
    expect((await sys.app.inject({ method: 'GET', url: '/media/news-24/master.m3u8' })).statusCode).toBe(401);
    expect((await sys.app.inject({ method: 'GET', url: '/media/news-24/master.m3u8?token=not.a.token' })).statusCode).toBe(403);
    expect((await sys.app.inject({ method: 'GET', url: '/api/v2/PLAYGATE/no/such/route/abcdef' })).statusCode).toBe(404);
    const text = await scrape();
    expect(sample(text, 'playgate_gatekeeper_refusals_total', { reason: 'media_token_missing' })).toBe(1);
    expect(sample(text, 'playgate_gatekeeper_refusals_total', { reason: 'media_token_invalid' })).toBe(1);
    expect(sample(text, 'playgate_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('abcdef');
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'playgate_db_ping_seconds')).toBeGreaterThan(0);
    expect(sample(text, 'playgate_http_requests_in_flight')).toBeGreaterThanOrEqual(0);
  });

  it('shows the database pool: connections in use and idle, queries waiting, time held', async () => {
    const db = sys.ctx.db;
    const first = await scrape();
    const max = sample(first, 'playgate_db_pool_connections', { state: 'max' });
    const kind = databasePoolUse(db)!.kind;
    expect(max).toBe(kind === 'sqlite' ? 1 : 20);
    // Background jobs (the roll-up, journey writes) may hold or wait for a connection at any time.
    expect(sample(first, 'playgate_db_pool_waiting_queries')).toBeGreaterThanOrEqual(0);
    const busyBefore = sample(first, 'playgate_db_pool_busy_seconds_total')!;
    expect(busyBefore).toBeGreaterThan(0);
    // A transaction holds a connection for its whole length; a query outside it waits on
    // SQLite's one connection (PostgreSQL's pool has another for it).
    let outside: Promise<unknown> | undefined;
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom('esm_watermarks').select('source').execute();
      const held = databasePoolUse(db)!;
      expect(held.inUse).toBeGreaterThanOrEqual(1);
      outside = db.selectFrom('clients').select('client_id').limit(1).execute();
      await new Promise((r) => setTimeout(r, 30));
      if (kind === 'sqlite') {
        // The query above, and maybe a background job's (the roll-up, a journey write).
        expect(databasePoolUse(db)).toMatchObject({ inUse: 1, idle: 0 });
        expect(databasePoolUse(db)!.waiting).toBeGreaterThanOrEqual(1);
      }
      else {
        // Another pooled connection answers it while the transaction holds its own.
        await outside;
        expect(databasePoolUse(db)!.idle).toBeGreaterThanOrEqual(1);
      }
    });
    await outside;
    const after = await scrape();
    expect(sample(after, 'playgate_db_pool_connections', { state: 'in_use' })! + sample(after, 'playgate_db_pool_connections', { state: 'idle' })!).toBeLessThanOrEqual(max!);
    expect(sample(after, 'playgate_db_pool_busy_seconds_total')! - busyBefore).toBeGreaterThanOrEqual(0.03);
    expect(after).toContain('# TYPE playgate_db_pool_busy_seconds_total counter');
  });

  it('never carries a device id, a token or a client id in a label', async () => {
    const text = await scrape();
    expect(text).not.toContain(DEVICE);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    const clientId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).client_id as string;
    expect(text).not.toContain(clientId);
    // Every label value of Playgate's families is from a bounded set: at most a few hundred series.
    const series = text.split('\n').filter((l) => l.startsWith('playgate_'));
    expect(series.length).toBeLessThan(600);
  });
});
