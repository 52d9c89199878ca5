// What the ESM roll-ups are made of, each as one aggregating SELECT in the roll-up's shape
// (bucket, event, requestor, mvpd, resource, platform, result, reason, n, media_tokens,
// latency_sum, lat_0 …): authorizations from the audit rows, authentications started and
// ended without a profile from the sessions, completed ones from the profiles. The roll-up
// job inserts these; a query runs the same SELECTs over the rows not yet rolled up.
import { sql, type RawBuilder } from 'kysely';
import { ERROR_CODES, type ErrorCode } from '../../../shared/error-codes.ts';
import { LATENCY_BOUNDS_MS, LATENCY_COLUMNS } from './latency-buckets.ts';

export type EsmSource = 'audit' | 'sessions' | 'profiles' | 'expired';
export const ESM_SOURCES: readonly EsmSource[] = ['audit', 'sessions', 'profiles', 'expired'];

/** Denies that are failures (the MVPD or Playgate could not answer: the app should retry), not rejections. */
export const FAILURE_REASONS = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((c) => ERROR_CODES[c].action === 'retry' || ERROR_CODES[c].action === 'retry-after');

const zeroLatency = sql.raw(LATENCY_COLUMNS.map((c) => `0 as ${c}`).join(', '));

function latencyBands(): RawBuilder<unknown> {
  // Only rows where the MVPD was asked carry a latency (> 0); the bands count just those.
  const parts = LATENCY_COLUMNS.map((col, i) => {
    const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1]!;
    const upper = LATENCY_BOUNDS_MS[i];
    const cond = upper === undefined ? `latency_ms > ${lower}` : `latency_ms > ${lower} and latency_ms <= ${upper}`;
    return `sum(case when ${cond} then 1 else 0 end) as ${col}`;
  });
  return sql.raw(parts.join(', '));
}

/** The SELECT for `source` over [from, to), bucketed by `bucketMs`. */
export function sourceSelect(source: EsmSource, bucketMs: number, from: number, to: number): RawBuilder<unknown> {
  const b = sql.lit(bucketMs);
  switch (source) {
    case 'audit':
      return sql`select (created_at - created_at % ${b}) as bucket,
          case when kind = 'preauthorize' then 'preauthz' else 'authz' end as event,
          requestor, mvpd, resource, coalesce(platform, 'unknown') as platform, decision as result, coalesce(error_code, '') as reason,
          count(*) as n,
          sum(case when decision = 'Permit' and (kind is null or kind = 'authorize') then 1 else 0 end) as media_tokens,
          sum(latency_ms) as latency_sum, ${latencyBands()}
        from decisions_audit where created_at >= ${from} and created_at < ${to}
        group by 1, 2, 3, 4, 5, 6, 7, 8`;
    case 'sessions':
      return sql`select (not_before - not_before % ${b}) as bucket, 'authn' as event, requestor, coalesce(mvpd, '') as mvpd, '' as resource,
          'unknown' as platform, 'started' as result, '' as reason, count(*) as n, 0 as media_tokens, 0 as latency_sum, ${zeroLatency}
        from auth_sessions where not_before >= ${from} and not_before < ${to}
        group by 1, 3, 4`;
    case 'expired':
      // A session that ends without a profile (abandoned, or its MVPD login refused) is a failed authentication, counted when it expires.
      return sql`select (not_after - not_after % ${b}) as bucket, 'authn' as event, requestor, coalesce(mvpd, '') as mvpd, '' as resource,
          'unknown' as platform, 'failed' as result, '' as reason, count(*) as n, 0 as media_tokens, 0 as latency_sum, ${zeroLatency}
        from auth_sessions where not_after >= ${from} and not_after < ${to} and status <> 'authenticated'
        group by 1, 3, 4`;
    case 'profiles':
      return sql`select (created_at - created_at % ${b}) as bucket, 'authn' as event, requestor, mvpd, '' as resource,
          'unknown' as platform, 'completed' as result, '' as reason, count(*) as n, 0 as media_tokens, 0 as latency_sum, ${zeroLatency}
        from profiles where created_at >= ${from} and created_at < ${to}
        group by 1, 3, 4`;
  }
}

export const HOUR_MS = 3600_000;
export const DAY_MS = 86400_000;

/** Distinct accounts (hashed device ids) per hour (or per UTC day), requestor and MVPD, over [from, to). */
export function accountsSelect(from: number, to: number, bucketMs: number = HOUR_MS): RawBuilder<unknown> {
  return sql`select distinct (created_at - created_at % ${sql.lit(bucketMs)}) as bucket, requestor, mvpd, device_id as account
    from decisions_audit where created_at >= ${from} and created_at < ${to}`;
}
