import type { ConnectorHealth } from '../health/connector-monitor';

/**
 * What the hub needs from its delivery side, wherever it runs: on the hub's own event loop
 * (`InProcessDelivery`) or on a thread of its own (`DispatchThread`, the default).
 */
export interface DeliveryEngine {
  /** New work may be due for these connectors (a case was accepted). */
  notify(connectorIds: Iterable<string>): void;
  /** Each connector's health (probe, breaker, recent deliveries), as last known. */
  health(): Map<string, ConnectorHealth>;
  /** Stops claiming; deliveries in flight finish or go back to the outbox. */
  stop(graceMs: number): Promise<void>;
}
