/**
 * The wait between connection attempts to a broker: `initialMs` after the first failure (or a lost
 * connection), doubled after each further failure up to `maxMs`, with a quarter of it random so
 * that connectors cut off by one outage do not all come back at the same instant. A connection
 * that opens resets it. Nothing here sleeps: callers ask {@link waitMs} and decide.
 */
export class ReconnectBackoff {
  private nextDelayMs: number;
  private notBefore = 0;
  /** What the last failed attempt (or the lost connection) showed; undefined after a success. */
  lastError?: Error;
  /** Failures in a row since the last success. */
  failures = 0;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    this.nextDelayMs = Math.min(initialMs, maxMs);
  }

  /** How long until the next attempt may be made (0: now). */
  waitMs(): number {
    return Math.max(0, this.notBefore - this.now());
  }

  /** Records a failed attempt or a lost connection; returns the wait before the next attempt. */
  failed(error: Error): number {
    this.lastError = error;
    this.failures++;
    const base = this.nextDelayMs;
    const delay = Math.round(base * 0.75 + this.random() * base * 0.25);
    this.notBefore = this.now() + delay;
    this.nextDelayMs = Math.min(this.maxMs, base * 2);
    return delay;
  }

  succeeded(): void {
    this.lastError = undefined;
    this.failures = 0;
    this.notBefore = 0;
    this.nextDelayMs = Math.min(this.initialMs, this.maxMs);
  }
}
