// The platform a client names in X-Device-Info (base64 JSON, Adobe's primaryHardwareType),
// reduced to a fixed set so it can be a metric label and an ESM dimension value.

const PLATFORMS = new Set(['Desktop', 'MobilePhone', 'Tablet', 'SmartTV', 'SetTopBox', 'GameConsole', 'Camera', 'MediaPlayer', 'Wearable']);
const remembered = new Map<string, string>();
const MAX_REMEMBERED = 256;

/** `desktop`, `mobilephone`, … `other` for a value outside Adobe's list, `unknown` without a readable header. */
export function platformOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return 'unknown';
  if (value.length > 4096) return 'unknown';
  // Clients send the same header on every call: decode it once.
  const known = remembered.get(value);
  if (known) return known;
  let platform = 'unknown';
  try {
    const info = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as { primaryHardwareType?: unknown };
    const hw = info?.primaryHardwareType;
    if (typeof hw === 'string') platform = PLATFORMS.has(hw) ? hw.toLowerCase() : 'other';
  } catch {
    platform = 'unknown';
  }
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(value, platform);
  return platform;
}
