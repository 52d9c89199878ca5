// The REST v2 rules Adobe publishes for client applications that the conformance check
// watches, each with the threshold it applies and the text a report shows.

export const CONFORMANCE_RULES = {
  profile_poll_too_fast: 'Polled GET profiles/code/{code} faster than every 3 seconds (Adobe: every 3–5 s).',
  configuration_with_profile: 'Fetched GET configuration while the device already had an authenticated profile (only needed to pick an MVPD).',
  client_registered_per_visit: 'Registered a new client again and again from one device (register once per install, keep the credentials).',
  device_id_changed: 'Sent a different AP-Device-Identifier within one authentication session (the same code).',
  preauthorize_before_playback: 'Called preauthorize for a resource just before authorizing it: authorize alone decides playback; preauthorize is for decorating a catalog.',
  too_many_retries: 'Retried a failed call more than 3 times.',
  logout_after_deny: 'Logged out automatically right after a Deny (a Deny is no reason to drop the profile).',
} as const;

export type ConformanceRule = keyof typeof CONFORMANCE_RULES;
export const CONFORMANCE_RULE_NAMES = Object.keys(CONFORMANCE_RULES) as ConformanceRule[];

export const THRESHOLDS = {
  /** A poll sooner than this after the previous one (timers jitter by tens of ms). */
  minPollIntervalMs: 2900,
  /** Distinct client ids seen from one device before it counts as registering per visit. */
  clientsPerDevice: 2,
  /** A preauthorize of the same resource this soon before an authorize. */
  preauthorizeWindowMs: 5000,
  /** Failed calls in a row (the first plus this many retries) before a warning. */
  maxRetries: 3,
  retryWindowMs: 60_000,
  /** A logout this soon after a Deny is automatic, not a viewer's choice. */
  logoutAfterDenyMs: 2000,
  /** The same warning (client, rule, device) is stored at most once per this time; every occurrence is counted. */
  storeEveryMs: 60_000,
} as const;
