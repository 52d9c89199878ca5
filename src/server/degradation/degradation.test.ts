// Degraded access: the admin API (auth, validation, error bodies), each rule's effect on
// sessions, profiles and decisions (AuthNAll, AuthZAll, AuthZNone), the decision trace, the
// decision cache bypassed while a rule is in force, expiry, and the in-memory snapshot: seen
// by another instance within its refresh, and never read from the database per decision.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeJwt } from 'jose';
import { clientToken, expectErrorBody, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { DegradationRules } from './degradation-rules.ts';
import { DegradationStore } from './degradation-store.ts';
import { DEGRADED_USER_PREFIX } from './degraded-profile.ts';

let sys: TestSystem;
let token: string;
let simulatorAuth: string;
const ADMIN = { authorization: 'Bearer playgate-admin-dev-token' };
const METRO = 'device-degr-metro-01';
const SKY = 'device-degr-skyb-001';

beforeAll(async () => {
  sys = await startTestSystem();
  token = await clientToken(sys);
  const { clientId, clientSecret } = sys.config.mvpdSimulator;
  simulatorAuth = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  await mvpdLogin(sys, passHeaders(token, METRO), 'MetroFiber', 'metro-all');
  await mvpdLogin(sys, passHeaders(token, SKY), 'Skyline', 'sky-basic');
});
afterAll(() => sys.dispose());

const apply = (mvpd: string, body: object, headers: Record<string, string> = ADMIN) =>
  sys.app.inject({ method: 'PUT', url: `/admin/degradation/${mvpd}`, headers, payload: body });
const remove = (mvpd: string) => sys.app.inject({ method: 'DELETE', url: `/admin/degradation/${mvpd}`, headers: ADMIN });
const decide = (kind: 'authorize' | 'preauthorize', mvpd: string, device: string, resources: string[]) =>
  sys.app.inject({ method: 'POST', url: `/api/v2/PLAYGATE/decisions/${kind}/${mvpd}`, headers: passHeaders(token, device), payload: { resources } });
const setSimulatorMode = (mvpd: string, mode: string) =>
  sys.mvpd!.inject({ method: 'PUT', url: `/admin/modes/${mvpd}`, headers: { authorization: simulatorAuth }, payload: { mode } });

describe('admin API', () => {
  it('refuses a caller without the admin token (401 error body), before reading the body', async () => {
    expectErrorBody(await apply('MetroFiber', { rule: 'nonsense' }, {}), { status: 401, code: 'unauthorized' });
    expectErrorBody(await sys.app.inject({ method: 'GET', url: '/admin/degradation', headers: { authorization: 'Bearer wrong' } }), { status: 401, code: 'unauthorized' });
  });

  it('validates the rule, the MVPD and the TTL (4xx error bodies)', async () => {
    expectErrorBody(await apply('MetroFiber', { rule: 'AuthAll' }), { status: 400, code: 'invalid_request' });
    expectErrorBody(await apply('MetroFiber', { rule: 'AuthZAll', ttlSeconds: 0 }), { status: 400, code: 'invalid_request' });
    expectErrorBody(await apply('NoSuchMvpd', { rule: 'AuthZAll' }), { status: 400, code: 'invalid_parameter_mvpd' });
    expectErrorBody(await remove('Northwind'), { status: 404, code: 'not_found' });
  });

  it('sets, lists, replaces and removes one rule per MVPD', async () => {
    const set = await apply('Northwind', { rule: 'AuthZAll', ttlSeconds: 600, details: 'big match tonight' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ mvpd: 'Northwind', rule: 'AuthZAll', details: 'big match tonight', active: true });
    expect(set.json().notAfter - set.json().notBefore).toBe(600_000);
    expect((await apply('Northwind', { rule: 'AuthZNone' })).json()).toMatchObject({ rule: 'AuthZNone', notAfter: null, details: null });
    const list = await sys.app.inject({ method: 'GET', url: '/admin/degradation', headers: ADMIN });
    expect(list.json().rules).toEqual([expect.objectContaining({ mvpd: 'Northwind', rule: 'AuthZNone', active: true })]);
    expect((await remove('Northwind')).json()).toEqual({ removed: true });
    expect((await sys.app.inject({ method: 'GET', url: '/admin/degradation', headers: ADMIN })).json().rules).toEqual([]);
  });
});

describe('AuthZNone', () => {
  it('denies every TV Everywhere resource of that MVPD with authorization_denied_by_degradation_rule, over a cached Permit; other MVPDs carry on', async () => {
    const before = await decide('authorize', 'MetroFiber', METRO, ['news-24']);
    expect(before.json().decisions[0]).toMatchObject({ authorized: true, source: 'mvpd' });

    expect((await apply('MetroFiber', { rule: 'AuthZNone' })).statusCode).toBe(200);
    const res = await decide('authorize', 'MetroFiber', METRO, ['news-24']);
    const [d] = res.json().decisions;
    expect(d).toMatchObject({ authorized: false, source: 'degradation', mvpd: 'MetroFiber' });
    expect(d.token).toBeUndefined();
    expect(d.error).toMatchObject({ status: 403, code: 'authorization_denied_by_degradation_rule', action: 'none', trace: res.headers['x-trace-id'] });
    expect(res.json().trace[0]).toMatchObject({ rule: 'degradation', degradation: { rule: 'AuthZNone', mvpd: 'MetroFiber', until: null } });
    expect(res.json().trace[0].cache).toBeUndefined();

    const pre = (await decide('preauthorize', 'MetroFiber', METRO, ['news-24', 'sports-one'])).json().decisions;
    expect(pre.map((x: { error?: { code: string } }) => x.error?.code)).toEqual(['authorization_denied_by_degradation_rule', 'authorization_denied_by_degradation_rule']);

    expect((await decide('authorize', 'Skyline', SKY, ['news-24'])).json().decisions[0]).toMatchObject({ authorized: true, source: 'mvpd' });

    // The audit keeps the rule that decided.
    const audit = await sys.app.inject({ method: 'GET', url: `/playgate/v1/traces/${res.headers['x-trace-id']}`, headers: passHeaders(token, METRO) });
    expect(audit.statusCode).toBe(200);
    expect(JSON.stringify(audit.json())).toMatch(/"source":"degradation".*"rule":"degradation"|"rule":"degradation".*"source":"degradation"/);

    await remove('MetroFiber');
    expect((await decide('authorize', 'MetroFiber', METRO, ['news-24'])).json().decisions[0]).toMatchObject({ authorized: true, source: 'mvpd' });
  });
});

describe('AuthZAll', () => {
  it('permits with a media token without asking the MVPD (even one that denies everything); still needs a profile', async () => {
    expect((await setSimulatorMode('Skyline', 'deny')).statusCode).toBe(200);
    try {
      // sky-basic has no sports package: normally a Deny.
      expect((await decide('authorize', 'Skyline', SKY, ['sports-one'])).json().decisions[0]).toMatchObject({ authorized: false, source: 'mvpd' });
      await apply('Skyline', { rule: 'AuthZAll' });
      const res = await decide('authorize', 'Skyline', SKY, ['sports-one']);
      const [d] = res.json().decisions;
      expect(d).toMatchObject({ authorized: true, source: 'degradation', resource: 'sports-one' });
      expect(decodeJwt(d.token.serializedToken)).toMatchObject({ resource: 'sports-one', mvpd: 'Skyline' });
      expect(res.json().trace[0]).toMatchObject({ rule: 'degradation', degradation: { rule: 'AuthZAll' } });
      expect(res.json().trace[0].mvpd).toBeUndefined();
      expect((await decide('preauthorize', 'Skyline', SKY, ['sports-one', 'late-movie'])).json().decisions.map((x: { authorized: boolean }) => x.authorized)).toEqual([true, true]);

      // AuthZAll authorizes, it does not authenticate.
      expectErrorBody(await decide('authorize', 'Skyline', 'device-degr-nobody-1', ['news-24']), { status: 403, code: 'authenticated_profile_missing' });
      const session = await sys.app.inject({
        method: 'POST',
        url: '/api/v2/PLAYGATE/sessions',
        headers: { ...passHeaders(token, 'device-degr-nobody-1'), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl: `${sys.config.app.publicUrl}/mvpd-done` }).toString(),
      });
      expect(session.json()).toMatchObject({ actionName: 'authenticate', actionType: 'interactive' });
    } finally {
      await remove('Skyline');
      await setSimulatorMode('Skyline', 'normal');
    }
  });
});

describe('AuthNAll', () => {
  const DEVICE = 'device-degr-fresh-01';
  const headers = () => passHeaders(token, DEVICE);

  it('a viewer with no profile: session says authorize/direct (degraded), profiles/{mvpd} is a degraded profile, decisions Permit', async () => {
    await apply('Harbor', { rule: 'AuthNAll', ttlSeconds: 3600 });
    try {
      const session = await sys.app.inject({
        method: 'POST',
        url: '/api/v2/PLAYGATE/sessions',
        headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ mvpd: 'Harbor', domainName: 'localhost', redirectUrl: `${sys.config.app.publicUrl}/mvpd-done` }).toString(),
      });
      expect(session.statusCode).toBe(200);
      expect(session.json()).toMatchObject({ actionName: 'authorize', actionType: 'direct', reasonType: 'degraded', mvpd: 'Harbor', url: '/api/v2/PLAYGATE/decisions/authorize/Harbor' });

      const profiles = await sys.app.inject({ method: 'GET', url: '/api/v2/PLAYGATE/profiles/Harbor', headers: headers() });
      const profile = profiles.json().profiles.Harbor;
      expect(profile).toMatchObject({ type: 'degraded', attributes: { userID: { state: 'plain' } } });
      expect(profile.attributes.userID.value.startsWith(DEGRADED_USER_PREFIX)).toBe(true);
      // The degraded profile is not a stored one: the all-profiles list stays empty.
      expect((await sys.app.inject({ method: 'GET', url: '/api/v2/PLAYGATE/profiles', headers: headers() })).json()).toEqual({ profiles: {} });

      const res = await decide('authorize', 'Harbor', DEVICE, ['news-24']);
      const [d] = res.json().decisions;
      expect(d).toMatchObject({ authorized: true, source: 'degradation', mvpd: 'Harbor' });
      expect(decodeJwt(d.token.serializedToken).sub).toBe(profile.attributes.userID.value);
      expect(res.json().trace[0]).toMatchObject({ rule: 'degradation', profileType: 'degraded', degradation: { rule: 'AuthNAll', mvpd: 'Harbor' } });
    } finally {
      await remove('Harbor');
    }
    // Rule gone: back to the basic flow.
    expectErrorBody(await decide('authorize', 'Harbor', DEVICE, ['news-24']), { status: 403, code: 'authenticated_profile_missing' });
    expect((await sys.app.inject({ method: 'GET', url: '/api/v2/PLAYGATE/profiles/Harbor', headers: headers() })).json()).toEqual({ profiles: {} });
  });

  it('a viewer who has a real profile keeps it (reasonType authenticated), and the rule still decides', async () => {
    await apply('MetroFiber', { rule: 'AuthNAll' });
    try {
      const session = await sys.app.inject({
        method: 'POST',
        url: '/api/v2/PLAYGATE/sessions',
        headers: { ...passHeaders(token, METRO), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ mvpd: 'MetroFiber', domainName: 'localhost', redirectUrl: `${sys.config.app.publicUrl}/mvpd-done` }).toString(),
      });
      expect(session.json()).toMatchObject({ actionName: 'authorize', reasonType: 'authenticated' });
      expect((await sys.app.inject({ method: 'GET', url: '/api/v2/PLAYGATE/profiles/MetroFiber', headers: passHeaders(token, METRO) })).json().profiles.MetroFiber.type).toBe('regular');
      expect((await decide('authorize', 'MetroFiber', METRO, ['late-movie'])).json().decisions[0]).toMatchObject({ authorized: true, source: 'degradation' });
    } finally {
      await remove('MetroFiber');
    }
  });
});

describe('the in-memory snapshot', () => {
  it('an expired rule stops applying by itself', async () => {
    const store = new DegradationStore(sys.ctx.db);
    const rules = new DegradationRules(sys.ctx.db, 60_000);
    const now = Date.now();
    await store.put({ requestor: 'PLAYGATE', mvpd: 'Northwind', rule: 'AuthZNone', details: null, notBefore: now, notAfter: now + 40 });
    await rules.refresh();
    expect(rules.ruleFor('PLAYGATE', 'Northwind', now + 10)?.rule).toBe('AuthZNone');
    expect(rules.ruleFor('PLAYGATE', 'Northwind', now + 40)).toBeUndefined();
    expect(rules.ruleFor('OTHER', 'Northwind', now + 10)).toBeUndefined();
    await store.remove('PLAYGATE', 'Northwind');
  });

  it('another instance (its own snapshot on the same database) sees a change within its refresh interval', async () => {
    const other = new DegradationRules(sys.ctx.db, 50);
    await other.start();
    try {
      expect(other.ruleFor('PLAYGATE', 'Northwind')).toBeUndefined();
      await apply('Northwind', { rule: 'AuthZAll' });
      await vi.waitFor(() => expect(other.ruleFor('PLAYGATE', 'Northwind')?.rule).toBe('AuthZAll'), { timeout: 2000, interval: 20 });
      await remove('Northwind');
      await vi.waitFor(() => expect(other.ruleFor('PLAYGATE', 'Northwind')).toBeUndefined(), { timeout: 2000, interval: 20 });
    } finally {
      other.stop();
    }
  });

  it('decisions never read the rules from the database', async () => {
    await apply('MetroFiber', { rule: 'AuthZAll' });
    const list = vi.spyOn(DegradationStore.prototype, 'list');
    try {
      for (let i = 0; i < 10; i++) expect((await decide('authorize', 'MetroFiber', METRO, ['news-24'])).json().decisions[0].source).toBe('degradation');
      // The periodic reload (every 2 s) may have run once meanwhile; never once per decision.
      expect(list.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      list.mockRestore();
      await remove('MetroFiber');
    }
  });
});
