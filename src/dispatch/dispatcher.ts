import type { DeliveryPolicy } from '../config/config';
import type { SendResult } from '../adapters/contract';
import { OwhError, toOwhError } from '../errors/owh-error';
import { maskText } from '../log/mask';
import type { Logger } from '../log/logger';
import type { MappingSet } from '../catalog/mapping-set';
import { idempotencyKey } from '../model/case';
import type { DeliveryOutcome, DeliveryQueue } from '../queue/contract';
import type { ClaimedDelivery, DeliveryError, LookupSpec } from '../store/contract';
import { fieldsOf } from '../util/fields';
import { backoffDelay } from './backoff';
import { CircuitBreaker } from './circuit-breaker';
import type { ConnectorSet } from './connector-set';

/** Failures that say the system is unwell (as opposed to refusing this one message). */
const TRANSPORT_FAILURES = new Set(['OWH_SEND_TIMEOUT', 'OWH_SEND_NETWORK', 'OWH_SEND_SERVER_ERROR', 'OWH_SEND_RATE_LIMITED']);

export interface DispatcherOptions {
  connectors: ConnectorSet;
  mappings: MappingSet;
  queue: DeliveryQueue;
  policy: DeliveryPolicy;
  logger: Logger;
  random?: () => number;
  now?: () => number;
  /** Told the outcome and duration of every send, for connector health. */
  monitor?: { record(connectorId: string, ok: boolean, ms: number, error?: { code: string; message: string }): void };
}

/**
 * The delivery loop's decisions: for each claimed delivery, map the case with the (item, system)
 * mapping, send it through the system's connector with the idempotency key, read the receipt with
 * the system's response mapping, and classify any failure — retry later with backoff and jitter
 * (honouring Retry-After), or dead-letter (permanent failure, or out of attempts).
 */
export class Dispatcher {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(private readonly options: DispatcherOptions) {}

  start(): void {
    const { policy } = this.options;
    for (const entry of this.options.connectors.available()) {
      const breaker = new CircuitBreaker({ failureThreshold: policy.breakerThreshold, cooldownMs: policy.breakerCooldownMs }, this.options.now);
      this.breakers.set(entry.id, breaker);
      this.options.queue.consume(entry.id, { concurrency: entry.concurrency, gate: breaker }, (d, signal) => this.handle(d, signal));
    }
  }

  breaker(connectorId: string): CircuitBreaker | undefined {
    return this.breakers.get(connectorId);
  }

  async handle(delivery: ClaimedDelivery, signal: AbortSignal): Promise<DeliveryOutcome> {
    const { connectors, mappings, logger } = this.options;
    const log = logger.child({ caseId: delivery.caseId, system: delivery.systemId, deliveryId: delivery.id, attempt: delivery.attempt });
    const entry = connectors.get(delivery.connectorId);
    if (!entry?.connector) {
      // The connector went away (catalog changed): keep the delivery, try again later.
      return this.failed(delivery, new OwhError('OWH_CONNECTOR_CLOSED', { message: `connector ${delivery.connectorId} is not available` }), log);
    }
    let payload: unknown;
    try {
      payload = this.payloadOf(delivery);
    } catch (error) {
      return this.failed(delivery, toOwhError(error, 'OWH_MAPPING_FAILED'), log);
    }
    const started = Date.now();
    let response;
    try {
      response = await entry.connector.send(
        {
          idempotencyKey: idempotencyKey(delivery.caseId, delivery.systemId, delivery.kind, delivery.ref),
          operation: delivery.operation,
          caseId: delivery.caseId,
          itemCode: delivery.itemCode,
          systemId: delivery.systemId,
          deliveryId: delivery.id,
          attempt: delivery.attempt,
          payload,
        },
        signal,
      );
    } catch (error) {
      const e = toOwhError(error, 'OWH_SEND_NETWORK');
      if (TRANSPORT_FAILURES.has(e.code) || !(error instanceof OwhError)) this.breakers.get(delivery.connectorId)?.recordFailure();
      else this.breakers.get(delivery.connectorId)?.recordSuccess();
      this.options.monitor?.record(delivery.connectorId, false, Date.now() - started, { code: e.code, message: maskText(e.message) });
      return this.failed(delivery, e, log);
    }
    this.breakers.get(delivery.connectorId)?.recordSuccess();
    this.options.monitor?.record(delivery.connectorId, true, Date.now() - started);
    if (delivery.kind === 'lookup') return this.answered(delivery, payload, response, log);
    // An opinion's or a supplement's answer is kept as it is: the response mapping reads case receipts.
    if (delivery.kind !== 'case') return { kind: 'delivered', response: response.body };
    let receipt: string | undefined;
    try {
      const ack = mappings.response(delivery.systemId)?.map(response);
      receipt = ack?.receipt === undefined ? undefined : String(ack.receipt);
    } catch (error) {
      const e = toOwhError(error);
      return this.failed(delivery, new OwhError('OWH_SEND_BAD_RESPONSE', { message: `the answer of ${delivery.systemId} could not be read: ${e.message}`, details: e.details }), log);
    }
    log.debug({ ms: Date.now() - started, receipt }, 'delivered');
    return { kind: 'delivered', receipt, response: response.body };
  }

  /**
   * What goes out: the case through the (item, system) mapping; an opinion or a supplement (the
   * hub's document) through the system's mapping for it, or as it is; a lookup's request through
   * its request mapping — the allow-list of what leaves the hub.
   */
  private payloadOf(delivery: ClaimedDelivery): unknown {
    const { mappings } = this.options;
    if (delivery.kind === 'opinion' || delivery.kind === 'supplement') {
      return delivery.mapping ? mappings.get(delivery.mapping).map(delivery.document) : delivery.document;
    }
    if (!delivery.mapping) throw new OwhError('OWH_MAPPING_FAILED', { message: 'the delivery names no request mapping' });
    return mappings.get(delivery.mapping).map(delivery.envelope);
  }

  /** A lookup's answer, kept only as far as its answer mapping reads it (the rest never reaches the store). */
  private answered(delivery: ClaimedDelivery, request: unknown, answer: SendResult, log: Logger): DeliveryOutcome {
    const spec = delivery.document as LookupSpec;
    try {
      // Read like a response mapping: {status, body, headers}.
      const data = this.options.mappings.get(spec.answer).map(answer);
      log.debug({ lookup: delivery.ref }, 'lookup answered');
      return { kind: 'delivered', answer: { data, requestFields: fieldsOf(request) } };
    } catch (error) {
      const e = toOwhError(error);
      return this.failed(delivery, new OwhError('OWH_SEND_BAD_RESPONSE', { message: `the answer of ${delivery.systemId} to lookup ${delivery.ref} could not be read: ${e.message}`, details: e.details }), log);
    }
  }

  private failed(delivery: ClaimedDelivery, error: OwhError, log: Logger): DeliveryOutcome {
    const { policy } = this.options;
    const retryable = error.retryable;
    const record: DeliveryError = { code: error.code, message: maskText(error.message), retryable };
    if (!retryable) {
      log.warn({ code: error.code, err: error.message }, 'delivery failed permanently; dead-lettered');
      return { kind: 'dead', error: record };
    }
    if (delivery.attempt >= policy.maxAttempts) {
      log.warn({ code: error.code, err: error.message }, `delivery failed ${delivery.attempt} times; dead-lettered`);
      return { kind: 'dead', error: { ...record, message: `${record.message} (gave up after ${delivery.attempt} attempts)` } };
    }
    const delayMs = error.retryAfterMs ?? backoffDelay(delivery.attempt, policy, this.options.random);
    log.info({ code: error.code, err: error.message, delayMs }, 'delivery failed; will retry');
    return { kind: 'retry', error: record, delayMs };
  }
}
