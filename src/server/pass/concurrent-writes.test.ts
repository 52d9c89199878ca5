// Concurrency-safe writes: every endpoint that creates rows, hit with 50 identical first-time
// requests at once (SQLite here; PostgreSQL in `npm run test:pg`): no 5xx, and each answers as
// a single caller would — an upsert (one customer), single use (one profile, one refresh), or
// idempotent (one grant), or distinct rows where each call is a new thing (clients, sessions).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, clientToken, idpSignIn, passHeaders, registerClient, startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { newCode, randomCode, setCodeSource } from './session-store.ts';
import { pruneExpiredRows } from '../maintenance/prune-expired.ts';

const N = 50;
const PUBLISHER = 'Bearer dev-publisher-token-change-me-0001';
const ADMIN = 'Bearer playgate-admin-dev-token';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let sys: TestSystem;
let token: string;
beforeAll(async () => {
  sys = await startTestSystem();
  token = await clientToken(sys);
});
afterAll(() => sys.dispose());

const times = <T>(f: () => Promise<T>) => Promise.all(Array.from({ length: N }, f));
const statuses = (rs: Array<{ statusCode: number }>) => rs.map((r) => r.statusCode);
const no5xx = (rs: Array<{ statusCode: number; body: string }>) => expect(rs.filter((r) => r.statusCode >= 500).map((r) => r.body)).toEqual([]);

describe(`${N} identical first-time requests in parallel`, () => {
  it('DCR register: 50 × 201, 50 distinct clients', async () => {
    const rs = await times(() => sys.app.inject({ method: 'POST', url: '/o/client/register', payload: { software_statement: sys.softwareStatement } }));
    no5xx(rs);
    expect(new Set(statuses(rs))).toEqual(new Set([201]));
    expect(new Set(rs.map((r) => r.json().client_id)).size).toBe(N);
  });

  it('sessions: 50 × 200, 50 distinct codes', async () => {
    const headers = { ...passHeaders(token, 'device-concurrent-sessions'), ...FORM };
    const payload = new URLSearchParams({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl: `${sys.config.app.publicUrl}/mvpd-done` }).toString();
    const rs = await times(() => sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/sessions', headers, payload }));
    no5xx(rs);
    expect(new Set(statuses(rs))).toEqual(new Set([200]));
    expect(new Set(rs.map((r) => r.json().code)).size).toBe(N);
  });

  it('a session code collision draws again', async () => {
    const taken = newCode();
    const headers = { ...passHeaders(token, 'device-collision'), ...FORM };
    const payload = new URLSearchParams({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl: `${sys.config.app.publicUrl}/mvpd-done` }).toString();
    const fresh = newCode();
    const draws = [taken, taken, taken, fresh];
    setCodeSource(() => draws.shift() ?? taken);
    try {
      const first = await sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/sessions', headers, payload });
      expect(first.json().code).toBe(taken);
      const second = await sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/sessions', headers, payload });
      expect(second.statusCode).toBe(200);
      expect(second.json().code).toBe(fresh);
    } finally {
      setCodeSource(randomCode);
    }
  });

  it('profiles: the MVPD callback 50 × at once makes one profile; the others are 4xx', async () => {
    const device = 'device-concurrent-profile';
    const created = await sys.app.inject({
      method: 'POST',
      url: '/api/v2/PLAYGATE/sessions',
      headers: { ...passHeaders(token, device), ...FORM },
      payload: new URLSearchParams({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl: `${sys.config.app.publicUrl}/mvpd-done` }).toString(),
    });
    if (!created.json().url) throw new Error(created.body);
    const b = browser(sys);
    const page = await b.follow(new URL(created.json().url, sys.config.app.publicUrl).href);
    const walked = await b.submitLogin(page.url, page.res, 'sky-basic', 'playgate', { stopAt: `${sys.config.app.publicUrl}/api/v2/authenticate/callback` });
    const callback = new URL(walked.url);
    expect(callback.pathname).toBe('/api/v2/authenticate/callback');
    const rs = await times(() => sys.app.inject({ url: callback.pathname + callback.search }));
    no5xx(rs);
    expect(rs.filter((r) => r.statusCode === 302)).toHaveLength(1);
    const rows = await sys.ctx.db.selectFrom('auth_sessions').select('profile_id').where('code', '=', created.json().code).execute();
    const profiles = await sys.ctx.db.selectFrom('profiles').select('id').where('auth_code', '=', created.json().code).execute();
    expect(profiles.map((p) => p.id)).toEqual([rows[0]!.profile_id]);
  });

  it('/sso/auths for a new customer (created from the IdP): 50 × 200, one customer', async () => {
    const { accessToken } = await idpSignIn(sys, 'dave');
    const rs = await times(() => sys.app.inject({ method: 'POST', url: '/sso/auths', headers: { authorization: PUBLISHER }, payload: { idpToken: accessToken } }));
    no5xx(rs);
    expect(new Set(statuses(rs))).toEqual(new Set([200]));
    const rows = await sys.ctx.db.selectFrom('customers').select('id').where('external_id', '=', `idp:${sys.config.idp.issuer}#dave`).execute();
    expect(rows).toHaveLength(1);
    // 50 separate refresh families, each for that one customer.
    expect(new Set(rs.map((r) => r.json().refreshToken)).size).toBe(N);
  });

  it('admin customers: one 201, the others 409 already_exists', async () => {
    const rs = await times(() => sys.app.inject({ method: 'POST', url: '/admin/customers', headers: { authorization: ADMIN }, payload: { publisherId: 'playgate-demo', email: 'new-customer@example.com' } }));
    no5xx(rs);
    expect(statuses(rs).filter((s) => s === 201)).toHaveLength(1);
    expect(rs.filter((r) => r.statusCode === 409).map((r) => r.json().code)).toEqual(Array(N - 1).fill('already_exists'));
  });

  it('grants: 1 × 201 + 49 × 200, one grant id, one active row', async () => {
    const payload = { subject: 'erin', entitlement: 'ppv-fight-night', kind: 'purchase' };
    const rs = await times(() => sys.app.inject({ method: 'POST', url: '/admin/entitlements', headers: { authorization: ADMIN }, payload }));
    no5xx(rs);
    expect(statuses(rs).filter((s) => s === 201)).toHaveLength(1);
    expect(statuses(rs).filter((s) => s === 200)).toHaveLength(N - 1);
    expect(new Set(rs.map((r) => r.json().id)).size).toBe(1);
    const rows = await sys.ctx.db.selectFrom('entitlement_grants').selectAll().where('subject', '=', 'erin').where('entitlement', '=', 'ppv-fight-night').where('revoked_at', 'is', null).execute();
    expect(rows.map((r) => r.id)).toEqual([rs[0]!.json().id]);
  });

  it('refresh: the same refresh token 50 × at once — one new pair, 49 × 401 (a reuse revokes the family)', async () => {
    const first = await sys.app.inject({ method: 'POST', url: '/sso/auths', headers: { authorization: PUBLISHER }, payload: { customerEmail: 'alice@example.com' } });
    const refreshToken = first.json().refreshToken;
    const rs = await times(() => sys.app.inject({ method: 'POST', url: '/auths/refresh_token', payload: { refreshToken } }));
    no5xx(rs);
    // One spend wins; the others are reuses, which revoke the family — the winner's new pair too.
    expect(statuses(rs).filter((s) => s === 200).length).toBeLessThanOrEqual(1);
    expect(rs.filter((r) => r.statusCode !== 200).map((r) => r.json().code)).toEqual(expect.arrayContaining(['refresh_token_reused']));
    expect(rs.filter((r) => r.statusCode !== 200).every((r) => r.statusCode === 401)).toBe(true);
    expect(statuses(rs).filter((s) => s === 401).length).toBeGreaterThanOrEqual(N - 1);
  });

  it('DCR token endpoint: 50 × 201 for one client', async () => {
    const creds = await registerClient(sys);
    const rs = await times(() => sys.app.inject({ method: 'POST', url: `/o/client/token?${new URLSearchParams({ grant_type: 'client_credentials', ...creds })}` }));
    no5xx(rs);
    expect(new Set(statuses(rs))).toEqual(new Set([201]));
  });
});

describe('pruning', () => {
  it('deletes expired sessions (an hour after expiry), spent media tokens, cached decisions, idle rate buckets and expired refresh tokens', async () => {
    const now = Date.now();
    const far = now + 200 * 24 * 60 * 60 * 1000;
    const before = await sys.ctx.db.selectFrom('auth_sessions').select('code').execute();
    expect(before.length).toBeGreaterThan(0);
    expect((await pruneExpiredRows(sys.ctx.db, now)).auth_sessions).toBe(0);
    const pruned = await pruneExpiredRows(sys.ctx.db, far);
    expect(pruned.auth_sessions).toBe(before.length);
    expect(pruned.refresh_tokens).toBeGreaterThan(0);
    expect(await sys.ctx.db.selectFrom('auth_sessions').select('code').execute()).toEqual([]);
  });

  it('deletes QA lifetime overrides that lapsed unused and stream sessions an hour past expiry, and keeps the others', async () => {
    const now = Date.now();
    const row = (id: string, expiresAt: number) => ({ id, requestor: 'PLAYGATE', scope: `device:${id}`, profile_seconds: 20, created_at: now - 1000, expires_at: expiresAt, consumed_at: null });
    await sys.ctx.db.insertInto('lifetime_overrides').values([row('lapsed', now - 1), row('live', now + 60_000)]).execute();
    expect((await pruneExpiredRows(sys.ctx.db, now)).lifetime_overrides).toBe(1);
    expect((await sys.ctx.db.selectFrom('lifetime_overrides').select('id').execute()).map((r) => r.id)).toEqual(['live']);
    const stream = (id: string, expiresAt: number) => ({ session_id: id, application_id: 'app', policy: 'p', idp: 'Metro', subject: 's', termination_code: `t-${id}`, metadata: '{}', started_at: now - 10_000, expires_at: expiresAt, terminated_at: null, terminator: null });
    await sys.ctx.db.insertInto('cm_sessions').values([stream('old', now - 2 * 3_600_000), stream('recent', now - 60_000)]).execute();
    expect((await pruneExpiredRows(sys.ctx.db, now)).cm_sessions).toBe(1);
    expect((await sys.ctx.db.selectFrom('cm_sessions').select('session_id').execute()).map((r) => r.session_id)).toEqual(['recent']);
  });
});
