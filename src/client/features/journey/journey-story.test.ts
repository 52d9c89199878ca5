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

it('tells the MVPD popup’s legs, on the Viewer lane, after what they mirror', () => {
  expect(storyOf(item('Viewer', 'Playgate', 'GET', '/api/v2/authenticate/PLAYGATE/ABCDEFG'))).toMatchObject({ key: 'authenticate', system: 'Adobe Pass' });
  // The browser sent back by the MVPD groups with the code exchange it causes.
  expect(storyOf(item('Viewer', 'Playgate', 'GET', '/api/v2/authenticate/callback'))).toMatchObject({ key: 'mvpd-login', system: 'TV provider (MVPD)' });
  expect(storyOf(item('Playgate', 'MVPD', 'POST', '/token')).key).toBe('mvpd-login');
  // What the app notes of the viewer (the popup, a login page) stays the viewer's own story.
  expect(storyOf(item('Viewer', 'MVPD', 'SIGN-IN', 'Skyline login page')).system).toBe('Viewer (browser)');
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
