// The stable, non-reversible form of a device id that audit rows and media tokens carry.
import { hash } from 'node:crypto';

/** Remembered per device id: a device asks again and again (each decision, each segment it plays). */
const remembered = new Map<string, string>();
const MAX_REMEMBERED = 10_000;

/** Device ids are not secrets, but the audit log and tokens need only a stable hash. */
export function deviceHash(deviceId: string): string {
  let h = remembered.get(deviceId);
  if (h === undefined) {
    h = hash('sha256', deviceId, 'base64url').slice(0, 22);
    // Cleared when full rather than kept in order: a miss costs only one hash.
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(deviceId, h);
  }
  return h;
}
