import { existsSync } from 'node:fs';
import { loadCatalog } from '../src/catalog/load';
import type { Catalog } from '../src/catalog/types';
import type { HubConfig } from '../src/config/config';
import { loadConfig } from '../src/config/load';
import { OwhError } from '../src/errors/owh-error';
import { SqliteStore } from '../src/store/sqlite/sqlite-store';

export interface GlobalOptions {
  config?: string;
}

/** What commands share: the configuration, and the catalog and store opened on first use. */
export class CliContext {
  private catalogValue?: Catalog;

  constructor(readonly config: HubConfig) {}

  static load(options: GlobalOptions): CliContext {
    return new CliContext(loadConfig({ file: options.config }));
  }

  catalog(): Catalog {
    this.catalogValue ??= loadCatalog(this.config.catalog);
    return this.catalogValue;
  }

  /** Opens the hub's store (the same file a running hub uses: SQLite WAL lets both work). */
  openStore(): SqliteStore {
    const path = this.config.store.path;
    if (path !== ':memory:' && !existsSync(path)) {
      throw new OwhError('OWH_CONFIG_NOT_FOUND', { message: `there is no store at ${path}`, fix: 'Start the hub once (`owh serve`) or pass the configuration it runs with (`--config`).' });
    }
    return new SqliteStore({ path, synchronous: this.config.store.synchronous });
  }
}

/** Runs `work` with the store open, closing it whatever happens. */
export async function withStore<T>(context: CliContext, work: (store: SqliteStore) => Promise<T>): Promise<T> {
  const store = context.openStore();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
