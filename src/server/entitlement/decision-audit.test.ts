import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { findDecisionTrace, recordDecisions } from './decision-audit.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.dispose());

it('logs every decision with its trace id and rule, stores it, and finds it by trace', async () => {
  const lines: Array<{ obj: Record<string, unknown>; msg: string }> = [];
  const log = { info: (obj: object, msg: string) => lines.push({ obj: obj as Record<string, unknown>, msg }) };
  const result = { decision: 'Permit' as const, source: 'claims', trace: { rule: 'claims', claim: 'roles', value: 'premium' } };
  await recordDecisions(sys.ctx.db, [{ trace: 'abcdef0123456789', requestor: 'PLAYGATE', mvpd: '', resource: 'premium-doc', deviceHash: 'h', result }], Date.now(), log);
  expect(lines).toEqual([{ msg: 'decision', obj: expect.objectContaining({ trace: 'abcdef0123456789', resource: 'premium-doc', decision: 'Permit', rule: 'claims' }) }]);
  const [stored] = await findDecisionTrace(sys.ctx.db, 'PLAYGATE', 'abcdef0123456789');
  expect(stored).toMatchObject({ resource: 'premium-doc', decision: 'Permit', rule: 'claims', details: { claim: 'roles', value: 'premium' } });
  expect(await findDecisionTrace(sys.ctx.db, 'OTHER', 'abcdef0123456789')).toEqual([]);
});
