// The roll-up sums a bounded number of audit rows per run (on SQLite each run holds the event
// loop), never splits one millisecond across runs, and ends with the same totals as one run.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../../test-support/test-system.ts';
import { rollUp } from './esm-rollup.ts';

let sys: TestSystem;
const T = Date.now() - 3600_000; // an hour ago: past the roll-up lag
// Ten rows; the 4th and 5th share one millisecond.
const AT = [0, 1, 2, 3, 3, 4, 5, 6, 7, 8].map((d) => T + d);

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.ctx.db
    .insertInto('decisions_audit')
    .values(AT.map((at) => ({ id: randomUUID(), trace: randomUUID().slice(0, 16), requestor: 'PLAYGATE', mvpd: 'Skyline', resource: 'news-24', device_id: 'd', decision: 'Permit', source: 'mvpd', error_code: null, latency_ms: 5, created_at: at, rule: 'mvpd', trace_json: '{}', kind: 'authorize', platform: null })))
    .execute();
});
afterAll(() => sys.dispose());

const summed = async () => Number((await sys.ctx.db.selectFrom('esm_rollup_minute').select((e) => e.fn.sum<number>('n').as('n')).where('event', '=', 'authz').executeTakeFirst())?.n ?? 0);

describe('roll-up runs of at most N audit rows', () => {
  it('sums 3 rows per run, keeps a shared millisecond together, and ends with all ten once', async () => {
    const db = sys.ctx.db;
    const after: number[] = [];
    for (let i = 0; i < 20; i++) {
      const { behind } = await rollUp(db, Date.now(), 3);
      after.push(await summed());
      if (!behind) break;
    }
    // 3 rows (T..T+2), then T+3 twice and T+4 (3), then 3, then the last one.
    expect(after.filter((n, i) => n !== after[i - 1])).toEqual([3, 6, 9, 10]);
    await rollUp(db, Date.now(), 3);
    expect(await summed()).toBe(10);
  });
});
