import { join } from 'node:path';
import { builtinAdapters } from '../../adapters';
import { deepMerge, loadConfig } from '../../src/config/load';
import type { HubConfig } from '../../src/config/config';
import { silentLogger } from '../../src/log/logger';
import { Hub } from '../../src/server/hub';
import { packageRoot } from '../../src/util/package-root';
import { startSimulators, SimulatorFleet, SimulatorOptions } from '../../examples/demo-city/simulators';
import { tempDir } from './temp-dir';

export const DEMO_CATALOG = join(packageRoot(), 'examples/demo-city/catalog');

/** The settings a test hub of the demo city runs with: ephemeral port, temp store, quick retries. */
export function demoHubOverrides(dataDir: string, fleet: SimulatorFleet, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    catalog: DEMO_CATALOG,
    server: { host: '127.0.0.1', port: 0 },
    store: { path: join(dataDir, 'owh.db') },
    materials: { path: join(dataDir, 'materials') },
    clients: [{ id: 'demo', key: { env: 'OWH_CLIENT_KEY_DEMO', demoValue: 'demo-key' } }],
    delivery: { initialBackoffMs: 50, maxBackoffMs: 500, pollIntervalMs: 100 },
    connectors: fleet.connectorOverrides(),
    log: { level: 'silent' },
    ...extra,
  };
}

/**
 * Simulators of every kind, isolated from a demo city that may be running on this machine: ports
 * picked free, file-drop folders under the test's temp folder, AMQP exchanges and queues under a
 * name of their own.
 */
export function isolatedFleetOptions(dataDir: string, extra: Partial<SimulatorOptions> = {}): SimulatorOptions {
  return {
    catalogRoot: DEMO_CATALOG,
    hubUrl: 'http://127.0.0.1:9',
    ports: { '*': 0 },
    dataDir: join(dataDir, 'drop'),
    amqpNamespace: `t${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`,
    ...extra,
  };
}

/** The demo city in-process: its simulators on ephemeral ports and a hub pointed at them. */
export async function startDemoCity(options: {
  resultDelayMs?: number;
  postResults?: boolean;
  hub?: Record<string, unknown>;
  /** Simulators of these kinds only (default: all). */
  kinds?: SimulatorOptions['kinds'];
  amqpNamespace?: string;
  /** Settings merged over a connector's (e.g. quicker result polls than a deployment's). */
  connectorExtras?: Record<string, Record<string, unknown>>;
} = {}): Promise<{
  hub: Hub;
  fleet: SimulatorFleet;
  config: HubConfig;
  close: () => Promise<void>;
}> {
  const dir = tempDir('owh-demo-');
  const fleet = await startSimulators(
    isolatedFleetOptions(dir.path, { resultDelayMs: options.resultDelayMs ?? 20, postResults: options.postResults, kinds: options.kinds, ...(options.amqpNamespace ? { amqpNamespace: options.amqpNamespace } : {}) }),
  );
  const overrides = demoHubOverrides(dir.path, fleet, options.hub);
  for (const [id, extra] of Object.entries(options.connectorExtras ?? {})) {
    const connectors = overrides.connectors as Record<string, Record<string, unknown>>;
    connectors[id] = deepMerge(connectors[id] ?? {}, extra);
  }
  const config = loadConfig({ cwd: dir.path, overrides });
  let hub: Hub;
  try {
    hub = await Hub.start({ config, adapters: builtinAdapters, adapterModule: require.resolve('../../adapters'), logger: silentLogger() });
  } catch (error) {
    await fleet.close();
    dir.cleanup();
    throw error;
  }
  fleet.setHubUrl(hub.url);
  return {
    hub,
    fleet,
    config,
    close: async () => {
      await fleet.close();
      await hub.close(1000);
      dir.cleanup();
    },
  };
}
