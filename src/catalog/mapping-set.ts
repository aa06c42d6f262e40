import { join } from 'node:path';
import { ErrorDetail, OwhError, isOwhError } from '../errors/owh-error';
import { loadMapping, LoadedMapping } from '../mapping/load';
import type { Catalog } from './types';

/**
 * The compiled mappings the hub runs, each loaded and compiled once: request mappings by folder
 * (relative to the catalog), and each system's response and result mappings.
 */
export class MappingSet {
  private readonly byFolder = new Map<string, LoadedMapping>();

  constructor(private readonly catalog: Catalog) {}

  /**
   * Loads every mapping the given systems need, reporting every broken or missing one at once
   * (a hub must not start and then fail on the first case of an item).
   */
  preload(systemIds: Set<string>, routes: Iterable<{ system: string; mapping: string }>): void {
    const problems: ErrorDetail[] = [];
    const tryLoad = (folder: string) => {
      try {
        this.get(folder);
      } catch (error) {
        if (isOwhError(error) && error.details.length > 0) problems.push(...error.details);
        else problems.push({ pointer: '', keyword: 'mapping', message: (error as Error).message, file: join(this.catalog.root, folder) });
      }
    };
    for (const { system, mapping } of routes) if (systemIds.has(system)) tryLoad(mapping);
    for (const id of systemIds) {
      const system = this.catalog.systems.get(id)!;
      if (system.responseMapping) tryLoad(system.responseMapping);
      if (system.results?.mapping) tryLoad(system.results.mapping);
      if (system.opinionMapping) tryLoad(system.opinionMapping);
      if (system.supplementMapping) tryLoad(system.supplementMapping);
    }
    if (problems.length > 0) {
      throw new OwhError('OWH_MAPPING_INVALID', { message: `${problems.length} mapping problem${problems.length === 1 ? '' : 's'} in the catalog`, details: problems });
    }
  }

  /** The compiled mapping in a folder relative to the catalog (loaded on first use). */
  get(folder: string): LoadedMapping {
    let mapping = this.byFolder.get(folder);
    if (!mapping) {
      mapping = loadMapping(join(this.catalog.root, folder));
      this.byFolder.set(folder, mapping);
    }
    return mapping;
  }

  /** The mapping in a folder if it is loaded already (nothing is read or compiled). */
  loaded(folder: string): LoadedMapping | undefined {
    return this.byFolder.get(folder);
  }

  response(systemId: string): LoadedMapping | undefined {
    const folder = this.catalog.systems.get(systemId)?.responseMapping;
    return folder ? this.get(folder) : undefined;
  }

  result(systemId: string): LoadedMapping | undefined {
    const folder = this.catalog.systems.get(systemId)?.results?.mapping;
    return folder ? this.get(folder) : undefined;
  }
}
