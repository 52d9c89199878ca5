// The AP-Device-Identifier header: `fingerprint <base64 of a stable device id>`.
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

export function formatDeviceIdentifier(deviceId: string): string {
  return `fingerprint ${btoa(deviceId)}`;
}

/** Returns the device id, or null when the header is missing or malformed. */
export function parseDeviceIdentifier(header: string | undefined): string | null {
  if (!header || header.length > 512) return null;
  const match = /^fingerprint ([A-Za-z0-9+/=]+)$/.exec(header.trim());
  if (!match) return null;
  let decoded: string;
  try {
    decoded = atob(match[1]!);
  } catch {
    return null;
  }
  return DEVICE_ID_PATTERN.test(decoded) ? decoded : null;
}
