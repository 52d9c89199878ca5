// The profile Adobe answers under an AuthNAll rule when the viewer has none: type
// "degraded", issuer "Adobe" (here: "Playgate"), a userID with Adobe's degradation prefix
// followed by a hash of the device, valid while the rule is.
import { createHash } from 'node:crypto';
import type { Profile } from '../../shared/api/pass.ts';
import type { DegradationRule } from './degradation-store.ts';

/** Adobe: "`95cf93bcd183214a` is a degradation specific prefix". */
export const DEGRADED_USER_PREFIX = '95cf93bcd183214a';
export const DEGRADED_PROFILE_TTL_MS = 24 * 3600 * 1000;

export function degradedUserId(deviceId: string): string {
  return DEGRADED_USER_PREFIX + createHash('sha256').update(`degraded:${deviceId}`).digest('hex').slice(0, 40);
}

export function degradedProfile(rule: DegradationRule, deviceId: string, now = Date.now()): Profile {
  return {
    notBefore: now,
    notAfter: rule.notAfter ?? now + DEGRADED_PROFILE_TTL_MS,
    issuer: 'Playgate',
    type: 'degraded',
    attributes: { userID: { value: degradedUserId(deviceId), state: 'plain' } },
  };
}
