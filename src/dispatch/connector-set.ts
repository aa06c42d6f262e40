import { deepMerge } from '../config/load';
import type { HubConfig } from '../config/config';
import type { SecretResolver } from '../config/secrets';
import { OwhError, isOwhError, toOwhError } from '../errors/owh-error';
import type { Logger } from '../log/logger';
import type { AdapterRegistry } from '../adapters/registry';
import type { Connector, ResultSink } from '../adapters/contract';
import { Catalog, connectorIdOf, SystemDef } from '../catalog/types';

export interface ConnectorEntry {
  id: string;
  systemId: string;
  district?: string;
  kind: string;
  concurrency: number;
  connector?: Connector;
  /** Why there is no connector (its adapter kind is not registered): deliveries wait in the outbox. */
  unavailable?: string;
}

const refuseResults = (): ResultSink => ({
  submit: () => Promise.reject(new OwhError('OWH_INTERNAL', { message: 'this connector set takes no results' })),
});

/**
 * The hub's connectors: one per system, or one per district for systems run per district, each
 * built from the catalog's settings with the configuration's overrides merged over them.
 */
export class ConnectorSet {
  readonly entries = new Map<string, ConnectorEntry>();

  /** The connectors the catalog defines, without creating them (for a thread that does not deliver itself). */
  static describe(catalog: Catalog, config: HubConfig, registry: AdapterRegistry): ConnectorSet {
    return ConnectorSet.build(catalog, config, registry, undefined, undefined);
  }

  static build(
    catalog: Catalog,
    config: HubConfig,
    registry: AdapterRegistry,
    secret: SecretResolver | undefined,
    logger: Logger | undefined,
    results: (systemId: string) => ResultSink = refuseResults,
  ): ConnectorSet {
    const set = new ConnectorSet();
    const problems: OwhError[] = [];
    for (const system of catalog.systems.values()) {
      const districts: Array<string | undefined> = system.instances ? Object.keys(system.instances) : [undefined];
      for (const district of districts) {
        const id = connectorIdOf(system.id, district);
        const entry: ConnectorEntry = { id, systemId: system.id, district, kind: system.adapter, concurrency: system.concurrency ?? config.delivery.concurrency };
        set.entries.set(id, entry);
        if (!registry.get(system.adapter)) {
          entry.unavailable = `adapter kind '${system.adapter}' is not registered; deliveries to ${id} wait in the outbox`;
          continue;
        }
        if (!secret || !logger) continue; // describing only
        const settings = connectorSettings(system, district, config);
        try {
          entry.connector = registry.create(system.adapter, settings, {
            connectorId: id,
            systemId: system.id,
            logger: logger.child({ connector: id }),
            secret,
            defaultTimeoutMs: config.delivery.timeoutMs,
            results: results(system.id),
            catalogRoot: catalog.root,
          });
        } catch (error) {
          const e = toOwhError(error);
          problems.push(isOwhError(error) ? e : new OwhError('OWH_CATALOG_INVALID', { message: `connector ${id}: ${e.message}` }));
        }
      }
    }
    if (problems.length > 0) {
      void set.close();
      const first = problems[0];
      throw new OwhError(first.code, {
        message: problems.map((p) => p.message).join('; '),
        details: problems.flatMap((p) => p.details),
        fix: first.fix,
      });
    }
    return set;
  }

  get(id: string): ConnectorEntry | undefined {
    return this.entries.get(id);
  }

  available(): ConnectorEntry[] {
    return [...this.entries.values()].filter((e) => e.connector);
  }

  /** Starts what brings results back, connector by connector; one that fails to start is logged, not fatal. */
  async start(logger: Logger): Promise<void> {
    await Promise.all(
      this.available().map(async (e) => {
        try {
          await e.connector!.start?.();
        } catch (error) {
          logger.error({ err: error, connector: e.id }, 'the connector could not start taking results; deliveries to it go on');
        }
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.entries.values()].map((e) => e.connector?.close()));
  }
}

/** A connector's settings: the system's, then its district instance's, then the configuration's overrides. */
export function connectorSettings(system: SystemDef, district: string | undefined, config: Pick<HubConfig, 'connectors'>): Record<string, unknown> {
  const instance = district ? system.instances?.[district]?.connector : undefined;
  return deepMerge(deepMerge(system.connector ?? {}, instance ?? {}), config.connectors[connectorIdOf(system.id, district)] ?? {});
}
