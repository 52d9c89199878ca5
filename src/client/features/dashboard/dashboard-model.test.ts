import { describe, expect, it } from 'vitest';
import { latencyRows, minuteSeries, topReasons } from './dashboard-model.ts';

const T0 = Date.UTC(2026, 11, 2, 10, 0);
const at = (minute: number, values: Record<string, string>) => ({ year: '2026', month: '12', day: '2', hour: '10', minute: String(minute), ...values });

describe('minuteSeries', () => {
  it('fills every minute of the window and sums the totals', () => {
    const s = minuteSeries([at(1, { 'authz-successful': '3' }), at(3, { 'authz-successful': '2', 'authz-rejected': '1' })], { start: T0 + 10_000, end: T0 + 4 * 60_000 }, ['authz-successful', 'authz-rejected']);
    expect(s.x).toEqual([0, 1, 2, 3].map((m) => (T0 + m * 60_000) / 1000));
    expect(s.y['authz-successful']).toEqual([0, 3, 0, 2]);
    expect(s.y['authz-rejected']).toEqual([0, 0, 0, 1]);
    expect(s.totals).toEqual({ 'authz-successful': 5, 'authz-rejected': 1 });
  });
  it('ignores records outside the window', () => {
    expect(minuteSeries([at(9, { n: '4' })], { start: T0, end: T0 + 60_000 }, ['n']).totals).toEqual({ n: 0 });
  });
});

describe('topReasons and latencyRows', () => {
  it('ranks deny reasons and drops the Permits (no reason)', () => {
    const rows = topReasons([
      { reason: '', 'authz-attempts': '9' },
      { reason: 'b_reason', 'authz-attempts': '2' },
      { reason: 'a_reason', 'authz-attempts': '2' },
      { reason: 'c_reason', 'authz-attempts': '5' },
    ]);
    expect(rows).toEqual([
      { reason: 'c_reason', count: 5 },
      { reason: 'a_reason', count: 2 },
      { reason: 'b_reason', count: 2 },
    ]);
  });
  it('keeps MVPDs that were asked, with empty quantiles as null', () => {
    expect(latencyRows([{ mvpd: 'B', 'authz-attempts': '2', 'authz-latency-p50': '40', 'authz-latency-p95': '90' }, { mvpd: 'A', 'authz-attempts': '1', 'authz-latency-p50': '', 'authz-latency-p95': '' }, { mvpd: 'C', 'authz-attempts': '0' }])).toEqual([
      { mvpd: 'A', p50: null, p95: null, attempts: 1 },
      { mvpd: 'B', p50: 40, p95: 90, attempts: 2 },
    ]);
  });
});
