// The MVPD latency histogram kept in the ESM roll-ups: non-cumulative counts per band, so
// roll-ups add up and p50/p95 can be estimated over any range and any dimension.
import { LATENCY_BUCKET_COLUMNS } from '../../db/migrations.ts';

/** Upper bounds (ms) of bands lat_0 … lat_10; lat_11 is everything above 5 s. */
export const LATENCY_BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2000, 3000, 5000] as const;
export const LATENCY_COLUMNS = Array.from({ length: LATENCY_BUCKET_COLUMNS }, (_, i) => `lat_${i}` as const);
if (LATENCY_BOUNDS_MS.length + 1 !== LATENCY_BUCKET_COLUMNS) throw new Error('latency bands and roll-up columns disagree');

/** The q-quantile (0..1) of a banded histogram, interpolated linearly inside its band; null when empty. */
export function quantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0 && seen + c >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1]!;
      // The open top band is reported at its lower bound: no upper edge to interpolate to.
      if (i >= LATENCY_BOUNDS_MS.length) return lower;
      const upper = LATENCY_BOUNDS_MS[i]!;
      return Math.round(lower + ((rank - seen) / c) * (upper - lower));
    }
    seen += c;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1]!;
}
