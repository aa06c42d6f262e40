import { CircuitBreaker } from '../../../src/dispatch/circuit-breaker';

describe('circuit breaker', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('stays closed below the threshold and opens at it', () => {
    const b = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 10_000 }, clock);
    b.recordFailure();
    b.recordFailure();
    expect(b.state).toBe('closed');
    expect(b.capacity().allowed).toBe(Number.POSITIVE_INFINITY);
    b.recordFailure();
    expect(b.state).toBe('open');
    expect(b.capacity()).toEqual({ allowed: 0, retryInMs: 10_000 });
  });

  it('lets one probe through after the cooldown; success closes, failure reopens', () => {
    const b = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 5_000 }, clock);
    b.recordFailure();
    b.recordFailure();
    now += 5_000;
    expect(b.state).toBe('half-open');
    expect(b.capacity().allowed).toBe(1);
    b.recordFailure();
    expect(b.state).toBe('open');
    now += 5_000;
    b.recordSuccess();
    expect(b.state).toBe('closed');
    expect(b.snapshot().consecutiveFailures).toBe(0);
  });

  it('a success between failures resets the count', () => {
    const b = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 5_000 }, clock);
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    expect(b.state).toBe('closed');
  });
});
