import type { Logger } from '../log/logger';
import type { ClaimedDelivery, HubStore } from '../store/contract';
import type { ConsumeOptions, DeliveryHandler, DeliveryOutcome, DeliveryQueue } from './contract';

export interface StoreQueueOptions {
  store: HubStore;
  logger: Logger;
  /** How long a claim holds a delivery (must exceed the longest send). */
  leaseMs: number;
  /** Safety net: how often every consumer looks for due work it was not told about. */
  pollIntervalMs: number;
  now?: () => number;
}

/** One connector's consumer: claims due deliveries up to its capacity, runs them, records outcomes. */
class Consumer {
  inFlight = 0;
  private claiming = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  readonly controllers = new Set<AbortController>();
  private readonly minClaim: number;

  constructor(
    readonly connectorId: string,
    private readonly options: ConsumeOptions,
    private readonly handler: DeliveryHandler,
    private readonly queue: StoreQueue,
  ) {
    this.minClaim = Math.max(1, Math.floor(options.concurrency / 4));
  }

  /** Claims and starts as much due work as capacity allows. Safe to call at any time, any number of times. */
  async pump(): Promise<void> {
    if (this.queue.stopped) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = true;
    try {
      do {
        this.again = false;
        const gate = this.options.gate?.capacity() ?? { allowed: this.options.concurrency };
        const room = Math.min(this.options.concurrency, gate.allowed) - this.inFlight;
        // Claim in batches: waiting for a quarter of the slots to free up makes one claim
        // query serve several deliveries instead of one each, at the cost of a few ms of latency.
        if (room > 0 && room < this.minClaim && this.inFlight > 0) break;
        if (room <= 0) {
          if (gate.allowed === 0 && gate.retryInMs !== undefined) this.wakeIn(gate.retryInMs);
          break;
        }
        const claimed = await this.queue.store.claimDue(this.connectorId, room, this.queue.leaseMs);
        for (const delivery of claimed) this.start(delivery);
        if (claimed.length === 0) {
          const due = await this.queue.store.nextDueAt(this.connectorId);
          if (due !== undefined) this.wakeIn(due - this.queue.now());
          break;
        }
        if (claimed.length === room) this.again = true; // there may be more
      } while (this.again && !this.queue.stopped);
    } catch (error) {
      this.queue.logger.error({ err: error, connector: this.connectorId }, 'claiming deliveries failed; will try again');
      this.wakeIn(this.queue.pollIntervalMs);
    } finally {
      this.claiming = false;
    }
  }

  private start(delivery: ClaimedDelivery): void {
    this.inFlight++;
    const controller = new AbortController();
    this.controllers.add(controller);
    const run = async (): Promise<DeliveryOutcome> => {
      try {
        return await this.handler(delivery, controller.signal);
      } catch (error) {
        // A handler must classify its failures; one that throws is a bug, not the system's fault.
        this.queue.logger.error({ err: error, deliveryId: delivery.id }, 'delivery handler threw');
        return { kind: 'retry', error: { code: 'OWH_INTERNAL', message: String((error as Error)?.message ?? error), retryable: true }, delayMs: this.queue.pollIntervalMs };
      }
    };
    void run()
      .then((outcome) => this.queue.record(delivery.id, outcome))
      .catch((error) => this.queue.logger.error({ err: error, deliveryId: delivery.id }, 'recording a delivery outcome failed; its lease will expire and it will be sent again'))
      .finally(() => {
        this.controllers.delete(controller);
        this.inFlight--;
        this.queue.onSettled();
        void this.pump();
      });
  }

  /** Schedules one wake-up at most `ms` from now (earlier wake-ups win). */
  wakeIn(ms: number): void {
    const delay = Math.max(0, Math.min(ms, this.queue.pollIntervalMs));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pump();
    }, delay);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * The embedded work queue: the store's outbox table is the queue. Intake's transaction writes the
 * deliveries; consumers claim them with a lease, so a delivery whose worker died is taken back
 * when its lease expires (and at once when the embedded hub restarts).
 */
export class StoreQueue implements DeliveryQueue {
  readonly store: HubStore;
  readonly logger: Logger;
  readonly leaseMs: number;
  readonly pollIntervalMs: number;
  readonly now: () => number;
  stopped = false;
  private readonly consumers = new Map<string, Consumer>();
  private readonly poller: NodeJS.Timeout;
  private idleWaiters: Array<() => void> = [];

  constructor(options: StoreQueueOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.leaseMs = options.leaseMs;
    this.pollIntervalMs = options.pollIntervalMs;
    this.now = options.now ?? Date.now;
    this.poller = setInterval(() => {
      this.notify(this.consumers.keys());
      // Optional lookups out of time let their cases' deliveries go.
      this.store.releaseExpiredWaits().then((w) => this.notify(w.notify), (error: unknown) => this.logger.error({ err: error }, 'could not release deliveries waiting for lookups'));
    }, this.pollIntervalMs);
    this.poller.unref();
  }

  consume(connectorId: string, options: ConsumeOptions, handler: DeliveryHandler): void {
    if (this.consumers.has(connectorId)) throw new Error(`connector ${connectorId} already has a consumer`);
    const consumer = new Consumer(connectorId, options, handler, this);
    this.consumers.set(connectorId, consumer);
    void consumer.pump();
  }

  notify(connectorIds: Iterable<string>): void {
    for (const id of connectorIds) void this.consumers.get(id)?.pump();
  }

  /** Records what dispatch decided. */
  async record(id: number, outcome: DeliveryOutcome): Promise<void> {
    switch (outcome.kind) {
      case 'delivered':
        // A lookup answered or a case delivered may free other work (the case's deliveries, a held opinion).
        return this.notify((await this.store.markDelivered(id, { receipt: outcome.receipt, response: outcome.response, answer: outcome.answer })).notify);
      case 'retry':
        return this.store.scheduleRetry(id, outcome.error, this.now() + outcome.delayMs);
      case 'dead':
        return this.notify((await this.store.markDead(id, outcome.error)).notify);
    }
  }

  onSettled(): void {
    if (this.inFlight() === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  inFlight(): number {
    let n = 0;
    for (const c of this.consumers.values()) n += c.inFlight;
    return n;
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    clearInterval(this.poller);
    for (const c of this.consumers.values()) c.stop();
    if (this.inFlight() === 0) return;
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    const grace = setTimeout(() => {
      for (const c of this.consumers.values()) for (const controller of c.controllers) controller.abort(new Error('the hub is stopping'));
    }, graceMs);
    await idle;
    clearTimeout(grace);
  }
}
