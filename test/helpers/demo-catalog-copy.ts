import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/load';
import type { Catalog } from '../../src/catalog/types';
import { packageRoot } from '../../src/util/package-root';
import { tempDir } from './temp-dir';

/**
 * A fresh copy of the demo city's catalog for each test (tests that write mappings must never touch
 * the repository's), loaded: `copy.path` and `copy.catalog` are valid inside a test.
 */
export function useDemoCatalogCopy(): { readonly path: string; readonly catalog: Catalog } {
  let dir: ReturnType<typeof tempDir> | undefined;
  let catalog: Catalog | undefined;
  beforeEach(() => {
    dir = tempDir();
    cpSync(join(packageRoot(), 'examples/demo-city/catalog'), dir.path, { recursive: true });
    catalog = loadCatalog(dir.path);
  });
  afterEach(() => dir?.cleanup());
  return {
    get path() {
      return dir!.path;
    },
    get catalog() {
      return catalog!;
    },
  };
}
