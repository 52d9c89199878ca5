// MVPD obligations and home-based authentication, end to end through the real simulator
// (oidc-provider login, the authorization endpoint) and the Pass API: upgrade and
// restrict-pc pass through Denies (also from the decision cache), re-authz shortens a
// Permit and makes Playgate ask the MVPD again, and a home-based subscriber at home signs
// in without a password, with `hba_status` and its own shorter profile lifetime.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { authorizeResource, browser, clientToken, expectErrorBody, mvpdLogin, passHeaders, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';
import { OBLIGATIONS } from '../../shared/obligations.ts';
import { readObligations } from '../mvpd-client/mvpd-gateway.ts';

const ADMIN = { authorization: 'Bearer playgate-admin-dev-token' };
let sys: TestSystem;
let client: string;
let simAuth: string;

beforeAll(async () => {
  sys = await startTestSystem(
    testConfig((raw) => {
      const metro = raw.mvpds.find((m: { id: string }) => m.id === 'MetroFiber');
      metro.subscribers.push({ username: 'metro-reauthz', householdID: 'hh-m-9', zip: '94105', packages: ['basic'], reAuthzSeconds: 1 });
    }),
  );
  client = await clientToken(sys);
  const { clientId, clientSecret } = sys.config.mvpdSimulator;
  simAuth = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
});
afterAll(() => sys.dispose());

const qa = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => sys.app.inject({ method, url: `/admin/qa${url}`, headers: ADMIN, ...(payload ? { payload } : {}) });
const authorizeCalls = async (mvpd: string) => ((await sys.mvpd!.inject({ url: '/admin/stats', headers: { authorization: simAuth } })).json().authorizeCalls[mvpd] ?? 0) as number;

describe('Deny obligations', () => {
  it('upgrade: sky-home is offered the Skyline Sports Pack; the Deny names it, from the MVPD and from the cache', async () => {
    const headers = passHeaders(client, 'obl-upgrade-dev-01');
    await mvpdLogin(sys, headers, 'Skyline', 'sky-home');
    const upgrade = { id: OBLIGATIONS.upgrade, attributes: { package: 'sports', packageName: 'Skyline Sports Pack' } };
    const first = await authorizeResource(sys, headers, 'Skyline', 'sports-one');
    expect(first.decision).toMatchObject({ authorized: false, source: 'mvpd', error: { code: 'authorization_denied_by_mvpd', action: 'none' }, obligations: [upgrade] });
    expect(first.res.json().trace[0]).toMatchObject({ cache: 'miss', mvpd: { obligations: [OBLIGATIONS.upgrade] } });
    const again = await authorizeResource(sys, headers, 'Skyline', 'sports-one');
    expect(again.res.json().trace[0].cache).toBe('hit');
    expect(again.decision.obligations).toEqual([upgrade]);
  });

  it('no upgrade offered (sky-basic): a plain Deny with no obligations', async () => {
    const headers = passHeaders(client, 'obl-plain-deny-01');
    await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
    const { decision } = await authorizeResource(sys, headers, 'Skyline', 'sports-one');
    expect(decision.error.code).toBe('authorization_denied_by_mvpd');
    expect(decision).not.toHaveProperty('obligations');
  });

  it('restrict-pc: a parental Deny (sky-kids, late-movie) carries it with the limit', async () => {
    const headers = passHeaders(client, 'obl-restrict-pc-01');
    await mvpdLogin(sys, headers, 'Skyline', 'sky-kids');
    const { decision } = await authorizeResource(sys, headers, 'Skyline', 'late-movie');
    expect(decision).toMatchObject({ authorized: false, error: { code: 'authorization_denied_by_parental_controls' }, obligations: [{ id: OBLIGATIONS.restrictPc, attributes: { maxRating: 'TV-PG' } }] });
    // Preauthorize passes it through too.
    const pre = await sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/decisions/preauthorize/Skyline', headers, payload: { resources: ['late-movie', 'news-24'] } });
    expect(pre.json().decisions[0].obligations).toEqual([{ id: OBLIGATIONS.restrictPc, attributes: { maxRating: 'TV-PG' } }]);
    expect(pre.json().decisions[1]).not.toHaveProperty('obligations');
  });
});

describe('re-authz', () => {
  it('a Permit with re-authz after 1 s: notAfter is 1 s out, the cache keeps it 1 s, then the MVPD is asked again', async () => {
    const headers = passHeaders(client, 'obl-reauthz-dev-01');
    await mvpdLogin(sys, headers, 'MetroFiber', 'metro-reauthz');
    const before = await authorizeCalls('MetroFiber');
    const first = (await authorizeResource(sys, headers, 'MetroFiber', 'news-24')).decision;
    expect(first).toMatchObject({ authorized: true, obligations: [{ id: OBLIGATIONS.reAuthz, attributes: { seconds: '1' } }] });
    expect(first.notAfter - first.notBefore).toBe(1000);
    expect(first.token.serializedToken).toEqual(expect.any(String));
    // Within the second: from the cache, with the same end.
    const cached = await authorizeResource(sys, headers, 'MetroFiber', 'news-24');
    expect(cached.res.json().trace[0].cache).toBe('hit');
    expect(cached.decision.notAfter).toBe(first.notAfter);
    expect(cached.decision.obligations).toEqual(first.obligations);
    expect(await authorizeCalls('MetroFiber')).toBe(before + 1);
    await sleep(1100);
    const renewed = await authorizeResource(sys, headers, 'MetroFiber', 'news-24');
    expect(renewed.res.json().trace[0].cache).toBe('miss');
    expect(renewed.decision.authorized).toBe(true);
    expect(await authorizeCalls('MetroFiber')).toBe(before + 2);
  });

  it('a subscriber without re-authz keeps the MVPD authorization TTL', async () => {
    const headers = passHeaders(client, 'obl-no-reauthz-001');
    await mvpdLogin(sys, headers, 'MetroFiber', 'metro-all');
    const { decision } = await authorizeResource(sys, headers, 'MetroFiber', 'news-24');
    expect(decision.notAfter - decision.notBefore).toBe(600_000);
    expect(decision).not.toHaveProperty('obligations');
  });

  it('reads obligations narrowly: unknown ids, bad shapes and oversized values are dropped', () => {
    expect(readObligations('nope')).toEqual([]);
    expect(
      readObligations([
        { id: 'urn:example:unknown' },
        null,
        { id: OBLIGATIONS.reAuthz, attributes: { seconds: '5', n: 7, long: 'x'.repeat(500) } },
        { id: OBLIGATIONS.log },
      ]),
    ).toEqual([{ id: OBLIGATIONS.reAuthz, attributes: { seconds: '5' } }, { id: OBLIGATIONS.log }]);
    expect(readObligations(Array.from({ length: 20 }, () => ({ id: OBLIGATIONS.log })))).toHaveLength(8);
  });
});

describe('home-based authentication', () => {
  const startLogin = async (device: string) => {
    const headers = passHeaders(client, device);
    const created = await sys.app.inject({
      method: 'POST',
      url: '/api/v2/PLAYGATE/sessions',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ mvpd: 'Skyline', domainName: 'localhost', redirectUrl: `${sys.config.app.publicUrl}/mvpd-done` }).toString(),
    });
    const b = browser(sys);
    const page = await b.follow(new URL(created.json().url, sys.config.app.publicUrl).href);
    return { headers, b, page };
  };
  const skylineProfile = async (headers: Record<string, string>) => {
    const res = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles/Skyline', headers });
    return res.json().profiles.Skyline as { notBefore: number; notAfter: number; attributes: Record<string, { value: string }> };
  };

  it('at home: the login page offers "Continue as sky-home", no password; hba_status true and a 1 h profile', async () => {
    const set = await qa('PUT', '/mvpd-modes/Skyline', { mode: 'normal', homeNetwork: 'sky-home' });
    expect(set.json()).toMatchObject({ id: 'Skyline', homeNetwork: 'sky-home' });
    try {
      const { headers, b, page } = await startLogin('obl-hba-home-dev-01');
      expect(page.res.body).toContain('Continue as sky-home');
      const done = await b.submitForm(page.url, page.res, '/home', { subscriber: 'sky-home' });
      expect(done.url).toContain('/mvpd-done');
      const profile = await skylineProfile(headers);
      expect(profile.attributes.hba_status?.value).toBe('true');
      expect(profile.attributes.householdID?.value).toBe('hh-sky-1004');
      expect(profile.notAfter - profile.notBefore).toBe(3600_000);
    } finally {
      await qa('PUT', '/mvpd-modes/Skyline', { mode: 'normal', homeNetwork: null });
    }
  });

  it('the same subscriber with a password: hba_status false and the MVPD profile TTL (24 h)', async () => {
    const headers = passHeaders(client, 'obl-hba-away-dev-01');
    await mvpdLogin(sys, headers, 'Skyline', 'sky-home');
    const profile = await skylineProfile(headers);
    expect(profile.attributes.hba_status?.value).toBe('false');
    expect(profile.notAfter - profile.notBefore).toBe(86_400_000);
  });

  it('a subscriber that is not home-based releases no hba_status', async () => {
    const headers = passHeaders(client, 'obl-hba-none-dev-1');
    await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
    expect((await skylineProfile(headers)).attributes).not.toHaveProperty('hba_status');
  });

  it('away from home: no home sign-in on the page, and posting one anyway is refused (403), nobody signed in', async () => {
    const { headers, b, page } = await startLogin('obl-hba-away-dev-02');
    expect(page.res.body).not.toContain('Continue as');
    const uid = /\/interaction\/([^/"]+)\/login/.exec(page.res.body)![1]!;
    const forged = await b.submitForm(page.url, { ...page.res, body: `<form action="/interaction/${uid}/home">` } as typeof page.res, '/home', { subscriber: 'sky-home' });
    expect(forged.res.statusCode).toBe(403);
    expect(forged.res.body).toContain('not on that home network');
    const res = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles/Skyline', headers });
    expect(Object.keys(res.json().profiles ?? {})).toHaveLength(0);
  });

  it('at home on sky-home\'s network, another name cannot be posted (403)', async () => {
    await qa('PUT', '/mvpd-modes/Skyline', { mode: 'normal', homeNetwork: 'sky-home' });
    try {
      const { b, page } = await startLogin('obl-hba-forge-dev-1');
      const forged = await b.submitForm(page.url, page.res, '/home', { subscriber: 'sky-sports' });
      expect(forged.res.statusCode).toBe(403);
    } finally {
      await qa('POST', '/mvpd-modes/reset');
    }
  });

  it('the knob takes only a home-based subscriber of that MVPD (4xx in the error format)', async () => {
    expectErrorBody(await qa('PUT', '/mvpd-modes/Skyline', { mode: 'normal', homeNetwork: 'sky-basic' }), { status: 400, code: 'invalid_request' });
    expectErrorBody(await qa('PUT', '/mvpd-modes/MetroFiber', { mode: 'normal', homeNetwork: 'sky-home' }), { status: 400, code: 'invalid_request' });
    expect((await qa('GET', '/mvpd-modes')).json().mvpds.find((m: { id: string }) => m.id === 'Skyline').homeNetwork).toBeNull();
  });
});
