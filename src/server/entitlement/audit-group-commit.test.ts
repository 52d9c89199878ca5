import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { AuditGroupCommit } from './audit-group-commit.ts';
import { findDecisionTrace } from './decision-audit.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.dispose());

const row = (i: number, trace: string) => ({
  id: `gc-${trace}-${i}`,
  trace,
  requestor: 'PLAYGATE',
  mvpd: 'Skyline',
  resource: 'news-24',
  device_id: 'h',
  decision: 'Permit',
  source: 'mvpd',
  error_code: null,
  latency_ms: 0,
  created_at: Date.now(),
  rule: 'mvpd',
  trace_json: '{"rule":"mvpd"}',
});

it('commits the rows of many concurrent requests in few transactions, each visible when its promise settles', async () => {
  const writer = new AuditGroupCommit(sys.ctx.db);
  const commit = vi.spyOn(writer as unknown as { commit: (rows: unknown[]) => Promise<void> }, 'commit');
  const traces = Array.from({ length: 40 }, (_, i) => `gc${String(i).padStart(14, '0')}`);
  await Promise.all(
    traces.map(async (trace, i) => {
      await writer.write([row(i, trace)]);
      // Durable before the caller answers: the row is readable at once.
      expect(await findDecisionTrace(sys.ctx.db, 'PLAYGATE', trace)).toHaveLength(1);
    }),
  );
  expect(commit.mock.calls.length).toBeLessThan(5);
  expect(commit.mock.calls.flatMap((c) => c[0] as unknown[])).toHaveLength(40);
});

it('rejects every request of a batch whose commit fails, and keeps going afterwards', async () => {
  const writer = new AuditGroupCommit(sys.ctx.db);
  const dup = row(0, 'gcdup0000000000');
  await writer.write([dup]);
  const results = await Promise.allSettled([writer.write([dup]), writer.write([row(1, 'gcdup0000000000')])]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  await writer.write([row(2, 'gcok00000000000')]);
  expect(await findDecisionTrace(sys.ctx.db, 'PLAYGATE', 'gcok00000000000')).toHaveLength(1);
});

it('never commits inside a Kysely transaction that is open on the same SQLite connection', async () => {
  const writer = new AuditGroupCommit(sys.ctx.db);
  const trace = 'gctrx0000000000';
  let written: Promise<void> | undefined;
  await sys.ctx.db
    .transaction()
    .execute(async (trx) => {
      await trx.selectFrom('clients').select('client_id').limit(1).execute();
      written = writer.write([row(0, trace)]);
      // Give the writer its turn while the transaction is still open, then roll back.
      await new Promise((r) => setImmediate(r));
      throw new Error('roll back');
    })
    .catch(() => undefined);
  await written;
  // Not rolled back with the other transaction: its own commit came after it.
  expect(await findDecisionTrace(sys.ctx.db, 'PLAYGATE', trace)).toHaveLength(1);
});
