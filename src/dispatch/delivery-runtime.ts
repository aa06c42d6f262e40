import type { AdapterRegistry } from '../adapters/registry';
import { MappingSet } from '../catalog/mapping-set';
import type { Catalog } from '../catalog/types';
import type { HubConfig } from '../config/config';
import type { SecretResolver } from '../config/secrets';
import type { Logger } from '../log/logger';
import { StoreQueue } from '../queue/store-queue';
import type { HubStore } from '../store/contract';
import { ConnectorSet } from './connector-set';
import type { DeliveryEngine } from './delivery-engine';
import { Dispatcher } from './dispatcher';
import { ConnectorHealth, ConnectorMonitor } from '../health/connector-monitor';
import { submitResult } from '../results/accept-result';

export interface DeliveryRuntimeOptions {
  config: HubConfig;
  catalog: Catalog;
  mappings: MappingSet;
  store: HubStore;
  registry: AdapterRegistry;
  secret: SecretResolver;
  logger: Logger;
  now?: () => number;
}

/**
 * The delivery side wired on one event loop: connectors, the store-backed queue and the
 * dispatcher. The hub runs it in process (`delivery.thread: false`) or inside its dispatch thread.
 */
export class InProcessDelivery implements DeliveryEngine {
  readonly connectors: ConnectorSet;
  readonly queue: StoreQueue;
  readonly dispatcher: Dispatcher;
  readonly monitor: ConnectorMonitor;
  private readonly logger: Logger;
  private readonly probeIntervalMs: number;

  constructor(options: DeliveryRuntimeOptions) {
    const { config, logger } = options;
    // Results a connector brings back are taken here, in the delivery thread: an opinion they
    // forward is work for this thread's queue.
    const resultDeps = { store: options.store, mappings: options.mappings, logger, catalog: options.catalog, queue: { notify: (ids: Iterable<string>) => this.queue.notify(ids) } };
    this.connectors = ConnectorSet.build(options.catalog, config, options.registry, options.secret, logger, (systemId) => ({
      submit: async (input) => {
        const answer = await submitResult(resultDeps, systemId, input);
        return { caseId: answer.caseId, status: answer.status, duplicate: answer.duplicate };
      },
    }));
    this.logger = logger;
    this.queue = new StoreQueue({ store: options.store, logger, leaseMs: config.delivery.leaseMs, pollIntervalMs: config.delivery.pollIntervalMs, now: options.now });
    this.monitor = new ConnectorMonitor(new Map(this.connectors.available().map((e) => [e.id, e.connector!])), logger);
    this.dispatcher = new Dispatcher({ connectors: this.connectors, mappings: options.mappings, queue: this.queue, policy: config.delivery, logger, now: options.now, monitor: this.monitor });
    this.probeIntervalMs = config.health.probeIntervalMs;
  }

  start(): void {
    this.dispatcher.start();
    // The first probe runs once the connectors have started (a consumer, a watcher), so that it
    // reports what is, not a start still under way.
    void this.connectors.start(this.logger).then(() => this.monitor.start(this.probeIntervalMs));
  }

  notify(connectorIds: Iterable<string>): void {
    this.queue.notify(connectorIds);
  }

  health(): Map<string, ConnectorHealth> {
    const breakers = new Map();
    for (const e of this.connectors.available()) {
      const b = this.dispatcher.breaker(e.id);
      if (b) breakers.set(e.id, b.snapshot());
    }
    return this.monitor.snapshot(breakers);
  }

  async stop(graceMs: number): Promise<void> {
    this.monitor.stop();
    await this.queue.stop(graceMs);
    await this.connectors.close();
  }
}
