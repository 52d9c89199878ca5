// The one reader of entitlement claims, shared by the API's claims rule, the claim-mapping
// tester and the SPA's header: what the viewer is shown is what the API decides on.
// A claim is found by path (top-level name, dot path or JSON pointer), split by format,
// and optionally mapped from the provider's values to Playgate entitlements.

/** How a claim's value is split into values (default: auto). */
export const CLAIM_FORMATS = ['array', 'space', 'comma', 'auto'] as const;
export type ClaimFormat = (typeof CLAIM_FORMATS)[number];

/**
 * Which token carries the claim (default: access_token). The API only ever receives the
 * access token, so only access-token claims can decide; the others are for display.
 */
export const CLAIM_SOURCES = ['access_token', 'id_token', 'userinfo'] as const;
export type ClaimSource = (typeof CLAIM_SOURCES)[number];

export interface ClaimSpec {
  /**
   * Where the claim is: an exact top-level name (also namespaced ones such as
   * `https://example.com/roles` or `cognito:groups`), a JSON pointer (`/realm_access/roles`),
   * or a dot path (`resource_access.playgate-web.roles`).
   */
  path: string;
  format: ClaimFormat;
  from: ClaimSource;
  /** Provider value → Playgate entitlement(s). Values not listed pass through unless `unmapped: "drop"`. */
  map?: Record<string, string | string[]> | undefined;
  /** What to do with values the map does not list (default: keep). */
  unmapped?: 'keep' | 'drop' | undefined;
}

/** What a config may say: a bare claim name (today's form) or a full spec. */
export type ClaimSetting = string | (Partial<ClaimSpec> & { path: string });

export function normalizeClaim(setting: ClaimSetting): ClaimSpec {
  if (typeof setting === 'string') return { path: setting, format: 'auto', from: 'access_token' };
  return {
    path: setting.path,
    format: setting.format ?? 'auto',
    from: setting.from ?? 'access_token',
    ...(setting.map ? { map: setting.map } : {}),
    ...(setting.unmapped ? { unmapped: setting.unmapped } : {}),
  };
}

const own = (o: unknown, k: string): unknown =>
  typeof o === 'object' && o !== null && !Array.isArray(o) && Object.prototype.hasOwnProperty.call(o, k) ? (o as Record<string, unknown>)[k] : undefined;

/** The raw value at `path`, or undefined. An exact top-level name wins over a dot path. */
export function readClaimPath(claims: Record<string, unknown>, path: string): unknown {
  const exact = own(claims, path);
  if (exact !== undefined) return exact;
  const segments = path.startsWith('/')
    ? path
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    : path.split('.');
  let at: unknown = claims;
  for (const segment of segments) {
    if (Array.isArray(at) && /^(0|[1-9]\d*)$/.test(segment)) at = at[Number(segment)];
    else at = own(at, segment);
    if (at === undefined) return undefined;
  }
  return at;
}

const splitters: Record<Exclude<ClaimFormat, 'array'>, RegExp> = { space: /\s+/, comma: /\s*,\s*/, auto: /[\s,]+/ };

/** Splits one raw claim value into its non-empty string values, by format. */
export function splitClaimValue(value: unknown, format: ClaimFormat = 'auto'): string[] {
  const clean = (xs: unknown[]) => [...new Set(xs.filter((v): v is string | number => (typeof v === 'string' && v.trim().length > 0) || typeof v === 'number').map((v) => String(v).trim()))];
  if (Array.isArray(value)) return clean(value);
  if (typeof value === 'number') return [String(value)];
  if (typeof value !== 'string') return [];
  // `array` expects a JSON array; a provider that sends one value as a plain string still means that value.
  if (format === 'array') return clean([value]);
  return clean(value.split(splitters[format]));
}

/** The Playgate entitlements one claim grants: read, split, mapped. */
export function entitlementValues(spec: ClaimSpec, claims: Record<string, unknown>): string[] {
  const raw = splitClaimValue(readClaimPath(claims, spec.path), spec.format);
  if (!spec.map) return raw;
  const out = raw.flatMap((v) => {
    const mapped = own(spec.map, v);
    if (typeof mapped === 'string') return [mapped];
    if (Array.isArray(mapped)) return mapped.filter((m): m is string => typeof m === 'string');
    return spec.unmapped === 'drop' ? [] : [v];
  });
  return [...new Set(out)];
}

export interface ClaimReading {
  path: string;
  from: ClaimSource;
  values: string[];
}

/** Reads every spec from the token it names; a token not at hand yields no values. */
export function readEntitlements(specs: ClaimSpec[], tokens: Partial<Record<ClaimSource, Record<string, unknown>>>): ClaimReading[] {
  return specs.map((spec) => ({ path: spec.path, from: spec.from, values: tokens[spec.from] ? entitlementValues(spec, tokens[spec.from]!) : [] }));
}
