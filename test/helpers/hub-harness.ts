import { join } from 'node:path';
import { builtinAdapters } from '../../adapters';
import { loadConfig } from '../../src/config/load';
import type { HubConfig } from '../../src/config/config';
import { silentLogger } from '../../src/log/logger';
import { Hub } from '../../src/server/hub';
import { tempDir } from './temp-dir';

export { eventually } from './eventually';

/** The module the dispatch thread loads its adapters from. */
export const ADAPTERS_MODULE = require.resolve('../../adapters');

export const SMALL_CATALOG = join(__dirname, '../fixtures/catalog-small');

/** Starts a hub in-process on an ephemeral port with its store in a fresh temp folder. */
export async function startTestHub(overrides: Record<string, unknown> = {}): Promise<{ hub: Hub; config: HubConfig; dataDir: string; cleanup: () => Promise<void> }> {
  const dir = tempDir('owh-hub-');
  const config = loadConfig({
    cwd: dir.path,
    overrides: {
      catalog: SMALL_CATALOG,
      server: { host: '127.0.0.1', port: 0 },
      store: { path: join(dir.path, 'owh.db') },
      materials: { path: join(dir.path, 'materials') },
      clients: [{ id: 'platform', key: { env: 'TEST_PLATFORM_KEY', demoValue: 'platform-key' } }],
      // On the test's own event loop: fast to start, and the tests can watch the breakers directly.
      delivery: { initialBackoffMs: 20, maxBackoffMs: 200, pollIntervalMs: 50, jitter: 0, thread: false },
      log: { level: 'silent' },
      ...overrides,
    },
  });
  const hub = await Hub.start({ config, adapters: builtinAdapters, adapterModule: ADAPTERS_MODULE, logger: silentLogger() });
  return {
    hub,
    config,
    dataDir: dir.path,
    cleanup: async () => {
      await hub.close(1000);
      dir.cleanup();
    },
  };
}

