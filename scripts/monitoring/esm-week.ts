// How long ESM week queries take at N decisions (default 1,000,000) spread over the last 7
// days: straight from the raw audit rows, and after the roll-up job has summed them.
// SQLite by default (a temp file); PostgreSQL with DATABASE_URL. Not part of npm run bench.
//   node --import tsx scripts/monitoring/esm-week.ts [decisions]
// ESM_WEEK_RAW=0 skips the raw timings; ESM_WEEK_FILE=path keeps the SQLite file, and a
// second run on it only times the rolled-up queries (the week then ends when it was seeded).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase, sqliteStatement, sqliteTransaction } from '../../src/server/db/database.ts';
import { rollUp } from '../../src/server/monitoring/esm/esm-rollup.ts';
import { parseEsmRequest } from '../../src/server/monitoring/esm/esm-request.ts';
import { runEsmQuery } from '../../src/server/monitoring/esm/esm-query.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'esm-week-'));
const url = process.env.DATABASE_URL;
const keep = url ? undefined : process.env.ESM_WEEK_FILE;
const reuse = keep !== undefined && existsSync(keep);
const db = await openDatabase(url ? { kind: 'postgres', url, schema: `esm_week_${process.pid}` } : { kind: 'sqlite', file: keep ?? join(dir, 'esm.sqlite') });
const seededAt = reuse ? (await db.selectFrom('decisions_audit').select((e) => e.fn.max('created_at').as('t')).executeTakeFirstOrThrow()).t : undefined;
const now = seededAt != null ? Number(seededAt) + 120_000 : Date.now();
const WEEK = 7 * 86400_000;
const MVPDS = ['Skyline', 'MetroFiber', 'Northwind', 'Harbor'];
const RESOURCES = ['news-24', 'sports-one', 'late-movie', 'premium-doc', 'fight-night', 'trailer'];
const REASONS = [null, null, null, null, 'authorization_denied_by_mvpd', 'authorization_denied_by_parental_controls', 'network_connection_timeout'];
const COLS = ['id', 'trace', 'requestor', 'mvpd', 'resource', 'device_id', 'decision', 'source', 'error_code', 'latency_ms', 'created_at', 'rule', 'trace_json', 'kind', 'platform'];

function row(i: number): unknown[] {
  const reason = REASONS[i % REASONS.length]!;
  // Ends a minute before now: the roll-up (60 s lag) covers every row.
  const at = now - 120_000 - Math.floor(((N - i) / N) * WEEK);
  return [randomUUID(), i.toString(16).padStart(16, '0'), 'PLAYGATE', MVPDS[i % 4], RESOURCES[i % 6], `dev${i % 50_000}`, reason ? 'Deny' : 'Permit', 'mvpd', reason, 20 + (i % 300), at, 'mvpd', '{}', i % 5 === 0 ? 'preauthorize' : 'authorize', ['desktop', 'tablet', 'smarttv'][i % 3]];
}

let t = performance.now();
if (!reuse) await seed();
async function seed() {
const stmt = sqliteStatement(db, `insert into decisions_audit (${COLS.join(', ')}) values (${COLS.map(() => '?').join(', ')})`);
const tx = sqliteTransaction(db);
const CHUNK = url ? 1000 : 50_000;
for (let i = 0; i < N; i += CHUNK) {
  const rows = Array.from({ length: Math.min(CHUNK, N - i) }, (_, k) => row(i + k));
  if (stmt && tx) tx(() => rows.forEach((r) => stmt.run(r)));
  else await db.insertInto('decisions_audit').values(rows.map((r) => Object.fromEntries(COLS.map((c, k) => [c, r[k]])) as never)).execute();
}
console.log(`seeded ${N} decisions over 7 days in ${((performance.now() - t) / 1000).toFixed(1)} s (${url ? 'PostgreSQL' : 'SQLite'})`);
}

const QUERIES = [
  '', // the week's totals
  'year/month/day/mvpd',
  'year/month/day/hour',
  'mvpd/reason',
  'year/month/day/hour/mvpd?metrics=authz-attempts,authz-latency-p95',
  'year/month/day?metrics=unique-accounts',
];
async function timeAll(label: string) {
  for (const q of QUERIES) {
    const [path, qs] = q.split('?');
    const query = Object.fromEntries(new URLSearchParams(qs ?? ''));
    const req = parseEsmRequest(path!, { ...query, start: String(now - WEEK), end: String(now) }, undefined, now);
    const times: number[] = [];
    let rows = 0;
    for (let k = 0; k < 3; k++) {
      const s = performance.now();
      rows = (await runEsmQuery(db, req)).records.length;
      times.push(performance.now() - s);
    }
    console.log(`${label.padEnd(11)} /esm/v3/${q.padEnd(64)} ${rows.toString().padStart(5)} rows  best ${Math.min(...times).toFixed(0).padStart(6)} ms  (runs: ${times.map((x) => x.toFixed(0)).join(', ')})`);
  }
}
if (!reuse) {
  if (process.env.ESM_WEEK_RAW !== '0') await timeAll('raw');
  t = performance.now();
  let runs = 0;
  while ((await rollUp(db, now)).behind) runs++;
  console.log(`roll-up of the week: ${((performance.now() - t) / 1000).toFixed(1)} s (${runs + 1} runs)`);
}
await timeAll('rolled up');
// Steady state: 15 s of new decisions at the same rate, then one roll-up run.
// The SQLite checkpointer's worker is unref'd: without a timer the process would exit while
// destroy() waits for it, and leave the file behind.
const keepAlive = setInterval(() => undefined, 1000);
await db.destroy();
clearInterval(keepAlive);
if (!keep) rmSync(dir, { recursive: true, force: true });
