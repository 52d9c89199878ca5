// unique-accounts from the hour and day account roll-ups is the distinct count of the raw
// decisions, for ranges that start and end inside a day, by every grain and by mvpd and
// requestor-id with filters: before any roll-up (all raw), with the watermark inside a day
// (day rows, hour rows and a raw tail together), and fully rolled up with the raw rows gone.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../../test-support/test-system.ts';
import { rollUp } from './esm-rollup.ts';
import { parseEsmRequest } from './esm-request.ts';
import { runEsmQuery } from './esm-query.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = Date.now();
// Nine days, starting at 05:00 UTC ten days ago: the range's edges are partial days.
const FIRST = NOW - (NOW % DAY) - 10 * DAY + 5 * HOUR;
const MVPDS = ['Skyline', 'Harbor', 'MetroFiber'];
const REQUESTORS = ['PLAYGATE', 'OTHER'];

interface Seed {
  at: number;
  requestor: string;
  mvpd: string;
  device: string;
}
// A fixed pseudo-random spread (mulberry32), so a failure replays.
let state = 0x5eed;
const rand = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const SEED: Seed[] = Array.from({ length: 3000 }, () => ({
  at: FIRST + Math.floor(rand() * 9 * DAY),
  requestor: REQUESTORS[rand() < 0.8 ? 0 : 1]!,
  mvpd: MVPDS[Math.floor(rand() * 3)]!,
  // Few devices, seen many times: the distinct count differs a lot from a sum of smaller ones.
  device: `acct-${Math.floor(rand() * rand() * 60)}`,
}));

const START = FIRST + 2 * HOUR; // 07:00, nine days ago
const END = FIRST + 8 * DAY + 10 * HOUR; // 15:00, two days ago
const QUERIES: Array<{ path: string; query?: Record<string, string | string[]> }> = [
  { path: '' },
  { path: 'year' },
  { path: 'year/month' },
  { path: 'year/month/day' },
  { path: 'year/month/day/hour' },
  { path: 'mvpd' },
  { path: 'year/month/day/mvpd/requestor-id' },
  { path: 'requestor-id', query: { mvpd: ['Skyline', 'Harbor'] } },
  { path: 'year/month/day', query: { 'mvpd!': 'Skyline' } },
  { path: 'year/month/day/hour/mvpd', query: { 'requestor-id': 'OTHER' } },
];
const TIMES = ['year', 'month', 'day', 'hour'] as const;

/** The distinct devices of the seed per record, as the raw decisions say. */
function expected(path: string, query: Record<string, string | string[]> = {}): Map<string, number> {
  const parts = path ? path.split('/') : [];
  const times = TIMES.filter((t) => parts.includes(t));
  const dims = parts.filter((p) => !(TIMES as readonly string[]).includes(p)) as Array<'mvpd' | 'requestor-id'>;
  const value = (s: Seed, d: 'mvpd' | 'requestor-id') => (d === 'mvpd' ? s.mvpd : s.requestor);
  const sets = new Map<string, Set<string>>();
  for (const s of SEED) {
    if (s.at < START || s.at >= END) continue;
    let keep = true;
    for (const [k, v] of Object.entries(query)) {
      const dim = k.replace(/!$/, '') as 'mvpd' | 'requestor-id';
      const hit = ([] as string[]).concat(v).includes(value(s, dim));
      if (k.endsWith('!') ? hit : !hit) keep = false;
    }
    if (!keep) continue;
    const d = new Date(s.at);
    const all = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours() };
    const rec: Record<string, string> = {};
    for (const t of times) rec[t] = String(all[t]);
    for (const dim of dims) rec[dim] = value(s, dim);
    const key = JSON.stringify(Object.fromEntries(Object.entries(rec).sort()));
    let set = sets.get(key);
    if (!set) sets.set(key, (set = new Set()));
    set.add(s.device);
  }
  return new Map([...sets].map(([k, v]) => [k, v.size]));
}

async function answered(path: string, query: Record<string, string | string[]> = {}): Promise<Map<string, number>> {
  const req = parseEsmRequest(path, { ...query, start: String(START), end: String(END), metrics: 'unique-accounts', limit: '10000' }, undefined, NOW);
  const { records } = await runEsmQuery(sys.ctx.db, req);
  return new Map(
    records.map((r) => {
      const { 'unique-accounts': n, ...dims } = r;
      return [JSON.stringify(Object.fromEntries(Object.entries(dims).sort())), Number(n)];
    }),
  );
}

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
  const rows = SEED.map((s) => ({
    id: randomUUID(),
    trace: randomUUID().replace(/-/g, '').slice(0, 16),
    requestor: s.requestor,
    mvpd: s.mvpd,
    resource: 'news-24',
    device_id: s.device,
    decision: 'Permit',
    source: 'mvpd',
    error_code: null,
    latency_ms: 30,
    created_at: s.at,
    rule: 'mvpd',
    trace_json: '{}',
    kind: 'authorize',
    platform: null,
  }));
  for (let i = 0; i < rows.length; i += 500) await sys.ctx.db.insertInto('decisions_audit').values(rows.slice(i, i + 500)).execute();
});
afterAll(() => sys.dispose());

const checkAll = async () => {
  for (const { path, query } of QUERIES) expect(await answered(path, query), `/esm/v3/${path} ${JSON.stringify(query ?? {})}`).toEqual(expected(path, query));
};

describe('ESM unique-accounts from the account roll-ups', () => {
  it('is exact from the raw rows alone', checkAll);

  it('is exact with the watermark inside a day: day rows, hour rows and a raw tail together', async () => {
    // The roll-up's "now" at 13:30 on the fifth day: its watermark lands mid-day.
    const mid = FIRST + 4 * DAY + 8 * HOUR + 30 * 60_000;
    while ((await rollUp(sys.ctx.db, mid)).behind);
    const days = await sys.ctx.db.selectFrom('esm_accounts_day').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(days.n)).toBeGreaterThan(0);
    await checkAll();
  });

  it('is exact fully rolled up, once the raw rows are gone', async () => {
    while ((await rollUp(sys.ctx.db, NOW)).behind);
    await sys.ctx.db.deleteFrom('decisions_audit').where('created_at', '<', FIRST + 9 * DAY).execute();
    await checkAll();
    // The day table is what a week reads: far fewer rows than the hour table.
    const count = async (t: 'esm_accounts' | 'esm_accounts_day') => Number((await sys.ctx.db.selectFrom(t).select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('esm_accounts_day')).toBeLessThan((await count('esm_accounts')) * 0.6);
  });
});
