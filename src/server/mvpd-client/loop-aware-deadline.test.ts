import { expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { loopAwareDeadline } from './loop-aware-deadline.ts';

const block = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

it('aborts after the budget (moved out by at most one more budget if our loop ran late)', async () => {
  const started = performance.now();
  const d = loopAwareDeadline(60);
  await sleep(30);
  expect(d.signal.aborted).toBe(false);
  const aborted = new Promise((resolve) => d.signal.addEventListener('abort', resolve));
  await aborted;
  const elapsed = performance.now() - started;
  expect(elapsed).toBeGreaterThanOrEqual(58);
  expect(d.lagMs).toBeLessThanOrEqual(60);
  expect(elapsed).toBeLessThan(60 + d.lagMs + 200);
  expect((d.signal.reason as DOMException).name).toBe('TimeoutError');
});

it('does not count time our own loop was blocked against the MVPD: the deadline moves out by as much', async () => {
  const d = loopAwareDeadline(60);
  block(200); // a saturated event loop: the timer cannot fire on time
  await sleep(20);
  expect(d.signal.aborted).toBe(false);
  // Moved out by the lateness, at most one more budget.
  expect(d.lagMs).toBe(60);
  await sleep(250);
  expect(d.signal.aborted).toBe(true);
  d.clear();
});

it('clear() stops it', async () => {
  const d = loopAwareDeadline(30);
  d.clear();
  await sleep(60);
  expect(d.signal.aborted).toBe(false);
});
