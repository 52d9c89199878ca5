// The classic journeys of the SPEC, each startable in one click from the journey view:
// what it does, who to be (viewer, TV provider, subscriber) for it to show its point, and
// the state it sets up first through the QA admin API (scenario-setup.ts).
import type { SetMvpdModeBody } from '../../../shared/api/qa.ts';

/** What a scenario puts in place before it runs (with the admin token; without one it runs as things are). */
export interface ScenarioSetup {
  /** Forget the viewer's and this device's profiles, cached decisions and sessions; grants back to the demo ones. */
  resetViewer?: boolean;
  /** These MVPDs' simulator modes (only these: others may be in use by someone else). */
  mvpdModes?: Record<string, SetMvpdModeBody>;
  /** The profile lifetime of this device's next TV provider sign-in. */
  profileSeconds?: number;
  /** A fresh device: this device's own profiles, sessions and overrides go; the viewer's SSO profiles stay. */
  freshDevice?: boolean;
  /** The viewer's and this device's cached decisions go, so the next authorize asks the MVPD (and the diagram shows it). */
  expireDecisions?: boolean;
  /**
   * The scenario is about a live TV provider profile: with none, it first watches this title
   * (a TV provider sign-in in the popup) and carries on once the profile is there.
   */
  needsProfile?: string;
}

export type PresetAction =
  /** Watch a title in this window (signing in first if needed). */
  | { kind: 'watch'; entryId: string }
  /** Open the app as a new device in a new window, which then watches the title. */
  | { kind: 'second-device'; entryId: string }
  /** MVPD logout for every profile, then SSO sign-out. */
  | { kind: 'logout' }
  /** Sign in through the publisher (Cleeng-style SSO) if not already, then watch. */
  | { kind: 'publisher'; entryId: string };

export interface JourneyPreset {
  id: string;
  title: string;
  action: PresetAction;
  /** What to do and what to look for. */
  guide: string;
  /** The viewer the scenario is about (any viewer when absent). */
  viewer?: string;
  setup?: ScenarioSetup;
}

export const JOURNEY_PRESETS: readonly JourneyPreset[] = [
  {
    id: 'tve-first-login',
    title: 'TV Everywhere, first login',
    action: { kind: 'watch', entryId: 'news-24' },
    setup: { resetViewer: true, mvpdModes: { Skyline: { mode: 'normal' } } },
    guide:
      'News 24: pick Skyline Cable and sign in as sky-basic in the popup. Look for the session, the authenticate leg, the MVPD login, the profile found by code, the authorize decision (rule mvpd) and the media.',
  },
  {
    id: 'sso-second-device',
    title: 'SSO on a second device',
    action: { kind: 'second-device', entryId: 'news-24' },
    setup: { freshDevice: true, expireDecisions: true, mvpdModes: { Skyline: { mode: 'normal' } }, needsProfile: 'news-24' },
    guide:
      'Opens the app in a new window as a new device with the same SSO viewer. After a first login here, it finds the SSO profile (serviceTokenSSO) and plays News 24 with no MVPD login; the cached decisions were dropped, so Playgate asks the MVPD again.',
  },
  {
    id: 'deny-package',
    title: 'Deny: not in package',
    action: { kind: 'watch', entryId: 'sports-one' },
    setup: { resetViewer: true, mvpdModes: { Skyline: { mode: 'normal' } } },
    guide: 'Sports One with Skyline Cable as sky-basic: the MVPD refuses it (authorization_denied_by_mvpd); the next step is another provider.',
  },
  {
    id: 'deny-parental',
    title: 'Deny: parental control',
    action: { kind: 'watch', entryId: 'late-movie' },
    setup: { resetViewer: true, mvpdModes: { Skyline: { mode: 'normal' } } },
    guide: 'Late Movie (TV-MA) with Skyline Cable as sky-kids (limit TV-PG): authorization_denied_by_parental_controls.',
  },
  {
    id: 'deny-down',
    title: 'Deny: provider down',
    action: { kind: 'watch', entryId: 'news-24' },
    setup: { resetViewer: true, mvpdModes: { Harbor: { mode: 'down' } } },
    guide:
      'Harbor is switched down (admin API). News 24 with Harbor Broadband as harbor-basic: the MVPD answers 503 and the Deny says retry. Switch Harbor back in the Test console, then “Try again”.',
  },
  {
    id: 'deny-slow',
    title: 'Deny: provider slow',
    action: { kind: 'watch', entryId: 'news-24' },
    setup: { resetViewer: true, mvpdModes: { Harbor: { mode: 'slow', slowMs: 3000 } } },
    guide:
      'Harbor answers after 3 s, past its 2 s timeout. News 24 with Harbor Broadband as harbor-basic: Playgate stops waiting at the timeout (bounded time) and the Deny says retry (network_connection_timeout).',
  },
  {
    id: 'profile-expired',
    title: 'Profile expired',
    action: { kind: 'watch', entryId: 'news-24' },
    setup: { resetViewer: true, mvpdModes: { Skyline: { mode: 'normal' } }, profileSeconds: 20 },
    guide:
      'The next TV provider sign-in of this device lasts 20 s (admin API). News 24 with Skyline Cable as sky-basic plays; close it, wait 20 s and Watch again: the profile has expired and the app asks for the TV provider again.',
  },
  {
    id: 'direct-premium',
    title: 'Direct premium',
    action: { kind: 'watch', entryId: 'premium-doc' },
    guide: 'Premium Doc with no TV provider: alice plays it (rule claims, roles “premium”); bob is refused (NO_ENTITLEMENT).',
  },
  {
    id: 'internal-purchase',
    title: 'Internal purchase',
    viewer: 'carol',
    action: { kind: 'watch', entryId: 'fight-night' },
    setup: { resetViewer: true },
    guide: 'Fight Night as carol: no claim matches, her purchase in the internal store decides (rule internal-store, ppv-fight-night). The reset put the demo purchase back.',
  },
  {
    id: 'publisher-sso',
    title: 'Publisher SSO',
    action: { kind: 'publisher', entryId: 'trailer' },
    guide:
      'Signs in through the publisher (Cleeng-style): the demo middleware trades the IdP sign-in for a 15-minute Playgate customer JWT and a single-use refresh token (POST /sso/auths). The Trailer plays with that JWT as the SSO token; when it expires the app refreshes it (POST /auths/refresh_token), one tab at a time.',
  },
  {
    id: 'logout',
    title: 'Logout',
    action: { kind: 'logout' },
    setup: { mvpdModes: { Skyline: { mode: 'normal' } }, needsProfile: 'news-24' },
    guide:
      'Logs out of every TV provider with a profile (with the SSO token, the SSO profiles of the other devices too), then signs out of SSO. With no TV provider profile yet, News 24 comes first: pick Skyline Cable and sign in as sky-basic, and the logout follows.',
  },
];

export function presetById(id: string | null): JourneyPreset | undefined {
  return JOURNEY_PRESETS.find((p) => p.id === id);
}
