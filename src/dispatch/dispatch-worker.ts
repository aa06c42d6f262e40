/**
 * The dispatch thread's entry (a worker_threads worker): the delivery side of the hub — connectors,
 * the store-backed queue and the dispatcher — on its own event loop and its own SQLite connection,
 * so intake and delivery use both cores of the machine while staying one process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AdapterSpec } from '../adapters/contract';
import { buildRegistry } from '../adapters/plugins';
import { loadCatalog } from '../catalog/load';
import { MappingSet } from '../catalog/mapping-set';
import type { HubConfig } from '../config/config';
import { createSecretResolver, isLoopback } from '../config/secrets';
import { isOwhError, toOwhError } from '../errors/owh-error';
import { createLogger } from '../log/logger';
import { SqliteStore } from '../store/sqlite/sqlite-store';
import { InProcessDelivery } from './delivery-runtime';
import type { ToThread } from './dispatch-thread';

interface WorkerInput {
  config: HubConfig;
  adapterModule: string;
  env: NodeJS.ProcessEnv;
}

async function main(): Promise<void> {
  const { config, adapterModule, env } = workerData as WorkerInput;
  const port = parentPort!;
  const logger = createLogger({ level: config.log.level, name: 'owh' }).child({ thread: 'dispatch' });
  const catalog = loadCatalog(config.catalog);
  // The main thread has already resolved every secret and said which are demo values.
  const secret = createSecretResolver({ env, allowDemoValues: isLoopback(config.server.host) });
  const builtins = (require(adapterModule) as { builtinAdapters: AdapterSpec<any>[] }).builtinAdapters;
  // The main thread has reported any refused plug-in; here they are simply left out.
  const { registry } = buildRegistry(builtins, config.plugins, config.baseDir);
  const store = new SqliteStore({ path: config.store.path, synchronous: config.store.synchronous });
  const delivery = new InProcessDelivery({ config, catalog, mappings: new MappingSet(catalog), store, registry, secret, logger });
  delivery.start();
  const report = () => port.postMessage({ type: 'health', connectors: [...delivery.health()] });
  const reporter = setInterval(report, 250);
  port.on('message', (message: ToThread) => {
    if (message.type === 'notify') delivery.notify(message.connectors);
    else if (message.type === 'stop') {
      clearInterval(reporter);
      void delivery
        .stop(message.graceMs)
        .then(() => store.close())
        .then(() => port.postMessage({ type: 'stopped' }));
    }
  });
  report();
  port.postMessage({ type: 'ready' });
}

main().catch((error) => {
  const e = isOwhError(error) ? error : toOwhError(error);
  parentPort!.postMessage({ type: 'failed', error: { code: e.code, message: e.code === 'OWH_INTERNAL' ? String((error as Error)?.stack ?? error) : e.message, fix: e.fix, details: e.details } });
});
