import { describe, expect, it } from 'vitest';
import { BREAKER_DEFAULTS, CircuitBreaker } from './circuit-breaker.ts';

function frozen(start = 1_000_000) {
  const clock = { now: start };
  return { clock, breaker: new CircuitBreaker({ failureThreshold: 3, coolDownMs: 5000, clock: () => clock.now }) };
}

describe('circuit breaker (frozen clock)', () => {
  it('stays closed below the threshold, and a success resets the count', () => {
    const { breaker } = frozen();
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    expect(breaker.state).toBe('closed');
    expect(breaker.admit()).toBe('closed');
  });

  it('opens after N consecutive failures and refuses at once for the cool-down', () => {
    const { clock, breaker } = frozen();
    for (let i = 0; i < 3; i++) breaker.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.admit()).toBe('open');
    clock.now += 4999;
    expect(breaker.admit()).toBe('open');
    expect(breaker.retryInMs()).toBe(1);
  });

  it('after the cool-down lets exactly one probe through; its success closes the breaker', () => {
    const { clock, breaker } = frozen();
    for (let i = 0; i < 3; i++) breaker.failure();
    clock.now += 5000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.admit()).toBe('probe');
    expect(breaker.admit()).toBe('open');
    expect(breaker.admit()).toBe('open');
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(breaker.admit()).toBe('closed');
  });

  it("a failed probe opens it again for a whole new cool-down", () => {
    const { clock, breaker } = frozen();
    for (let i = 0; i < 3; i++) breaker.failure();
    clock.now += 5000;
    expect(breaker.admit()).toBe('probe');
    breaker.failure();
    expect(breaker.state).toBe('open');
    clock.now += 4999;
    expect(breaker.admit()).toBe('open');
    clock.now += 1;
    expect(breaker.admit()).toBe('probe');
  });

  it('a neutral outcome (our loop was late) frees the probe slot without judging the MVPD', () => {
    const { clock, breaker } = frozen();
    for (let i = 0; i < 3; i++) breaker.failure();
    clock.now += 5000;
    expect(breaker.admit()).toBe('probe');
    breaker.neutral();
    expect(breaker.admit()).toBe('probe');
  });

  it('documents its defaults', () => {
    expect(BREAKER_DEFAULTS).toEqual({ failureThreshold: 5, coolDownMs: 10_000 });
    const b = new CircuitBreaker();
    for (let i = 0; i < 4; i++) b.failure();
    expect(b.state).toBe('closed');
    b.failure();
    expect(b.state).toBe('open');
  });
});
