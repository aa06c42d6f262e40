import { backoffDelay } from '../../../src/dispatch/backoff';

const policy = { initialBackoffMs: 1000, maxBackoffMs: 60_000, backoffMultiplier: 2, jitter: 0 };

describe('backoff', () => {
  it('grows exponentially from the initial wait', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, policy))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('is capped', () => {
    expect(backoffDelay(30, policy)).toBe(60_000);
  });

  it('puts the jitter share of the wait at random, never beyond the base', () => {
    const jittered = { ...policy, jitter: 0.5 };
    expect(backoffDelay(3, jittered, () => 0)).toBe(2000);
    expect(backoffDelay(3, jittered, () => 0.999999)).toBe(4000);
    const full = { ...policy, jitter: 1 };
    const samples = Array.from({ length: 200 }, () => backoffDelay(2, full));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThanOrEqual(2000);
    expect(new Set(samples).size).toBeGreaterThan(50);
  });
});
