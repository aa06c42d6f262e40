import type { ClaimedDelivery, DeliveryError } from '../store/contract';

/**
 * The work-queue contract between the outbox and dispatch. The embedded implementation works the
 * store's outbox (`store-queue.ts`); a RabbitMQ implementation (one queue per connector) can
 * replace it without dispatch knowing: dispatch only supplies a handler and gets deliveries.
 */

/** What dispatch decided about one delivery attempt; the queue records it. */
export type DeliveryOutcome =
  /** `answer`: a lookup's answer after its answer mapping, and the fields its request sent. */
  | { kind: 'delivered'; receipt?: string; response?: unknown; answer?: { data: unknown; requestFields: string[] } }
  | { kind: 'retry'; error: DeliveryError; delayMs: number }
  | { kind: 'dead'; error: DeliveryError };

export type DeliveryHandler = (delivery: ClaimedDelivery, signal: AbortSignal) => Promise<DeliveryOutcome>;

/** Says how many deliveries of a connector may be in flight right now (a circuit breaker, a rate limit). */
export interface ConsumerGate {
  /** In flight allowed now (0: wait), and when to ask again if 0. */
  capacity(): { allowed: number; retryInMs?: number };
}

export interface ConsumeOptions {
  /** Deliveries in flight at once for this connector. */
  concurrency: number;
  gate?: ConsumerGate;
}

export interface DeliveryQueue {
  /** Starts working one connector's deliveries through `handler`. */
  consume(connectorId: string, options: ConsumeOptions, handler: DeliveryHandler): void;
  /** New work may be due for these connectors (a case was accepted, a dead delivery resent). */
  notify(connectorIds: Iterable<string>): void;
  /** Stops claiming; in-flight handlers are aborted after `graceMs` and their outcomes still recorded. */
  stop(graceMs?: number): Promise<void>;
}
