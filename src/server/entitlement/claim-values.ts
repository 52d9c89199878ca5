// Reads entitlement values out of a claim, whatever its shape: an array of strings, a
// single string, or a space-separated string (OAuth `scope`).
export function claimValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.length > 0);
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return [];
}
