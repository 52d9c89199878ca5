// The MVPD simulator's server-to-server authorization endpoint: only Playgate (its
// confidential client) may ask, and the answer follows packages and parental ratings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { MVPD_AUTHORIZE_PATH } from './mvpd-app.ts';

let sys: TestSystem;
let basic: string;
beforeAll(async () => {
  sys = await startTestSystem();
  const { clientId, clientSecret } = sys.config.mvpdSimulator;
  basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
});
afterAll(() => sys.dispose());

const ask = (authorization: string | undefined, body: object) =>
  sys.mvpd!.inject({ method: 'POST', url: MVPD_AUTHORIZE_PATH, headers: authorization ? { authorization } : {}, payload: body });

describe('MVPD authorization endpoint', () => {
  it.each([
    ['no credentials', undefined],
    ['a wrong secret', `Basic ${Buffer.from('playgate-pass:wrong-secret-wrong-secret').toString('base64')}`],
    ['a bearer token', 'Bearer abc.def.ghi'],
  ])('refuses %s with 401', async (_label, authorization) => {
    const res = await ask(authorization, { mvpd: 'Skyline', subscriber: 'sky-basic', resource: 'news-24' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'invalid_client' });
  });

  it.each([
    ['Skyline', 'sky-basic', 'news-24', { decision: 'Permit' }],
    ['Skyline', 'sky-basic', 'sports-one', { decision: 'Deny', reason: 'not_in_package' }],
    // A parental Deny carries the XACML restrict-pc obligation.
    ['Skyline', 'sky-kids', 'late-movie', { decision: 'Deny', reason: 'parental_control', obligations: [{ id: 'urn:tve:xacml:2.0:obligations:restrict-pc', attributes: { maxRating: 'TV-PG' } }] }],
    // An offered package: the upgrade obligation names it.
    ['Skyline', 'sky-home', 'sports-one', { decision: 'Deny', reason: 'not_in_package', obligations: [{ id: 'urn:tve:xacml:2.0:obligations:upgrade', attributes: { package: 'sports', packageName: 'Skyline Sports Pack' } }] }],
    ['MetroFiber', 'metro-all', 'late-movie', { decision: 'Permit' }],
    // A subscriber only counts at their own provider.
    ['Harbor', 'sky-sports', 'news-24', { decision: 'Deny', reason: 'unknown_subscriber' }],
  ])('%s / %s / %s', async (mvpd, subscriber, resource, verdict) => {
    const res = await ask(basic, { mvpd, subscriber, resource });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(verdict);
  });
});
