// The journey told in plain words for a presenter: each call named after the system it
// mirrors ("Adobe Pass: create an authentication session") with one line on what happens
// and why; consecutive repeats of one step (polls, segments, catalog pre-authorizations)
// grouped, so they can be folded away.
import type { JourneyItem } from './journey-model.ts';

export interface StoryLine {
  /** Stable per kind of step: what groups repeats. */
  key: string;
  system: string;
  line: string;
}

interface Rule {
  test: (item: JourneyItem) => boolean;
  story: StoryLine | ((item: JourneyItem) => StoryLine);
}

const is = (method: string, pattern: RegExp) => (i: JourneyItem) => i.method === method && pattern.test(i.path);

const RULES: Rule[] = [
  // The MVPD popup's legs through Playgate: the viewer's browser navigating, named after what they mirror.
  { test: is('GET', /\/authenticate\/callback$/), story: { key: 'mvpd-login', system: 'TV provider (MVPD)', line: 'the viewer signs in with the TV provider; it sends the browser back to Playgate with a code' } },
  { test: is('GET', /\/authenticate\//), story: { key: 'authenticate', system: 'Adobe Pass', line: 'user-agent authentication: the popup is sent on to the TV provider’s sign-in' } },
  // The viewer at the browser: the providers' own login pages, the popup, the redirects (noted by the app).
  { test: (i) => i.from === 'Viewer' || i.to === 'Viewer', story: (i) => ({ key: `viewer ${i.method} ${i.path}`, system: 'Viewer (browser)', line: i.label ?? `${i.method} ${i.path}` }) },
  { test: is('POST', /^\/o\/client\/register/), story: { key: 'dcr', system: 'Adobe Pass', line: 'register the app (DCR): the software statement buys client credentials' } },
  { test: is('POST', /^\/o\/client\/token/), story: { key: 'client-token', system: 'Adobe Pass', line: 'get a client access token (client_credentials), sent with every API call' } },
  { test: is('GET', /\/configuration$/), story: { key: 'configuration', system: 'Adobe Pass', line: 'read the configuration: the TV providers the picker shows' } },
  { test: is('POST', /\/sessions$/), story: { key: 'session', system: 'Adobe Pass', line: 'create an authentication session: a short code and the URL the popup opens' } },
  { test: (i) => i.to === 'MVPD' && /\/api\/authorize/.test(i.path), story: { key: 'mvpd-authz', system: 'TV provider (MVPD)', line: 'Playgate asks the TV provider, server to server, whether this subscriber may watch' } },
  { test: (i) => i.to === 'MVPD' || i.from === 'MVPD', story: { key: 'mvpd-login', system: 'TV provider (MVPD)', line: 'the viewer signs in with the TV provider; it answers Playgate with a code' } },
  { test: is('GET', /\/profiles\/code\//), story: { key: 'profile-code', system: 'Adobe Pass', line: 'poll for the profile by code until the TV provider sign-in is done' } },
  { test: is('GET', /\/profiles(\/[^/]+)?$/), story: { key: 'profiles', system: 'Adobe Pass', line: 'look up the viewer’s profiles: this device’s, or shared through SSO (AD-Service-Token)' } },
  { test: is('POST', /\/decisions\/preauthorize\//), story: { key: 'preauthorize', system: 'Adobe Pass', line: 'pre-authorize the catalog: the locked / entitled badges (never a token)' } },
  { test: is('POST', /\/decisions\/authorize\//), story: { key: 'authorize', system: 'Adobe Pass', line: 'authorize: the rules decide; a Permit carries a short-lived media token' } },
  { test: is('GET', /\/logout\//), story: { key: 'logout', system: 'Adobe Pass', line: 'log out of the TV provider: the profile (and SSO profiles) are deleted' } },
  { test: (i) => /^\/playback\/v1\/entry\//.test(i.path), story: { key: 'playback', system: 'StreamAMG', line: 'the viewer’s own entitlements decide: claims in the SSO token, else the internal store' } },
  { test: is('POST', /^\/sso\/auths|^\/demo-middleware\//), story: { key: 'publisher-sso', system: 'Cleeng', line: 'the publisher trades its token for a 15-minute viewer JWT and a refresh token' } },
  { test: is('POST', /^\/auths\/refresh_token/), story: { key: 'refresh', system: 'Cleeng', line: 'refresh the viewer JWT: the refresh token works once, a new pair comes back' } },
  { test: (i) => i.to === 'Media' && /master\.m3u8/.test(i.path), story: { key: 'master', system: 'Media gatekeeper', line: 'the master playlist: the media token is checked and spent, playback tokens go into the URLs' } },
  { test: (i) => i.to === 'Media' && /\.m3u8/.test(i.path), story: { key: 'playlist', system: 'Media gatekeeper', line: 'a media playlist, allowed by its playback token' } },
  { test: (i) => i.to === 'Media', story: { key: 'segment', system: 'Media gatekeeper', line: 'video segments, each checked against its playback token' } },
  { test: (i) => i.from === 'IdP' && /callback/.test(i.path), story: { key: 'idp-back', system: 'OpenID Connect', line: 'back from the IdP sign-in with an authorization code' } },
  { test: (i) => i.to === 'IdP' && /token/.test(i.path) && i.method === 'POST', story: { key: 'idp-token', system: 'OpenID Connect', line: 'exchange the code (PKCE) for the viewer’s tokens' } },
  { test: (i) => i.to === 'IdP' && /jwks|certs/.test(i.path), story: { key: 'idp-jwks', system: 'OpenID Connect', line: 'fetch the IdP’s keys: the app verifies the token’s signature with jose' } },
  { test: (i) => i.to === 'IdP' && /well-known/.test(i.path), story: { key: 'idp-discovery', system: 'OpenID Connect', line: 'discover the IdP’s endpoints' } },
  { test: (i) => i.to === 'IdP' || i.from === 'IdP', story: { key: 'idp', system: 'OpenID Connect', line: 'the viewer’s sign-in with the publisher’s identity provider' } },
];

export function storyOf(item: JourneyItem): StoryLine {
  for (const rule of RULES) if (rule.test(item)) return typeof rule.story === 'function' ? rule.story(item) : rule.story;
  return { key: `${item.method} ${item.path}`, system: item.to, line: `${item.method} ${item.path}` };
}

export interface StoryGroup extends StoryLine {
  /** 1-based step number of the group's first item. */
  number: number;
  items: JourneyItem[];
  /** Calls the group stands for (folded repeats included). */
  calls: number;
}

/** Consecutive items telling the same step become one group. */
export function storyGroups(items: readonly JourneyItem[]): StoryGroup[] {
  const groups: StoryGroup[] = [];
  for (const item of items) {
    const story = storyOf(item);
    const last = groups[groups.length - 1];
    if (last && last.key === story.key) {
      last.items.push(item);
      last.calls += item.count;
    } else groups.push({ ...story, number: groups.length + 1, items: [item], calls: item.count });
  }
  return groups;
}
