import { expect, it } from 'vitest';
import type { JourneyItem } from './journey-model.ts';
import { storyGroups, storyOf } from './journey-story.ts';

let n = 0;
const item = (from: JourneyItem['from'], to: JourneyItem['to'], method: string, path: string, count = 1): JourneyItem => ({
  key: String(++n), start: n, end: n, from, to, replyTo: from, method, path, status: 200, ms: 1, source: 'app', count,
});

it('names each step after the system it mirrors', () => {
  expect(storyOf(item('App', 'Playgate', 'POST', '/api/v2/PLAYGATE/sessions'))).toMatchObject({ system: 'Adobe Pass', line: expect.stringMatching(/^create an authentication session/) });
  expect(storyOf(item('App', 'Playgate', 'GET', '/playback/v1/entry/premium-doc')).system).toBe('StreamAMG');
  expect(storyOf(item('App', 'Playgate', 'POST', '/auths/refresh_token')).system).toBe('Cleeng');
  expect(storyOf(item('Playgate', 'MVPD', 'POST', '/api/authorize')).key).toBe('mvpd-authz');
  expect(storyOf(item('App', 'Media', 'GET', '/media/news-24/master.m3u8')).key).toBe('master');
});

it('groups consecutive repeats (catalog pre-authorizations, segments) and numbers the groups', () => {
  const groups = storyGroups([
    item('App', 'Playgate', 'POST', '/api/v2/PLAYGATE/decisions/preauthorize/Skyline'),
    item('App', 'Playgate', 'POST', '/api/v2/PLAYGATE/decisions/preauthorize/Skyline'),
    item('App', 'Playgate', 'POST', '/api/v2/PLAYGATE/decisions/authorize/Skyline'),
    item('App', 'Media', 'GET', '/media/news-24/seg-1.ts', 3),
    item('App', 'Media', 'GET', '/media/news-24/seg-2.ts'),
  ]);
  expect(groups.map((g) => [g.number, g.key, g.calls])).toEqual([
    [1, 'preauthorize', 2],
    [2, 'authorize', 1],
    [3, 'segment', 4],
  ]);
});
