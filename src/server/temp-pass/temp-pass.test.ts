// TempPass, basic and promotional: the pseudo-MVPDs in the configuration, sessions that go
// straight to authorize (reasonType temporary), the clock started by the first authorize
// (not by preauthorize), source "temppass", Adobe's errors (duration, resources, identity),
// the temporary profile, the reset API, and the gatekeeper refusing to play past the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { clientToken, expectErrorBody, passHeaders, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';
import { identityHash } from './temp-pass-identity.ts';
import { pruneExpiredRows } from '../maintenance/prune-expired.ts';

let sys: TestSystem;
let token: string;
const ADMIN = { authorization: 'Bearer playgate-admin-dev-token' };
const BASIC = 'TempPass_TEST';
const PROMO = 'TempPassPromo_TEST';
const SHORT = 'TempPass_SHORT';
const RETAIN = 'TempPass_RETAIN';
const DAY = 24 * 3600_000;
const identity = (email: string) => Buffer.from(JSON.stringify({ email })).toString('base64');

beforeAll(async () => {
  sys = await startTestSystem(
    testConfig((raw) => {
      raw.tempPass = [
        { id: BASIC, displayName: 'Watch free for 10 minutes', kind: 'basic', durationSeconds: 600 },
        { id: PROMO, displayName: 'Promo', kind: 'promotional', durationSeconds: 600, maxResources: 2 },
        { id: SHORT, displayName: 'Watch free for 2 seconds', kind: 'basic', durationSeconds: 2 },
        { id: RETAIN, displayName: 'Watch free for 1 second, again after 2 days', kind: 'basic', durationSeconds: 1, resetAfterDays: 2 },
      ];
    }),
  );
  token = await clientToken(sys);
});
afterAll(() => sys.dispose());

const decide = (kind: 'authorize' | 'preauthorize', mvpd: string, device: string, resources: string[], extra: Record<string, string> = {}) =>
  sys.app.inject({ method: 'POST', url: `/api/v2/PLAYGATE/decisions/${kind}/${mvpd}`, headers: { ...passHeaders(token, device), ...extra }, payload: { resources } });
const profile = (mvpd: string, device: string, extra: Record<string, string> = {}) =>
  sys.app.inject({ method: 'GET', url: `/api/v2/PLAYGATE/profiles/${mvpd}`, headers: { ...passHeaders(token, device), ...extra } });

describe('discovery and sessions', () => {
  it('the configuration lists the TempPass pseudo-MVPDs (isTempPass; the promotional one is not for a generic picker)', async () => {
    const res = await sys.app.inject({ method: 'GET', url: '/api/v2/PLAYGATE/configuration', headers: passHeaders(token, 'device-tp-config-01') });
    const mvpds = res.json().requestor.mvpds;
    expect(mvpds.find((m: { id: string }) => m.id === BASIC)).toMatchObject({ displayName: 'Watch free for 10 minutes', isTempPass: true, displayInPlatformPicker: true });
    expect(mvpds.find((m: { id: string }) => m.id === PROMO)).toMatchObject({ isTempPass: true, displayInPlatformPicker: false });
    expect(mvpds.find((m: { id: string }) => m.id === 'Skyline')).toMatchObject({ isTempPass: false });
  });

  it('a session for a TempPass answers authorize/direct with reasonType temporary; bad redirect URLs are still refused', async () => {
    const post = (fields: Record<string, string>) =>
      sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/sessions', headers: { ...passHeaders(token, 'device-tp-sess-01'), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
    const res = await post({ mvpd: BASIC, domainName: 'localhost', redirectUrl: `${sys.config.app.publicUrl}/mvpd-done` });
    expect(res.json()).toMatchObject({ actionName: 'authorize', actionType: 'direct', reasonType: 'temporary', mvpd: BASIC, url: `/api/v2/PLAYGATE/decisions/authorize/${BASIC}` });
    expectErrorBody(await post({ mvpd: BASIC, domainName: 'localhost', redirectUrl: 'https://evil.example/x' }), { status: 400, code: 'invalid_parameter_redirect_url' });
  });
});

describe('basic TempPass', () => {
  const DEVICE = 'device-tp-basic-01';

  it('preauthorize permits every title and does not start the clock; the first authorize does; decisions carry source temppass', async () => {
    const pre = (await decide('preauthorize', BASIC, DEVICE, ['news-24', 'sports-one', 'late-movie'])).json().decisions;
    expect(pre.map((d: { authorized: boolean; source: string }) => [d.authorized, d.source])).toEqual([[true, 'temppass'], [true, 'temppass'], [true, 'temppass']]);
    expect((await profile(BASIC, DEVICE)).json()).toEqual({ profiles: {} });

    const before = Date.now();
    const res = await decide('authorize', BASIC, DEVICE, ['sports-one']);
    const [d] = res.json().decisions;
    expect(d).toMatchObject({ authorized: true, source: 'temppass', mvpd: BASIC, resource: 'sports-one' });
    expect(d.notAfter - d.notBefore).toBe(600_000);
    expect(d.notBefore).toBeGreaterThanOrEqual(before);
    const claims = decodeJwt(d.token.serializedToken);
    expect(claims).toMatchObject({ resource: 'sports-one', mvpd: BASIC, pxp: Math.floor(d.notAfter / 1000) });
    expect(res.json().trace[0]).toMatchObject({ rule: 'temppass', profileType: 'temporary' });

    const p = (await profile(BASIC, DEVICE)).json().profiles[BASIC];
    expect(p).toMatchObject({ type: 'temporary', notBefore: d.notBefore, notAfter: d.notAfter });

    // The clock does not restart.
    const again = (await decide('authorize', BASIC, DEVICE, ['news-24'])).json().decisions[0];
    expect(again.notAfter).toBe(d.notAfter);
    // Another device has its own pass.
    expect((await decide('authorize', BASIC, 'device-tp-basic-02', ['news-24'])).json().decisions[0].notAfter).toBeGreaterThanOrEqual(d.notAfter);
    // Unknown titles are not granted.
    expect((await decide('authorize', BASIC, DEVICE, ['no-such-title'])).json().decisions[0]).toMatchObject({ authorized: false, error: { code: 'no_entitlement' } });
  });

  it('past its end: temporary_access_duration_limit_exceeded (action authentication); the gatekeeper refuses a token of a spent pass', async () => {
    const DEV = 'device-tp-short-01';
    const first = (await decide('authorize', SHORT, DEV, ['late-movie'])).json().decisions[0];
    expect(first.authorized).toBe(true);
    const claims = decodeJwt(first.token.serializedToken);
    expect(claims.exp! * 1000).toBeLessThanOrEqual(first.notAfter + 1000);
    const master = (t: string) => sys.app.inject({ method: 'GET', url: `/media/late-movie/master.m3u8?token=${encodeURIComponent(t)}&device=${DEV}` });
    // A playback token of the pass ends with it.
    const second = (await decide('authorize', SHORT, DEV, ['late-movie'])).json().decisions[0];
    const played = await master(second.token.serializedToken);
    expect(played.statusCode).toBe(200);
    const pt = /pt=([^&\s]+)/.exec(played.body)?.[1];
    expect(pt).toBeDefined();
    expect(decodeJwt(decodeURIComponent(pt!)).exp! * 1000).toBeLessThanOrEqual(first.notAfter + 1000);
    expect((await sys.app.inject({ method: 'GET', url: `/media/late-movie/360p_000.ts?pt=${pt}&device=${DEV}` })).statusCode).toBe(200);

    await new Promise((r) => setTimeout(r, first.notAfter - Date.now() + 1100));
    const late = await decide('authorize', SHORT, DEV, ['late-movie']);
    expect(late.json().decisions[0]).toMatchObject({ authorized: false, source: 'temppass', error: { status: 403, code: 'temporary_access_duration_limit_exceeded', action: 'authentication' } });
    expect((await decide('preauthorize', SHORT, DEV, ['news-24'])).json().decisions[0].error.code).toBe('temporary_access_duration_limit_exceeded');
    expect((await profile(SHORT, DEV)).json()).toEqual({ profiles: {} });
    // The unspent media token of the pass is refused (expired with the pass), and so is a segment
    // with the playback token the gatekeeper issued during the pass.
    expectErrorBody(await master(first.token.serializedToken), { status: 403, code: 'media_token_invalid' });
    expectErrorBody(await sys.app.inject({ method: 'GET', url: `/media/late-movie/360p_000.ts?pt=${pt}&device=${DEV}` }), { status: 403, code: 'media_token_invalid' });
  });

  it('reset by device, then for all devices (204); the pass starts afresh; admin-only, 4xx on bad input', async () => {
    const DEV = 'device-tp-short-01';
    const reset = (q: string, headers: Record<string, string> = ADMIN) => sys.app.inject({ method: 'DELETE', url: `/reset-tempass/v3/reset?${q}`, headers });
    expectErrorBody(await reset(`requestor_id=PLAYGATE&mvpd_id=${SHORT}&device_id=${DEV}`, {}), { status: 401, code: 'unauthorized' });
    expectErrorBody(await reset(`mvpd_id=${SHORT}`), { status: 400, code: 'invalid_request' });
    expectErrorBody(await reset(`requestor_id=OTHER&mvpd_id=${SHORT}`), { status: 400, code: 'invalid_parameter_service_provider' });
    expectErrorBody(await reset(`requestor_id=PLAYGATE&mvpd_id=Skyline`), { status: 400, code: 'invalid_parameter_mvpd' });
    const ok = await reset(`requestor_id=PLAYGATE&mvpd_id=${SHORT}&device_id=${DEV}`);
    expect(ok.statusCode).toBe(204);
    expect(ok.body).toBe('');
    expect((await decide('authorize', SHORT, DEV, ['late-movie'])).json().decisions[0].authorized).toBe(true);

    await decide('authorize', BASIC, 'device-tp-basic-02', ['news-24']);
    expect((await reset(`requestor_id=PLAYGATE&mvpd_id=${BASIC}&device_id=all`)).statusCode).toBe(204);
    expect((await profile(BASIC, 'device-tp-basic-01')).json()).toEqual({ profiles: {} });
    expect((await profile(BASIC, 'device-tp-basic-02')).json()).toEqual({ profiles: {} });
  });
});

describe('promotional TempPass', () => {
  it('needs AP-TempPass-Identity (400 invalid_header_identity_for_temporary_access)', async () => {
    expectErrorBody(await decide('authorize', PROMO, 'device-tp-promo-01', ['news-24']), { status: 400, code: 'invalid_header_identity_for_temporary_access' });
    expectErrorBody(await decide('authorize', PROMO, 'device-tp-promo-01', ['news-24'], { 'ap-temppass-identity': '!!not base64' }), { status: 400, code: 'invalid_header_identity_for_temporary_access' });
    expectErrorBody(await profile(PROMO, 'device-tp-promo-01'), { status: 400, code: 'invalid_header_identity_for_temporary_access' });
  });

  it('one pass per identity across devices, at most 2 distinct titles, then temporary_access_resources_limit_exceeded; reset/generic by key', async () => {
    const who = { 'ap-temppass-identity': identity('ivy@example.com') };
    expect((await decide('authorize', PROMO, 'device-tp-promo-01', ['news-24'], who)).json().decisions[0].authorized).toBe(true);
    expect((await decide('authorize', PROMO, 'device-tp-promo-02', ['sports-one'], who)).json().decisions[0].authorized).toBe(true);
    // The same title again is fine; a third is not, on any device.
    expect((await decide('authorize', PROMO, 'device-tp-promo-03', ['news-24'], who)).json().decisions[0].authorized).toBe(true);
    const third = (await decide('authorize', PROMO, 'device-tp-promo-01', ['late-movie'], who)).json().decisions[0];
    expect(third).toMatchObject({ authorized: false, source: 'temppass', error: { status: 403, code: 'temporary_access_resources_limit_exceeded', action: 'authentication' } });
    const pre = (await decide('preauthorize', PROMO, 'device-tp-promo-01', ['news-24', 'late-movie'], who)).json().decisions;
    expect(pre.map((d: { authorized: boolean }) => d.authorized)).toEqual([true, false]);
    // Someone else has a pass of their own.
    expect((await decide('authorize', PROMO, 'device-tp-promo-01', ['late-movie'], { 'ap-temppass-identity': identity('max@example.com') })).json().decisions[0].authorized).toBe(true);

    const generic = (q: string) => sys.app.inject({ method: 'DELETE', url: `/reset-tempass/v3/reset/generic?${q}`, headers: ADMIN });
    expectErrorBody(await generic(`requestor_id=PLAYGATE&mvpd_id=${BASIC}`), { status: 400, code: 'invalid_request' });
    expectErrorBody(await generic(`requestor_id=PLAYGATE&mvpd_id=${PROMO}&key=nothex`), { status: 400, code: 'invalid_request' });
    const key = identityHash(JSON.stringify({ email: 'ivy@example.com' }));
    expect((await generic(`requestor_id=PLAYGATE&mvpd_id=${PROMO}&key=${key}`)).statusCode).toBe(204);
    expect((await decide('authorize', PROMO, 'device-tp-promo-01', ['late-movie'], who)).json().decisions[0].authorized).toBe(true);
    expect((await profile(PROMO, 'device-tp-promo-09', { 'ap-temppass-identity': identity('max@example.com') })).json().profiles[PROMO].type).toBe('temporary');
  });
});

// Last in the file: pruning "in the future" also clears the other tables of this system.
describe('retention of used passes (resetAfterDays)', () => {
  it('a used pass is kept until its reset period has run out after it ended, then pruned, and the device may watch free again', async () => {
    const DEV = 'device-tp-retain-01';
    const first = (await decide('authorize', RETAIN, DEV, ['news-24'])).json().decisions[0];
    expect(first.authorized).toBe(true);
    await new Promise((r) => setTimeout(r, first.notAfter - Date.now() + 50));
    const over = (await decide('authorize', RETAIN, DEV, ['news-24'])).json().decisions[0];
    expect(over.error).toMatchObject({ code: 'temporary_access_duration_limit_exceeded' });

    const prune = (at: number) => pruneExpiredRows(sys.ctx.db, at, sys.config.tempPass ?? []);
    // Waiting less than the reset period does not help.
    expect((await prune(first.notAfter + 2 * DAY - 60_000)).temp_passes).toBe(0);
    expect((await decide('authorize', RETAIN, DEV, ['news-24'])).json().decisions[0].error).toMatchObject({ code: 'temporary_access_duration_limit_exceeded' });
    // Past it, the pass is forgotten: a new one starts at the next authorization.
    expect((await prune(first.notAfter + 2 * DAY + 60_000)).temp_passes).toBeGreaterThanOrEqual(1);
    const again = (await decide('authorize', RETAIN, DEV, ['news-24'])).json().decisions[0];
    expect(again).toMatchObject({ authorized: true, source: 'temppass' });
    expect(again.notBefore).toBeGreaterThan(first.notAfter);
  });

  it('by default a used pass is remembered for 365 days; so is one of a TempPass no longer configured', async () => {
    await decide('authorize', BASIC, 'device-tp-retain-02', ['news-24']);
    const now = Date.now();
    await sys.ctx.db
      .insertInto('temp_passes')
      .values({ requestor: 'PLAYGATE', mvpd: 'TempPass_GONE', pass_key: 'device:x', device_hash: 'x', started_at: now - 1000, expires_at: now, resources: '[]' })
      .execute();
    const rows = () => sys.ctx.db.selectFrom('temp_passes').select(['mvpd', 'pass_key']).where('mvpd', 'in', [BASIC, 'TempPass_GONE']).execute();
    const before = (await rows()).length;
    expect(before).toBeGreaterThanOrEqual(2);
    await pruneExpiredRows(sys.ctx.db, now + 364 * DAY, sys.config.tempPass ?? []);
    expect((await rows()).length).toBe(before);
    await pruneExpiredRows(sys.ctx.db, now + 366 * DAY, sys.config.tempPass ?? []);
    expect(await rows()).toEqual([]);
  });
});
