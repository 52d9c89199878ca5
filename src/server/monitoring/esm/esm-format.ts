// ESM's two served formats: HAL JSON (`_links` self / roll-up / drill-down, `report`
// records whose values are strings) and CSV (a header row, dimensions then metrics, and the
// selection in the file name: esm__<start>_<end>_<filters>.csv).
import { DIMENSION_COLUMNS, TIME_DIMENSIONS, type EsmRequest } from './esm-request.ts';
import type { EsmRecord } from './esm-query.ts';

export const ESM_BASE = '/esm/v3';

export interface HalLink {
  href: string;
}
export interface EsmHalBody {
  _links: { self: HalLink; 'roll-up'?: HalLink; 'drill-down'?: HalLink[] };
  report: EsmRecord[];
}

export function isoSeconds(t: number): string {
  return new Date(t).toISOString().slice(0, 19);
}

/** The self link names every implicit parameter (interval, limit, filters, metrics). */
export function selfHref(req: EsmRequest): string {
  const q = new URLSearchParams({ start: isoSeconds(req.start), end: isoSeconds(req.end) });
  for (const f of req.filters) for (const v of f.values) q.append(f.op === 'in' ? f.dimension : `${f.dimension}!`, v);
  for (const d of req.dimensions) if (!req.path.includes(d)) q.append(d, '');
  if (req.explicitMetrics) q.set('metrics', req.metrics.join(','));
  q.set('limit', String(req.limit));
  // `dim!` would be encoded as `dim%21`: ESM spells the operator `dim!=v`.
  return `${pathHref(req.path)}?${q.toString().replace(/%21=/g, '!=').replace(/%3A/g, ':')}`;
}

function pathHref(path: string[]): string {
  return [ESM_BASE, ...path].join('/');
}

export function halBody(req: EsmRequest, records: EsmRecord[]): EsmHalBody {
  const links: EsmHalBody['_links'] = { self: { href: selfHref(req) } };
  if (req.path.length > 0) links['roll-up'] = { href: pathHref(req.path.slice(0, -1)) };
  const down: HalLink[] = [];
  const times = req.path.filter((p) => (TIME_DIMENSIONS as readonly string[]).includes(p));
  const nextTime = TIME_DIMENSIONS[times.length];
  if (nextTime) down.push({ href: pathHref([...req.path, nextTime]) });
  for (const d of Object.keys(DIMENSION_COLUMNS)) if (!req.path.includes(d)) down.push({ href: pathHref([...req.path, d]) });
  if (down.length > 0) links['drill-down'] = down;
  return { _links: links, report: records };
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvBody(columns: string[], records: EsmRecord[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const r of records) lines.push(columns.map((c) => csvCell(r[c] ?? '')).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function csvFileName(req: EsmRequest): string {
  const filters = req.filters.flatMap((f) => f.values.map((v) => `${f.op === 'in' ? '' : 'not-'}${v}`));
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 40);
  return `esm__${isoSeconds(req.start).slice(0, 10)}_${isoSeconds(req.end).slice(0, 10)}${filters.length ? `_${filters.map(safe).join(',')}` : ''}.csv`;
}
