import { expect, it } from 'vitest';
import { expectedMatrix } from './expected-matrix.ts';

const facts = {
  serviceProvider: 'SP',
  idpIssuer: 'http://idp',
  mvpdIssuer: 'http://mvpd',
  ratings: ['TV-Y', 'TV-PG', 'TV-MA'],
  subscribers: [
    { mvpd: 'M', username: 'basic', packages: ['basic'], maxRating: null },
    { mvpd: 'M', username: 'kid', packages: ['basic', 'movies'], maxRating: 'TV-PG' },
  ],
  resources: [
    { id: 'news', title: 'News', access: 'tve' as const, package: 'basic', rating: 'TV-Y' },
    { id: 'movie', title: 'Movie', access: 'tve' as const, package: 'movies', rating: 'TV-MA' },
    { id: 'doc', title: 'Doc', access: 'direct' as const, package: null, rating: 'TV-Y' },
  ],
};

it('every subscriber × every TV Everywhere title, package before rating', () => {
  const m = expectedMatrix(facts).map((c) => `${c.subscriber}/${c.resource}=${c.expected}${c.code ? `:${c.code}` : ''}`);
  expect(m).toEqual([
    'basic/news=Permit',
    'basic/movie=Deny:authorization_denied_by_mvpd',
    'kid/news=Permit',
    'kid/movie=Deny:authorization_denied_by_parental_controls',
  ]);
});
