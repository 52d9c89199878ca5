// decideForSubscriber, table-driven: the package rule, the parental rating order
// (TV-Y < TV-Y7 < TV-G < TV-PG < TV-14 < TV-MA), and unknown subscribers or resources.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.ts';
import { RATINGS, type Rating, type ResourceConfig, type SubscriberConfig } from '../config/schema.ts';
import { decideForSubscriber, type MvpdVerdict } from './subscriber-decision.ts';
import { OBLIGATIONS } from '../../shared/obligations.ts';

const subscriber = (packages: string[], maxRating?: Rating): SubscriberConfig => ({
  username: 'sub',
  householdID: 'hh-1',
  zip: '10001',
  packages,
  ...(maxRating ? { maxRating } : {}),
});
const tve = (pkg: string, rating: Rating = 'TV-G'): ResourceConfig => ({
  id: 'res',
  title: 'Res',
  description: '',
  kind: 'vod',
  rating,
  access: { type: 'tve', package: pkg },
});
const direct = (rating: Rating = 'TV-G'): ResourceConfig => ({ id: 'res', title: 'Res', description: '', kind: 'vod', rating, access: { type: 'direct', entitlements: ['premium'] } });

const PERMIT: MvpdVerdict = { decision: 'Permit' };
const deny = (reason: Extract<MvpdVerdict, { decision: 'Deny' }>['reason']): MvpdVerdict => ({ decision: 'Deny', reason });
/** A parental Deny always carries `restrict-pc`, naming the subscriber's limit. */
const pcDeny = (maxRating: Rating): MvpdVerdict => ({ decision: 'Deny', reason: 'parental_control', obligations: [{ id: OBLIGATIONS.restrictPc, attributes: { maxRating } }] });

describe('package', () => {
  it.each<[string, SubscriberConfig, ResourceConfig, MvpdVerdict]>([
    ['basic subscriber, basic channel', subscriber(['basic']), tve('basic'), PERMIT],
    ['basic subscriber, sports channel', subscriber(['basic']), tve('sports'), deny('not_in_package')],
    ['basic + sports subscriber, sports channel', subscriber(['basic', 'sports']), tve('sports'), PERMIT],
    ['every package, movies channel', subscriber(['basic', 'sports', 'movies']), tve('movies'), PERMIT],
    ['no packages at all', subscriber([]), tve('basic'), deny('not_in_package')],
    ['package names are case-sensitive', subscriber(['Basic']), tve('basic'), deny('not_in_package')],
    ['no prefix matching', subscriber(['basic-plus']), tve('basic'), deny('not_in_package')],
  ])('%s', (_label, sub, resource, expected) => {
    expect(decideForSubscriber(sub, resource)).toEqual(expected);
  });
});

describe('parental rating', () => {
  // Every (limit, rating) pair: Permit exactly when the rating is not above the limit.
  const pairs = RATINGS.flatMap((limit, li) => RATINGS.map((rating, ri) => [limit, rating, ri <= li] as const));
  it.each(pairs)('limit %s, content %s → permitted: %s', (limit, rating, permitted) => {
    expect(decideForSubscriber(subscriber(['basic'], limit), tve('basic', rating))).toEqual(permitted ? PERMIT : pcDeny(limit));
  });

  it.each(RATINGS)('no limit permits %s', (rating) => {
    expect(decideForSubscriber(subscriber(['basic']), tve('basic', rating))).toEqual(PERMIT);
  });

  it('orders the ratings from least to most restrictive content', () => {
    expect(RATINGS).toEqual(['TV-Y', 'TV-Y7', 'TV-G', 'TV-PG', 'TV-14', 'TV-MA']);
  });

  it.each<[string, SubscriberConfig, ResourceConfig, MvpdVerdict]>([
    ['sky-kids (TV-PG) and late-movie (TV-MA)', subscriber(['basic'], 'TV-PG'), tve('basic', 'TV-MA'), pcDeny('TV-PG')],
    ['sky-kids (TV-PG) and sports-one (TV-PG, not in package): the package decides first', subscriber(['basic'], 'TV-PG'), tve('sports', 'TV-PG'), deny('not_in_package')],
    ['sky-kids (TV-PG) and news-24 (TV-G)', subscriber(['basic'], 'TV-PG'), tve('basic', 'TV-G'), PERMIT],
    ['TV-MA content out of package and over the limit: not_in_package', subscriber(['basic'], 'TV-Y'), tve('movies', 'TV-MA'), deny('not_in_package')],
  ])('%s', (_label, sub, resource, expected) => {
    expect(decideForSubscriber(sub, resource)).toEqual(expected);
  });
});

describe('unknown subscriber or resource', () => {
  it.each<[string, SubscriberConfig | undefined, ResourceConfig | undefined, MvpdVerdict]>([
    ['unknown subscriber', undefined, tve('basic'), deny('unknown_subscriber')],
    ['unknown subscriber and unknown resource: the subscriber is checked first', undefined, undefined, deny('unknown_subscriber')],
    ['unknown resource', subscriber(['basic']), undefined, deny('unknown_resource')],
    ['a direct (non-TVE) resource is not the MVPD’s to grant', subscriber(['basic', 'sports', 'movies']), direct(), deny('unknown_resource')],
    ['a direct resource for a subscriber with a parental limit', subscriber(['basic'], 'TV-MA'), direct('TV-Y'), deny('unknown_resource')],
  ])('%s', (_label, sub, resource, expected) => {
    expect(decideForSubscriber(sub, resource)).toEqual(expected);
  });
});

describe('the demo data (playgate.config.json)', () => {
  const config = parseConfig(JSON.parse(readFileSync('playgate.config.json', 'utf8')), 'test');
  const sub = (name: string) => config.mvpds.flatMap((m) => m.subscribers).find((s) => s.username === name);
  const res = (id: string) => config.resources.find((r) => r.id === id);

  it.each<[string, string, MvpdVerdict['decision'], string?]>([
    ['sky-basic', 'news-24', 'Permit'],
    ['sky-basic', 'sports-one', 'Deny', 'not_in_package'],
    ['sky-basic', 'late-movie', 'Permit'],
    ['sky-sports', 'sports-one', 'Permit'],
    ['sky-kids', 'news-24', 'Permit'],
    ['sky-kids', 'late-movie', 'Deny', 'parental_control'],
    ['metro-all', 'sports-one', 'Permit'],
    ['metro-all', 'late-movie', 'Permit'],
    ['harbor-basic', 'sports-one', 'Deny', 'not_in_package'],
    ['metro-all', 'premium-doc', 'Deny', 'unknown_resource'],
    ['nobody', 'news-24', 'Deny', 'unknown_subscriber'],
  ])('%s watching %s → %s %s', (who, what, decision, reason) => {
    expect(decideForSubscriber(sub(who), res(what))).toMatchObject(reason ? { decision, reason } : { decision });
  });

  it('sky-home is offered the Skyline Sports Pack: its Deny for sports-one carries the upgrade obligation', () => {
    expect(decideForSubscriber(sub('sky-home'), res('sports-one'))).toEqual({
      decision: 'Deny',
      reason: 'not_in_package',
      obligations: [{ id: OBLIGATIONS.upgrade, attributes: { package: 'sports', packageName: 'Skyline Sports Pack' } }],
    });
  });
});

describe('obligations', () => {
  const offered = { ...subscriber(['basic']), upgradeOffers: [{ package: 'sports', name: 'Sports Pack' }] };
  it.each<[string, SubscriberConfig, ResourceConfig, MvpdVerdict]>([
    ['an offered package: upgrade names it', offered, tve('sports'), { decision: 'Deny', reason: 'not_in_package', obligations: [{ id: OBLIGATIONS.upgrade, attributes: { package: 'sports', packageName: 'Sports Pack' } }] }],
    ['a package not offered: a plain Deny', offered, tve('movies'), deny('not_in_package')],
    ['an offer does not grant the package', { ...offered, packages: [] }, tve('basic'), deny('not_in_package')],
    ['re-authz on a Permit, in seconds', { ...subscriber(['basic']), reAuthzSeconds: 30 }, tve('basic'), { decision: 'Permit', obligations: [{ id: OBLIGATIONS.reAuthz, attributes: { seconds: '30' } }] }],
    ['no re-authz on a Deny', { ...subscriber(['basic']), reAuthzSeconds: 30 }, tve('sports'), deny('not_in_package')],
    ['restrict-pc wins over re-authz', { ...subscriber(['basic'], 'TV-Y'), reAuthzSeconds: 30 }, tve('basic', 'TV-MA'), pcDeny('TV-Y')],
  ])('%s', (_label, sub, resource, expected) => {
    expect(decideForSubscriber(sub, resource)).toEqual(expected);
  });
});
