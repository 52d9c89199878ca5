// The classic journeys of the SPEC, each startable in one click from the journey view:
// what it does, and who to be (viewer, TV provider, subscriber) for it to show its point.
export type PresetAction =
  /** Watch a title in this window (signing in first if needed). */
  | { kind: 'watch'; entryId: string }
  /** Open the app as a new device in a new window, which then watches the title. */
  | { kind: 'second-device'; entryId: string }
  /** MVPD logout for every profile, then SSO sign-out. */
  | { kind: 'logout' };

export interface JourneyPreset {
  id: string;
  title: string;
  action: PresetAction;
  /** What to do and what to look for. */
  guide: string;
}

export const JOURNEY_PRESETS: readonly JourneyPreset[] = [
  {
    id: 'tve-first-login',
    title: 'TV Everywhere, first login',
    action: { kind: 'watch', entryId: 'news-24' },
    guide:
      'News 24 as alice: pick Skyline Cable and sign in as sky-basic in the popup. Look for the session, the authenticate leg, the MVPD login, the profile found by code, the authorize decision (rule mvpd) and the media. Already signed in with a TV provider? Run “Logout” first.',
  },
  {
    id: 'sso-second-device',
    title: 'SSO on a second device',
    action: { kind: 'second-device', entryId: 'news-24' },
    guide:
      'Opens the app in a new window as a new device with the same SSO viewer. After a first login here, it finds the SSO profile (serviceTokenSSO) and plays News 24 with no MVPD login.',
  },
  {
    id: 'deny-package',
    title: 'Deny: not in package',
    action: { kind: 'watch', entryId: 'sports-one' },
    guide: 'Sports One with Skyline Cable as sky-basic: the MVPD refuses it (authorization_denied_by_mvpd); the next step is another provider.',
  },
  {
    id: 'deny-parental',
    title: 'Deny: parental control',
    action: { kind: 'watch', entryId: 'late-movie' },
    guide:
      'Late Movie (TV-MA) with Skyline Cable as sky-kids (limit TV-PG): authorization_denied_by_parental_controls. Signed in with another Skyline subscriber? Run “Logout” first.',
  },
  {
    id: 'deny-down',
    title: 'Deny: provider down',
    action: { kind: 'watch', entryId: 'news-24' },
    guide:
      'An operator first switches Harbor down on the MVPD simulator: PUT /admin/modes/Harbor with {"mode":"down"} and the simulator’s client credentials (see the README). Then News 24 with Harbor Broadband as harbor-basic: the MVPD call fails within its timeout and the Deny says retry.',
  },
  {
    id: 'direct-premium',
    title: 'Direct premium',
    action: { kind: 'watch', entryId: 'premium-doc' },
    guide: 'Premium Doc with no TV provider: alice plays it (rule claims, roles “premium”); bob is refused (NO_ENTITLEMENT).',
  },
  {
    id: 'logout',
    title: 'Logout',
    action: { kind: 'logout' },
    guide: 'Logs out of every TV provider with a profile (with the SSO token, the SSO profiles of the other devices too), then signs out of SSO.',
  },
];

export function presetById(id: string | null): JourneyPreset | undefined {
  return JOURNEY_PRESETS.find((p) => p.id === id);
}
