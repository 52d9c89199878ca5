// GET /playback/v1/entry/{entryId} with the viewer's SSO token: a direct title's
// tokenised stream, decided by the viewer's own entitlements (no TV provider).
import type { PlaybackEntry } from '../../../shared/api/playback.ts';
import { formatDeviceIdentifier } from '../../../shared/device-identifier.ts';
import { ApiError, isErrorBody } from '../../lib/api-error.ts';
import { recordCall } from '../../lib/call-log.ts';

export async function playEntry(entryId: string, ssoToken: string, deviceId: string): Promise<PlaybackEntry> {
  const path = `/playback/v1/entry/${encodeURIComponent(entryId)}`;
  const res = await recordCall('Playgate', 'GET', path, () =>
    fetch(path, { headers: { authorization: `Bearer ${ssoToken}`, 'ap-device-identifier': formatDeviceIdentifier(deviceId), accept: 'application/json' } }),
  );
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) return body as PlaybackEntry;
  if (isErrorBody(body)) throw new ApiError(body);
  throw new Error(`playback: HTTP ${res.status}`);
}
