import type { ConsumerGate } from '../queue/contract';

export interface BreakerPolicy {
  /** Consecutive transport failures (timeouts, network errors, 5xx, 429) that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before one probe delivery is let through. */
  cooldownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * A circuit breaker per connector. When a department system is down, pending deliveries stay in
 * the outbox without spending their attempts: the hub is the patient one. After the cooldown one
 * delivery goes through as a probe; its success closes the breaker, its failure opens it again.
 */
export class CircuitBreaker implements ConsumerGate {
  private failures = 0;
  private openedAt: number | undefined;

  constructor(private readonly policy: BreakerPolicy, private readonly now: () => number = Date.now) {}

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.policy.cooldownMs ? 'half-open' : 'open';
  }

  capacity(): { allowed: number; retryInMs?: number } {
    const state = this.state;
    if (state === 'closed') return { allowed: Number.POSITIVE_INFINITY };
    if (state === 'open') return { allowed: 0, retryInMs: this.openedAt! + this.policy.cooldownMs - this.now() };
    return { allowed: 1 }; // half-open: one delivery in flight at a time, as the probe
  }

  /** The system answered (even with a permanent refusal: it is up). */
  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = undefined;
  }

  recordFailure(): void {
    this.failures++;
    // In half-open the count is already past the threshold, so a failed probe reopens at once.
    if (this.failures >= this.policy.failureThreshold) this.openedAt = this.now();
  }

  snapshot(): { state: BreakerState; consecutiveFailures: number } {
    return { state: this.state, consecutiveFailures: this.failures };
  }
}
