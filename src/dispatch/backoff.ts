export interface BackoffPolicy {
  initialBackoffMs: number;
  maxBackoffMs: number;
  backoffMultiplier: number;
  /** Share of each wait that is random: 0 none, 1 "full jitter". */
  jitter: number;
}

/**
 * How long to wait before attempt `attempt + 1`, after `attempt` failed: exponential growth capped
 * at `maxBackoffMs`, with part of it random so that deliveries failed together by one outage do
 * not all come back at the same instant.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const base = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * Math.pow(policy.backoffMultiplier, exponent));
  const fixed = base * (1 - policy.jitter);
  return Math.round(fixed + random() * base * policy.jitter);
}
