// The stable, non-reversible form of a device id that audit rows and media tokens carry.
import { createHash } from 'node:crypto';

/** Device ids are not secrets, but the audit log and tokens need only a stable hash. */
export function deviceHash(deviceId: string): string {
  return createHash('sha256').update(deviceId).digest('base64url').slice(0, 22);
}
