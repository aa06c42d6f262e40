import type { BreakerState } from './circuit-breaker';

/**
 * What the hub needs from its delivery side, wherever it runs: on the hub's own event loop
 * (`InProcessDelivery`) or on a thread of its own (`DispatchThread`, the default).
 */
export interface DeliveryEngine {
  /** New work may be due for these connectors (a case was accepted). */
  notify(connectorIds: Iterable<string>): void;
  /** Each connector's circuit breaker, as last known. */
  breakers(): Map<string, { state: BreakerState; consecutiveFailures: number }>;
  /** Stops claiming; deliveries in flight finish or go back to the outbox. */
  stop(graceMs: number): Promise<void>;
}
