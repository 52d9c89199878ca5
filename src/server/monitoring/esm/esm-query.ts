// Answers a parsed ESM request from the database: the roll-ups (minute or hour) up to each
// source's watermark, plus the same aggregation over the raw rows after it, grouped by the
// projection's dimensions in SQL; the time dimensions are then formed per UTC calendar in
// code (a week at hour grain is at most 168 buckets per group). unique-accounts is a
// distinct count: computed per requested period, never summed from smaller ones.
import { sql, type RawBuilder } from 'kysely';
import { isSqlite, type Db } from '../../db/database.ts';
import { PassError } from '../../http/pass-error.ts';
import { LATENCY_COLUMNS, quantile } from './latency-buckets.ts';
import { BUCKETS, watermarks } from './esm-rollup.ts';
import { accountsSelect, DAY_MS, ESM_SOURCES, FAILURE_REASONS, HOUR_MS, sourceSelect } from './esm-sources.ts';
import { DIMENSION_COLUMNS, TIME_DIMENSIONS, type Dimension, type EsmRequest, type Metric, type TimeDimension } from './esm-request.ts';

export type EsmRecord = Record<string, string>;

/** Dimensions unique-accounts can be split by (the accounts roll-up keeps only these). */
const ACCOUNT_DIMENSIONS = new Set<Dimension>(['mvpd', 'requestor-id']);

export async function runEsmQuery(db: Db, req: EsmRequest): Promise<{ records: EsmRecord[]; metrics: Metric[]; columns: string[] }> {
  const bucketMs = req.granularity === 'minute' ? BUCKETS.minute : BUCKETS.hour;
  const table = req.granularity === 'minute' ? 'esm_rollup_minute' : 'esm_rollup_hour';
  const start = req.start - (req.start % bucketMs);
  const end = req.end;
  const marks = await watermarks(db);

  const accountsOk = req.dimensions.every((d) => ACCOUNT_DIMENSIONS.has(d)) && req.filters.every((f) => ACCOUNT_DIMENSIONS.has(f.dimension)) && req.granularity !== 'minute';
  if (req.explicitMetrics && req.metrics.includes('unique-accounts') && !accountsOk) {
    throw new PassError('invalid_request', 'unique-accounts is reported (and filtered) by year, month, day, hour, mvpd and requestor-id only');
  }
  const metrics = req.metrics.filter((m) => m !== 'unique-accounts' || accountsOk);

  // Rolled-up buckets are whole up to the lowest watermark's bucket; after it, raw rows are
  // read, each source from its own watermark (the roll-up holds nothing of a source past it).
  const union: RawBuilder<unknown>[] = [sql`select * from ${sql.table(table)} where bucket >= ${start} and bucket < ${end}`];
  for (const source of ESM_SOURCES) {
    const from = Math.max(marks[source], start);
    if (from < end) union.push(sql`select * from (${sourceSelect(source, bucketMs, from, end)}) ${sql.raw(`raw_${source}`)}`);
  }
  const groupCols: string[] = req.dimensions.map((d) => DIMENSION_COLUMNS[d]);
  const withTime = req.granularity !== null;
  // Plain sums grouped by the projection and by (event, result, reason): no per-row CASE,
  // which was most of a week query's time; the metrics are formed from these few rows below.
  const keyCols = [...(withTime ? ['bucket'] : []), ...groupCols];
  const split = ['event', 'result', 'reason'].filter((c) => !groupCols.includes(c));
  const groupAll = [...keyCols, ...split];
  const sums = sql.raw(['n', 'media_tokens', 'latency_sum', ...LATENCY_COLUMNS].map((c) => `sum(${c}) as ${c}`).join(', '));
  const where = filterSql(req);
  const { rows } = await sql<Record<string, unknown>>`select ${sql.raw(groupAll.join(', '))}, ${sums}
    from (${sql.join(union, sql` union all `)}) u ${where} group by ${sql.raw(groupAll.join(', '))}`.execute(db);

  // Time dimensions per UTC calendar; rows of the same period are summed.
  const times = withTime ? TIME_DIMENSIONS.slice(0, TIME_DIMENSIONS.indexOf(req.granularity!) + 1) : [];
  const failures = new Set<string>(FAILURE_REASONS);
  const groups = new Map<string, { dims: EsmRecord; sums: Record<string, number> }>();
  for (const row of rows) {
    const dims: EsmRecord = {};
    if (withTime) Object.assign(dims, timeParts(Number(row.bucket), times));
    for (const d of req.dimensions) dims[d] = String(row[DIMENSION_COLUMNS[d]] ?? '');
    const key = JSON.stringify(dims);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { dims, sums: {} }));
    const add = (k: string, v: unknown) => (g.sums[k] = (g.sums[k] ?? 0) + Number(v ?? 0));
    const n = row.n;
    const { event, result, reason } = row as { event: string; result: string; reason: string };
    if (event === 'authn') add(result === 'started' ? 'authn_attempts' : result === 'completed' ? 'authn_successful' : 'authn_failed', n);
    else if (event === 'preauthz') add('preauthz_attempts', n);
    else if (event === 'authz') {
      add('authz_attempts', n);
      add(result === 'Permit' ? 'authz_successful' : failures.has(reason) ? 'authz_failed' : 'authz_rejected', n);
      add('latency_sum', row.latency_sum);
      for (const c of LATENCY_COLUMNS) add(c, row[c]);
    }
    add('media_tokens', row.media_tokens);
  }
  const accounts = metrics.includes('unique-accounts') ? await uniqueAccounts(db, req, times, start, end, marks.audit) : new Map<string, number>();

  const order = [...req.path.filter((p) => (TIME_DIMENSIONS as readonly string[]).includes(p)), ...req.dimensions];
  const records: EsmRecord[] = [];
  for (const { dims, sums } of groups.values()) {
    const rec: EsmRecord = { ...dims };
    for (const m of metrics) rec[m] = metricValue(m, sums, accounts.get(JSON.stringify(dims)) ?? 0);
    records.push(rec);
  }
  // An empty selection still answers one all-zero record at the root (as ESM does).
  if (records.length === 0 && !withTime && req.dimensions.length === 0) {
    const rec: EsmRecord = {};
    for (const m of metrics) rec[m] = metricValue(m, {}, 0);
    records.push(rec);
  }
  records.sort((a, b) => {
    for (const k of order) {
      const x = a[k]!;
      const y = b[k]!;
      if (x === y) continue;
      const nx = Number(x);
      const ny = Number(y);
      return (TIME_DIMENSIONS as readonly string[]).includes(k) && !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x < y ? -1 : 1;
    }
    return 0;
  });
  return { records: records.slice(0, req.limit), metrics, columns: [...order, ...metrics] };
}

function metricValue(m: Metric, s: Record<string, number>, accounts: number): string {
  const v = (k: string) => s[k] ?? 0;
  const bands = LATENCY_COLUMNS.map((c) => v(c));
  const asked = bands.reduce((a, b) => a + b, 0);
  switch (m) {
    case 'authn-attempts':
      return String(v('authn_attempts'));
    case 'authn-successful':
      return String(v('authn_successful'));
    case 'authn-failed':
      return String(v('authn_failed'));
    case 'authz-attempts':
      return String(v('authz_attempts'));
    case 'authz-successful':
      return String(v('authz_successful'));
    case 'authz-failed':
      return String(v('authz_failed'));
    case 'authz-rejected':
      return String(v('authz_rejected'));
    case 'authz-latency':
      // Adobe's: the total time (ms) spent waiting on MVPD authorizations.
      return String(v('latency_sum'));
    case 'media-tokens':
      return String(v('media_tokens'));
    case 'unique-accounts':
      return String(accounts);
    case 'preauthz-attempts':
      return String(v('preauthz_attempts'));
    case 'authz-latency-avg':
      return asked ? String(Math.round(v('latency_sum') / asked)) : '';
    case 'authz-latency-p50':
      return String(quantile(bands, 0.5) ?? '');
    case 'authz-latency-p95':
      return String(quantile(bands, 0.95) ?? '');
  }
}

function filterSql(req: EsmRequest): RawBuilder<unknown> {
  if (req.filters.length === 0) return sql``;
  const parts = req.filters.map((f) => sql`${sql.ref(DIMENSION_COLUMNS[f.dimension])} ${sql.raw(f.op)} (${sql.join(f.values)})`);
  return sql`where ${sql.join(parts, sql` and `)}`;
}

/** year, month (1-12), day, hour, minute of a bucket start, UTC, as ESM's strings. */
function timeParts(t: number, times: readonly TimeDimension[]): EsmRecord {
  const d = new Date(t);
  const all: Record<TimeDimension, number> = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
  return Object.fromEntries(times.map((k) => [k, String(all[k])]));
}

/** Start of the UTC period of `t` at `grain`, and of the next one. */
function periodOf(t: number, grain: TimeDimension | undefined): [number, number] {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (grain) {
    case 'year':
      return [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1)];
    case 'month':
      return [Date.UTC(y, m, 1), Date.UTC(y, m + 1, 1)];
    case 'day': {
      const s = Date.UTC(y, m, d.getUTCDate());
      return [s, s + 86400_000];
    }
    default: {
      const s = t - (t % 3600_000);
      return [s, s + 3600_000];
    }
  }
}

/**
 * Distinct accounts per requested period (and mvpd / requestor-id); never summed from smaller
 * periods. Hour and day grains without filters read the count the roll-up made of each whole
 * bucket it passed, and count only the partial buckets at the edges; with filters, one grouped
 * query. A root, month or year period is one query each over account rows: the day table for
 * the whole UTC days inside, the hour table for the hours at the edges (a week reads ~7 rows
 * per account instead of ~168), the raw audit rows past the watermark.
 */
async function uniqueAccounts(db: Db, req: EsmRequest, times: readonly TimeDimension[], start: number, end: number, auditMark: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const grain = times[times.length - 1];
  const cols = req.dimensions.map((d) => DIMENSION_COLUMNS[d]);
  const where = filterSql(req);
  const dimSel = sql.raw(cols.map((c) => `, ${c}`).join(''));
  const from0 = start - (start % HOUR_MS);
  const collect = (rows: Array<Record<string, unknown>>, period: number | null) => {
    for (const row of rows) {
      const dims: EsmRecord = grain ? timeParts(period ?? Number(row.p), times) : {};
      for (const d of req.dimensions) dims[d] = String(row[DIMENSION_COLUMNS[d]] ?? '');
      out.set(JSON.stringify(dims), Number(row.c));
    }
  };
  if (grain === 'hour' || grain === 'day') {
    const ms = grain === 'hour' ? HOUR_MS : DAY_MS;
    const p = sql.raw(grain === 'hour' ? 'bucket' : `bucket - bucket % ${DAY_MS}`);
    const counted = async (a: number, b: number) => {
      if (a >= b) return;
      collect(await distinctAccounts(db, accountRows(a, b, auditMark, grain === 'day'), p, cols, where), null);
    };
    if (req.filters.length > 0) {
      await counted(from0, end);
      return out;
    }
    // Without filters, whole buckets the roll-up has passed were counted once (esm_accounts_counts):
    // one row each; only the partial buckets at the edges are counted from account rows.
    const wholeFrom = Math.ceil(from0 / ms) * ms;
    const wholeTo = Math.max(wholeFrom, Math.min(end, auditMark) - (Math.min(end, auditMark) % ms));
    const byReq = cols.includes('requestor');
    const byMvpd = cols.includes('mvpd');
    const { rows } = await sql<Record<string, unknown>>`select bucket as p${dimSel}, n as c from esm_accounts_counts
      where grain = ${grain} and bucket >= ${wholeFrom} and bucket < ${wholeTo}
      and requestor ${sql.raw(byReq ? "<> '*'" : "= '*'")} and mvpd ${sql.raw(byMvpd ? "<> '*'" : "= '*'")}`.execute(db);
    collect(rows, null);
    await counted(from0, Math.min(wholeFrom, end));
    await counted(wholeTo, end);
    return out;
  }
  const periods: Array<[number, number]> = [];
  if (!grain) periods.push([from0, end]);
  else for (let t = start; t < end && periods.length < 10_000; t = periodOf(t, grain)[1]) periods.push(periodOf(t, grain));
  for (const [ps, pe] of periods) {
    const from = Math.max(ps, from0);
    const to = Math.min(pe, end);
    collect(await distinctAccounts(db, accountRows(from, to, auditMark, true), null, cols, where), ps);
  }
  return out;
}

/**
 * The distinct accounts of `rows` per period `p` (an expression of bucket, or none) and `cols`.
 * SQLite: count(distinct), one temp b-tree. PostgreSQL: count(distinct) always sorts, and at
 * a week's ~400k rows its default work_mem spills that sort to disk (1.3–1.9 s measured);
 * a GROUP BY of the account first can hash instead.
 */
async function distinctAccounts(db: Db, rows: RawBuilder<unknown>, p: RawBuilder<unknown> | null, cols: string[], where: RawBuilder<unknown>): Promise<Array<Record<string, unknown>>> {
  const keys = [...(p ? [sql`${p} as p`] : []), ...cols.map((c) => sql.ref(c))];
  const names = [...(p ? ['p'] : []), ...cols];
  const outer = names.length ? sql`group by ${sql.raw(names.join(', '))}` : sql``;
  const sel = names.length ? sql.raw(`${names.join(', ')}, `) : sql``;
  if (isSqlite(db)) {
    const inner = keys.length ? sql`${sql.join(keys)}, ` : sql``;
    return (await sql<Record<string, unknown>>`select ${inner}count(distinct account) as c from (${rows}) a ${where} ${outer}`.execute(db)).rows;
  }
  const inner = sql.join([...keys, sql.ref('account')]);
  const groups = sql.raw(Array.from({ length: names.length + 1 }, (_, i) => String(i + 1)).join(', '));
  return (await sql<Record<string, unknown>>`select ${sel}count(*) as c from (select ${inner} from (${rows}) a ${where} group by ${groups}) d ${outer}`.execute(db)).rows;
}

/**
 * (bucket, requestor, mvpd, account) rows holding every account seen in [from, to) (from on
 * an hour): day rows for the whole UTC days inside (when `days`), hour rows for the rest, both
 * up to the audit watermark, and the raw audit rows after it. A bucket is hour- or day-aligned,
 * so `bucket - bucket % DAY_MS` is its UTC day either way.
 */
function accountRows(from: number, to: number, mark: number, days: boolean): RawBuilder<unknown> {
  const hours = (a: number, b: number) => sql`select bucket, requestor, mvpd, account from esm_accounts where bucket >= ${a} and bucket < ${b} and bucket < ${mark}`;
  const parts: RawBuilder<unknown>[] = [];
  const firstDay = Math.ceil(from / DAY_MS) * DAY_MS;
  const endDay = Math.floor(to / DAY_MS) * DAY_MS;
  if (days && firstDay < endDay) {
    if (from < firstDay) parts.push(hours(from, firstDay));
    parts.push(sql`select bucket, requestor, mvpd, account from esm_accounts_day where bucket >= ${firstDay} and bucket < ${endDay} and bucket < ${mark}`);
    if (endDay < to) parts.push(hours(endDay, to));
  } else parts.push(hours(from, to));
  const rawFrom = Math.max(mark, from);
  if (rawFrom < to) parts.push(sql`select * from (${accountsSelect(rawFrom, to)}) raw_accounts`);
  return sql.join(parts, sql` union all `);
}
