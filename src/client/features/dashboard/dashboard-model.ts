// Turns ESM records into what the dashboard draws: per-minute series with the empty
// minutes filled in (the API only answers minutes that had events), window totals, the
// top deny reasons, and MVPD latency rows. Pure, so the figures are unit-tested.
import type { EsmRecord, EsmWindow } from './esm-client.ts';

const MINUTE = 60_000;

export interface MinuteSeries {
  /** Minute starts, epoch seconds (what uPlot plots on its x axis). */
  x: number[];
  /** One array per metric, aligned with x. */
  y: Record<string, number[]>;
  totals: Record<string, number>;
}

export function minuteOf(r: EsmRecord): number {
  return Date.UTC(Number(r.year), Number(r.month) - 1, Number(r.day), Number(r.hour), Number(r.minute));
}

/** Every minute of the window, with each metric's value (0 where nothing happened). */
export function minuteSeries(records: EsmRecord[], window: EsmWindow, metrics: string[]): MinuteSeries {
  const first = window.start - (window.start % MINUTE);
  const x: number[] = [];
  for (let t = first; t < window.end; t += MINUTE) x.push(t / 1000);
  const index = new Map(x.map((s, i) => [s * 1000, i]));
  const y = Object.fromEntries(metrics.map((m) => [m, x.map(() => 0)]));
  const totals = Object.fromEntries(metrics.map((m) => [m, 0]));
  for (const r of records) {
    const i = index.get(minuteOf(r));
    if (i === undefined) continue;
    for (const m of metrics) {
      const v = Number(r[m] ?? 0) || 0;
      y[m]![i]! += v;
      totals[m]! += v;
    }
  }
  return { x, y, totals };
}

export interface ReasonRow {
  reason: string;
  count: number;
}

/** Deny reasons by count, highest first (ties by name), the `limit` first. */
export function topReasons(records: EsmRecord[], limit = 5): ReasonRow[] {
  return records
    .filter((r) => r.reason)
    .map((r) => ({ reason: r.reason!, count: Number(r['authz-attempts'] ?? 0) }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1))
    .slice(0, limit);
}

export interface LatencyRow {
  mvpd: string;
  p50: number | null;
  p95: number | null;
  attempts: number;
}

export function latencyRows(records: EsmRecord[]): LatencyRow[] {
  const num = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));
  return records
    .filter((r) => r.mvpd && Number(r['authz-attempts'] ?? 0) > 0)
    .map((r) => ({ mvpd: r.mvpd!, p50: num(r['authz-latency-p50']), p95: num(r['authz-latency-p95']), attempts: Number(r['authz-attempts']) }))
    .sort((a, b) => (a.mvpd < b.mvpd ? -1 : 1));
}
