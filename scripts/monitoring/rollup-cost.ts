// What the unique-accounts roll-up adds per decision, interleaved over the same rows in one
// transaction per span: the roll-up's other audit statements (minute and hour sums, hour
// accounts, the commit) vs the day accounts insert and the whole-bucket counts. Runs on a
// copy of the file esm-week.ts keeps (ESM_WEEK_FILE), its roll-ups emptied. SQLite only.
//   ESM_WEEK_FILE=/tmp/week.sqlite node --import tsx scripts/monitoring/esm-week.ts
//   ESM_WEEK_FILE=/tmp/week.sqlite SPAN=15000 SPANS=2000 node --import tsx scripts/monitoring/rollup-cost.ts
import { copyFileSync, rmSync } from 'node:fs';
import { sql } from 'kysely';
import { openDatabase } from '../../src/server/db/database.ts';
import { accountsSelect, DAY_MS, sourceSelect } from '../../src/server/monitoring/esm/esm-sources.ts';
import { countWholeBuckets } from '../../src/server/monitoring/esm/esm-rollup.ts';
import { LATENCY_COLUMNS } from '../../src/server/monitoring/esm/latency-buckets.ts';
const source = process.env.ESM_WEEK_FILE;
if (!source) throw new Error('set ESM_WEEK_FILE to a file esm-week.ts kept');
const copy = `${source}.cost`;
copyFileSync(source, copy);
const db = await openDatabase({ kind: 'sqlite', file: copy });
for (const t of ['esm_rollup_minute', 'esm_rollup_hour', 'esm_accounts', 'esm_accounts_day', 'esm_accounts_counts', 'esm_watermarks'] as const) await db.deleteFrom(t).execute();
const { lo, hi, n } = (await db.selectFrom('decisions_audit').select((e) => [e.fn.min('created_at').as('lo'), e.fn.max('created_at').as('hi'), e.fn.countAll().as('n')]).executeTakeFirstOrThrow()) as any;
const SUMMED = ['n', 'media_tokens', 'latency_sum', ...LATENCY_COLUMNS];
const KEY = ['bucket', 'event', 'requestor', 'mvpd', 'resource', 'platform', 'result', 'reason'];
const SPAN = Number(process.env.SPAN ?? 15_000);
let old = 0, added = 0, spans = 0;
const limit = Number(process.env.SPANS ?? 400);
for (let s = Number(lo) - (Number(lo) % 3600_000); s < Number(hi) && spans < limit; s += SPAN, spans++) {
  const to = s + SPAN;
  let t = performance.now();
  await db.transaction().execute(async (trx) => {
    for (const [table, bucket] of [['esm_rollup_minute', 60_000], ['esm_rollup_hour', 3600_000]] as const)
      await sql`insert into ${sql.table(table)} (${sql.raw(KEY.join(', '))}, ${sql.raw(SUMMED.join(', '))}) select * from (${sourceSelect('audit', bucket, s, to)}) s where true on conflict (${sql.raw(KEY.join(', '))}) do update set ${sql.raw(SUMMED.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', '))}`.execute(trx);
    await sql`insert into esm_accounts (bucket, requestor, mvpd, account) select * from (${accountsSelect(s, to)}) a where true on conflict (bucket, requestor, mvpd, account) do nothing`.execute(trx);
  old += performance.now() - t;
  t = performance.now();
    await sql`insert into esm_accounts_day (bucket, requestor, mvpd, account) select * from (${accountsSelect(s, to, DAY_MS)}) a where true on conflict (bucket, requestor, mvpd, account) do nothing`.execute(trx);
    
    await countWholeBuckets(trx as any, s, to);
  added += performance.now() - t;
  t = performance.now();
  });
  old += performance.now() - t;
}
const decisions = Number((await db.selectFrom('decisions_audit').select((e) => e.fn.countAll().as('n')).where('created_at', '<', Number(lo) - (Number(lo) % 3600_000) + spans * SPAN).executeTakeFirstOrThrow()).n);
if (decisions === 0) console.log('no decisions in those spans: raise SPANS');
else console.log(`${spans} spans of ${SPAN / 1000} s, ${decisions} decisions: existing statements ${old.toFixed(0)} ms (${((old * 1000) / decisions).toFixed(2)} µs/decision), added ${added.toFixed(0)} ms (${((added * 1000) / decisions).toFixed(2)} µs/decision)`);
// The SQLite checkpointer's worker is unref'd: without a timer the process would exit while
// destroy() waits for it, and leave the file behind.
const keepAlive = setInterval(() => undefined, 1000);
await db.destroy();
clearInterval(keepAlive);
for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
