// Reads an ESM v3 request (Adobe's Entitlement Service Monitoring): the dimension path,
// start/end (ISO 8601 prefixes or epoch ms), metrics, limit, format, and the filters
// `dim=v`, `dim=v1&dim=v2` (IN), `dim!=v` (NOT IN), `dim` alone (add it to the projection).
import { PassError } from '../../http/pass-error.ts';

export const TIME_DIMENSIONS = ['year', 'month', 'day', 'hour', 'minute'] as const;
export type TimeDimension = (typeof TIME_DIMENSIONS)[number];
/** ESM dimension name → roll-up column. */
export const DIMENSION_COLUMNS = { mvpd: 'mvpd', 'requestor-id': 'requestor', 'resource-id': 'resource', platform: 'platform', reason: 'reason', event: 'event' } as const;
export type Dimension = keyof typeof DIMENSION_COLUMNS;
export const METRICS = [
  'authn-attempts',
  'authn-successful',
  'authn-failed',
  'authz-attempts',
  'authz-successful',
  'authz-failed',
  'authz-rejected',
  'authz-latency',
  'media-tokens',
  'unique-accounts',
  // Playgate's own, beside Adobe's: preauthorizations and MVPD latency quantiles (ms).
  'preauthz-attempts',
  'authz-latency-avg',
  'authz-latency-p50',
  'authz-latency-p95',
] as const;
export type Metric = (typeof METRICS)[number];
export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;
const RESERVED = new Set(['start', 'end', 'metrics', 'limit', 'format', 'access_token']);

export interface EsmRequest {
  /** The path's dimensions, in order (time ones included). */
  path: string[];
  /** The finest time dimension in the projection, if any. */
  granularity: TimeDimension | null;
  /** Non-time dimensions in the projection (path + bare query names), in order. */
  dimensions: Dimension[];
  filters: Array<{ dimension: Dimension; op: 'in' | 'not in'; values: string[] }>;
  start: number;
  end: number;
  metrics: Metric[];
  explicitMetrics: boolean;
  limit: number;
  format: 'json' | 'csv';
}

type Query = Record<string, string | string[] | undefined>;

export function parseEsmRequest(rawPath: string, query: Query, accept: string | undefined, now = Date.now()): EsmRequest {
  let path = rawPath.split('/').filter(Boolean);
  let format: 'json' | 'csv' | undefined;
  const last = path[path.length - 1];
  const ext = last ? /^(.*)\.(json|csv|xml|html)$/.exec(last) : null;
  if (ext) {
    if (ext[2] !== 'json' && ext[2] !== 'csv') throw new PassError('not_acceptable', `format ${ext[2]} is not served: json or csv`);
    format = ext[2];
    path = [...path.slice(0, -1), ...(ext[1] ? [ext[1]] : [])];
  }
  const seen = new Set<string>();
  for (const seg of path) {
    if (!isTime(seg) && !isDimension(seg)) throw new PassError('not_found', `no dimension "${seg.slice(0, 40)}" in ESM v3`);
    if (seen.has(seg)) throw new PassError('not_found', `dimension ${seg} twice in the path`);
    seen.add(seg);
  }
  const times = path.filter(isTime);
  // Time dimensions nest: /year/month/day …, never /day alone or /month/year.
  times.forEach((t, i) => {
    if (t !== TIME_DIMENSIONS[i]) throw new PassError('not_found', `time dimensions nest from year down: ${TIME_DIMENSIONS.slice(0, i + 1).join('/')}`);
  });
  const granularity = (times[times.length - 1] as TimeDimension | undefined) ?? null;

  const dimensions: Dimension[] = path.filter(isDimension);
  const filters: EsmRequest['filters'] = [];
  for (const [rawKey, rawValue] of Object.entries(query)) {
    if (rawValue === undefined || RESERVED.has(rawKey)) continue;
    const negated = rawKey.endsWith('!');
    const key = negated ? rawKey.slice(0, -1) : rawKey;
    if (isTime(key)) throw new PassError('invalid_request', `time dimensions are filtered with start and end, not ${key}`);
    if (!isDimension(key)) throw new PassError('invalid_request', `no dimension "${key.slice(0, 40)}" to filter on`);
    const values = (Array.isArray(rawValue) ? rawValue : [rawValue]).filter((v) => v !== '');
    // A bare name (`?mvpd`) puts the dimension in the projection.
    if (values.length === 0 && !negated) {
      if (!dimensions.includes(key)) dimensions.push(key);
      continue;
    }
    if (values.length === 0) throw new PassError('invalid_request', `${key}!= needs a value`);
    filters.push({ dimension: key, op: negated ? 'not in' : 'in', values });
  }

  const end = query.end !== undefined ? parseTime(one(query.end, 'end'), 'end', false) : now;
  const start = query.start !== undefined ? parseTime(one(query.start, 'start'), 'start', false) : end - defaultSpan(granularity);
  if (!(start < end)) throw new PassError('invalid_request', 'start must be before end');
  // Like ESM, refuse what would aggregate too much on the fly.
  if (granularity === 'minute' && end - start > 7 * 86400_000) throw new PassError('invalid_request', 'minute reports cover at most 7 days');

  let metrics: Metric[] = [...METRICS];
  const explicitMetrics = query.metrics !== undefined;
  if (explicitMetrics) {
    const names = one(query.metrics!, 'metrics').split(',').map((m) => m.trim()).filter(Boolean);
    for (const m of names) if (!(METRICS as readonly string[]).includes(m)) throw new PassError('invalid_request', `no metric "${m.slice(0, 40)}"; known: ${METRICS.join(', ')}`);
    if (names.length === 0) throw new PassError('invalid_request', 'metrics names none');
    metrics = names as Metric[];
  }
  const limitText = query.limit !== undefined ? one(query.limit, 'limit') : undefined;
  const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new PassError('invalid_request', `limit is a whole number from 1 to ${MAX_LIMIT}`);

  if (!format && query.format !== undefined) {
    const f = one(query.format, 'format');
    if (f !== 'json' && f !== 'csv') throw new PassError(f === 'xml' || f === 'html' ? 'not_acceptable' : 'invalid_request', `format ${f.slice(0, 10)} is not served: json or csv`);
    format = f;
  }
  if (!format && accept) {
    if (/text\/csv/.test(accept)) format = 'csv';
    else if (/application\/(hal\+)?json|\*\/\*|application\/\*/.test(accept) || accept === '') format = 'json';
    else if (/application\/xml|text\/html/.test(accept)) throw new PassError('not_acceptable', 'json or csv only');
  }
  return { path, granularity, dimensions, filters, start, end, metrics, explicitMetrics, limit, format: format ?? 'json' };
}

function isTime(s: string): s is TimeDimension {
  return (TIME_DIMENSIONS as readonly string[]).includes(s);
}
function isDimension(s: string): s is Dimension {
  return Object.hasOwn(DIMENSION_COLUMNS, s);
}

function one(v: string | string[], name: string): string {
  if (Array.isArray(v)) throw new PassError('invalid_request', `${name} given more than once`);
  return v;
}

function defaultSpan(g: TimeDimension | null): number {
  const day = 86400_000;
  return g === 'minute' ? 3600_000 : g === 'hour' ? day : g === 'day' ? 30 * day : 365 * day;
}

const ISO_PREFIX = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2}))?)?)?)?)?(Z)?$/;

/** Epoch ms (13 digits) or an ISO 8601 prefix in UTC; `end` rounds a prefix up to the end of what it names. */
export function parseTime(text: string, name: string, roundUp: boolean): number {
  if (/^\d{12,14}$/.test(text)) return Number(text);
  const m = ISO_PREFIX.exec(text);
  if (!m) throw new PassError('invalid_request', `${name} is not a date (YYYY[-MM[-DD[Thh[:mm[:ss]]]]], UTC) or epoch milliseconds`);
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => (x === undefined ? undefined : Number(x)));
  const t = Date.UTC(y!, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
  const check = new Date(t);
  if (check.getUTCFullYear() !== y || (mo !== undefined && check.getUTCMonth() !== mo - 1) || (d !== undefined && check.getUTCDate() !== d) || (h ?? 0) > 23 || (mi ?? 0) > 59 || (s ?? 0) > 59) {
    throw new PassError('invalid_request', `${name} is not a real date`);
  }
  if (!roundUp || s !== undefined) return t;
  if (mi !== undefined) return t + 60_000;
  if (h !== undefined) return t + 3600_000;
  if (d !== undefined) return t + 86400_000;
  if (mo !== undefined) return Date.UTC(y!, mo, 1);
  return Date.UTC(y! + 1, 0, 1);
}
