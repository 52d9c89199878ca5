// Decisions: preauthorize (up to five resources, never a token), MRSS resources, and the
// decision cache (hit/miss in the trace, kept across an MVPD change of mind, a fresh
// media token for every cached Permit).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { clientToken, expectErrorBody, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
let token: string;
let adminAuth: string;

/** One device per subscriber, each logged in once. */
const DEVICES = {
  'sky-basic': { device: 'device-dec-basic-01', mvpd: 'Skyline' },
  'sky-sports': { device: 'device-dec-sport-01', mvpd: 'Skyline' },
  'sky-kids': { device: 'device-dec-kids-001', mvpd: 'Skyline' },
  'metro-all': { device: 'device-dec-metro-01', mvpd: 'MetroFiber' },
} as const;
type Subscriber = keyof typeof DEVICES;

beforeAll(async () => {
  sys = await startTestSystem();
  token = await clientToken(sys);
  const { clientId, clientSecret } = sys.config.mvpdSimulator;
  adminAuth = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  for (const [subscriber, { device, mvpd }] of Object.entries(DEVICES)) await mvpdLogin(sys, passHeaders(token, device), mvpd, subscriber);
});
afterAll(() => sys.dispose());

const decide = (kind: 'authorize' | 'preauthorize', subscriber: Subscriber, resources: unknown, device: string = DEVICES[subscriber].device) =>
  sys.app.inject({
    method: 'POST',
    url: `/api/v2/PLAYGATE/decisions/${kind}/${DEVICES[subscriber].mvpd}`,
    headers: passHeaders(token, device),
    payload: { resources },
  });

const setMode = (mvpd: string, mode: string) =>
  sys.mvpd!.inject({ method: 'PUT', url: `/admin/modes/${mvpd}`, headers: { authorization: adminAuth }, payload: { mode } });

const mrss = (channel: string) =>
  `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>${channel}</title><item><title>x</title><guid>g1</guid><media:rating scheme="urn:v-chip">tv-g</media:rating></item></channel></rss>`;

describe('preauthorize', () => {
  const FIVE = ['news-24', 'sports-one', 'late-movie', 'premium-doc', 'no-such-title'];
  type Expect = true | string;
  const table: Array<[Subscriber, Expect, Expect, Expect]> = [
    // news-24 (basic, TV-G), sports-one (sports, TV-PG), late-movie (basic, TV-MA)
    ['sky-basic', true, 'authorization_denied_by_mvpd', true],
    ['sky-sports', true, true, true],
    ['sky-kids', true, 'authorization_denied_by_mvpd', 'authorization_denied_by_parental_controls'],
    ['metro-all', true, true, true],
  ];

  it.each(table)('%s: five resources → 200, five decisions in order, no token, Permit/Deny per package and rating', async (subscriber, news, sports, movie) => {
    const res = await decide('preauthorize', subscriber, FIVE);
    expect(res.statusCode).toBe(200);
    const { decisions } = res.json();
    expect(decisions).toHaveLength(5);
    expect(decisions.map((d: { resource: string }) => d.resource)).toEqual(FIVE);
    for (const d of decisions) {
      expect(d.token).toBeUndefined();
      expect(d).toMatchObject({ serviceProvider: 'PLAYGATE', mvpd: DEVICES[subscriber].mvpd });
    }
    for (const [i, want] of [news, sports, movie].entries()) {
      const d = decisions[i];
      if (want === true) {
        expect(d, d.resource).toMatchObject({ authorized: true, source: 'mvpd' });
        expect(d.error).toBeUndefined();
      } else {
        expect(d.authorized, d.resource).toBe(false);
        expect(d.error).toMatchObject({ code: want, status: 403, action: 'none', trace: res.headers['x-trace-id'] });
      }
    }
    // A direct-entitlement title and an unknown one are never granted through the MVPD.
    expect(decisions[3].authorized).toBe(false);
    expect(decisions[3].error.code).toEqual(expect.any(String));
    expect(decisions[4].authorized).toBe(false);
    expect(decisions[4].error.code).toEqual(expect.any(String));
  });

  it('takes exactly five; six → 400 too_many_resources', async () => {
    expectErrorBody(await decide('preauthorize', 'sky-basic', [...FIVE, 'trailer']), { status: 400, code: 'too_many_resources' });
  });

  it('takes one resource too', async () => {
    const res = await decide('preauthorize', 'sky-basic', ['news-24']);
    expect(res.json().decisions).toEqual([expect.objectContaining({ resource: 'news-24', authorized: true })]);
    expect(res.json().decisions[0].token).toBeUndefined();
  });

  it('refuses a device without a profile: 403 authenticated_profile_missing', async () => {
    expectErrorBody(await decide('preauthorize', 'sky-basic', ['news-24'], 'device-dec-nobody-1'), { status: 403, code: 'authenticated_profile_missing', action: 'authentication' });
  });

  it('refuses an unknown MVPD: 400 invalid_integration', async () => {
    const res = await sys.app.inject({
      method: 'POST',
      url: '/api/v2/PLAYGATE/decisions/preauthorize/Nope',
      headers: passHeaders(token, DEVICES['sky-basic'].device),
      payload: { resources: ['news-24'] },
    });
    expectErrorBody(res, { status: 400, code: 'invalid_integration', action: 'configuration' });
  });

  it('accepts MRSS resources among plain ids and echoes each as given', async () => {
    const resources = [mrss('news-24'), 'late-movie', mrss('sports-one')];
    const { decisions } = (await decide('preauthorize', 'sky-basic', resources)).json();
    expect(decisions.map((d: { resource: string }) => d.resource)).toEqual(resources);
    expect(decisions.map((d: { authorized: boolean }) => d.authorized)).toEqual([true, true, false]);
  });
});

describe('authorize with an MRSS resource', () => {
  it('Permits news-24: the decision echoes the MRSS, the media token is for news-24', async () => {
    const resource = mrss('news-24');
    const res = await decide('authorize', 'sky-basic', [resource]);
    expect(res.statusCode).toBe(200);
    const [decision] = res.json().decisions;
    expect(decision).toMatchObject({ authorized: true, resource, mvpd: 'Skyline' });
    const claims = decodeJwt(decision.token.serializedToken);
    expect(claims.resource).toBe('news-24');
    // A real media token (signature, typ, audience), not just a decodable one.
    await expect(sys.ctx.tokens.verify('media', decision.token.serializedToken)).resolves.toMatchObject({ resource: 'news-24' });
  });

  it('decides on the channel title: an MRSS for sports-one is a Deny for sky-basic', async () => {
    const [decision] = (await decide('authorize', 'sky-basic', [mrss('sports-one')])).json().decisions;
    expect(decision.authorized).toBe(false);
    expect(decision.token).toBeUndefined();
    expect(decision.error.code).toBe('authorization_denied_by_mvpd');
  });

  it.each([
    ['unclosed tags', '<rss version="2.0"><channel><title>news-24</title>'],
    ['mismatched tags', '<rss><channel><title>news-24</channel></title></rss>'],
    ['no channel title', '<rss version="2.0"><channel><item><title>x</title></item></channel></rss>'],
  ])('refuses malformed MRSS (%s): 400 invalid_parameter_resources', async (_label, resource) => {
    expectErrorBody(await decide('authorize', 'sky-basic', [resource]), { status: 400, code: 'invalid_parameter_resources' });
  });

  it('refuses malformed MRSS in preauthorize too, whatever the other resources', async () => {
    expectErrorBody(await decide('preauthorize', 'sky-basic', ['news-24', '<rss><channel><title>x</title>']), { status: 400, code: 'invalid_parameter_resources' });
  });
});

describe('decision cache', () => {
  const DEVICE = 'device-dec-cache-01';
  beforeAll(async () => {
    await mvpdLogin(sys, passHeaders(token, DEVICE), 'Skyline', 'sky-basic');
  });

  const authorize = async (resource: string, device = DEVICE) => {
    const res = await decide('authorize', 'sky-basic', [resource], device);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    return { decision: body.decisions[0], trace: body.trace[0] };
  };

  it('the first authorize is a miss (asked the MVPD), the second a hit (did not); each Permit gets its own media token', async () => {
    const first = await authorize('news-24');
    expect(first.decision.authorized).toBe(true);
    expect(first.trace).toMatchObject({ resource: 'news-24', cache: 'miss' });
    expect(first.trace.mvpd).toMatchObject({ answer: 'Permit' });

    const second = await authorize('news-24');
    expect(second.decision.authorized).toBe(true);
    expect(second.trace).toMatchObject({ resource: 'news-24', cache: 'hit' });
    expect(second.trace.mvpd).toBeUndefined();

    const a = decodeJwt(first.decision.token.serializedToken);
    const b = decodeJwt(second.decision.token.serializedToken);
    expect(a.jti).toEqual(expect.any(String));
    expect(b.jti).toEqual(expect.any(String));
    expect(b.jti).not.toBe(a.jti);
    expect(second.decision.token.serializedToken).not.toBe(first.decision.token.serializedToken);
    expect(b.resource).toBe('news-24');
    // The second token is a real media token, too.
    await expect(sys.ctx.tokens.verify('media', second.decision.token.serializedToken)).resolves.toMatchObject({ resource: 'news-24' });
  });

  it('caches a Deny as well', async () => {
    const first = await authorize('sports-one');
    expect(first.trace.cache).toBe('miss');
    const second = await authorize('sports-one');
    expect(second.trace.cache).toBe('hit');
    expect(second.decision.authorized).toBe(false);
    expect(second.decision.error).toMatchObject({ code: 'authorization_denied_by_mvpd', status: 403, action: 'none' });
  });

  it('is per profile: the same subscriber on another device (another profile) starts with a miss', async () => {
    expect((await authorize('news-24')).trace.cache).toBe('hit');
    await mvpdLogin(sys, passHeaders(token, 'device-dec-cache-02'), 'Skyline', 'sky-basic');
    expect((await authorize('news-24', 'device-dec-cache-02')).trace.cache).toBe('miss');
  });

  it('preauthorize fills the cache that authorize reads (and authorize still signs a token)', async () => {
    await mvpdLogin(sys, passHeaders(token, 'device-dec-cache-03'), 'Skyline', 'sky-basic');
    const pre = (await decide('preauthorize', 'sky-basic', ['late-movie'], 'device-dec-cache-03')).json();
    expect(pre.trace[0].cache).toBe('miss');
    const { decision, trace } = await authorize('late-movie', 'device-dec-cache-03');
    expect(trace.cache).toBe('hit');
    expect(decision.token.serializedToken.split('.')).toHaveLength(3);
  });

  it('after the MVPD switches to deny: a cached Permit stays a Permit, a resource not yet cached is denied', async () => {
    // news-24 is cached (Permit) for DEVICE from the first test; late-movie is not.
    const before = await authorize('news-24');
    expect(before.trace.cache).toBe('hit');
    const switched = await setMode('Skyline', 'deny');
    expect(switched.statusCode).toBe(200);
    expect(switched.json()).toMatchObject({ mode: 'deny' });
    try {
      const cached = await authorize('news-24');
      expect(cached.decision.authorized).toBe(true);
      expect(cached.trace.cache).toBe('hit');
      const cachedAgain = await authorize('news-24');
      expect(decodeJwt(cachedAgain.decision.token.serializedToken).jti).not.toBe(decodeJwt(cached.decision.token.serializedToken).jti);

      const fresh = await authorize('late-movie');
      expect(fresh.trace.cache).toBe('miss');
      expect(fresh.decision.authorized).toBe(false);
      expect(fresh.decision.token).toBeUndefined();
      expect(fresh.decision.error).toMatchObject({ code: 'authorization_denied_by_mvpd', status: 403, action: 'none' });
      // And that Deny is what is cached now.
      expect((await authorize('late-movie')).trace.cache).toBe('hit');
    } finally {
      expect((await setMode('Skyline', 'normal')).statusCode).toBe(200);
    }
  });
});
