/**
 * For the tests of the SOAP, file-drop and AMQP departments: the demo city's own catalog, its
 * mappings and sample cases, and real connectors made from the adapter specs imported directly
 * (adapters/index.ts may not list them yet).
 */
export { eventually } from '../../helpers/eventually';
import { join } from 'node:path';
import type { AdapterSpec, Connector, OutboundMessage } from '../../../src/adapters/contract';
import { AdapterRegistry } from '../../../src/adapters/registry';
import { loadCatalog } from '../../../src/catalog/load';
import { MappingSet } from '../../../src/catalog/mapping-set';
import type { Catalog } from '../../../src/catalog/types';
import { deepMerge } from '../../../src/config/load';
import { createSecretResolver } from '../../../src/config/secrets';
import type { CaseEnvelope } from '../../../src/model/case';
import { idempotencyKey } from '../../../src/model/case';
import { routeCase } from '../../../src/routing/route';
import { validatorFor } from '../../../src/validate/ajv';
import { CaseFactory } from '../../../examples/demo-city/load/case-factory';
import type { SimulatorFleet } from '../../../examples/demo-city/simulators';
import { RecordingResultSink, testConnectorContext } from '../../helpers/connector-context';

export const DEMO_CATALOG = join(__dirname, '../../../examples/demo-city/catalog');

export interface DemoCity {
  catalog: Catalog;
  mappings: MappingSet;
}

export function demoCity(): DemoCity {
  const catalog = loadCatalog(DEMO_CATALOG);
  return { catalog, mappings: new MappingSet(catalog) };
}

/** A real connector of the demo city's system, pointed at its simulator (plus `extra` settings), with a recording result sink. */
export function demoConnector(
  city: DemoCity,
  adapter: AdapterSpec<any>,
  fleet: SimulatorFleet,
  systemId: string,
  extra: Record<string, unknown> = {},
  env: NodeJS.ProcessEnv = {},
): { connector: Connector; sink: RecordingResultSink } {
  const system = city.catalog.systems.get(systemId)!;
  const settings = deepMerge(deepMerge(system.connector ?? {}, (fleet.connectorOverrides()[systemId] ?? {}) as Record<string, unknown>), extra);
  const sink = new RecordingResultSink();
  const registry = new AdapterRegistry([adapter]);
  const connector = registry.create(adapter.kind, settings as Record<string, unknown>, testConnectorContext({
    connectorId: systemId,
    systemId,
    secret: createSecretResolver({ env, allowDemoValues: true }),
    defaultTimeoutMs: 5_000,
    results: sink,
    catalogRoot: city.catalog.root,
  }));
  return { connector, sink };
}

/** One case of every item that reaches the system (so every form it takes), with ids from `prefix`. */
export function casesFor(city: DemoCity, systemId: string, prefix: string): CaseEnvelope[] {
  const factory = new CaseFactory({ catalog: city.catalog, prefix, seed: 11 });
  return factory.items.filter((i) => i.targets.some((t) => t.system === systemId)).map((item) => factory.next(item));
}

/** The delivery of a case to one of its targets, mapped by the target's request mapping. */
export function messageFor(city: DemoCity, envelope: CaseEnvelope, systemId: string, deliveryId = 1): OutboundMessage {
  const target = routeCase(city.catalog, envelope.itemCode, envelope.jurisdiction).targets.find((t) => t.systemId === systemId)!;
  return {
    idempotencyKey: idempotencyKey(envelope.caseId, systemId),
    caseId: envelope.caseId,
    itemCode: envelope.itemCode,
    systemId,
    deliveryId,
    attempt: 1,
    payload: city.mappings.get(target.mapping).map(envelope),
  };
}

/**
 * A result the system brought back, as the hub takes it: through the system's result mapping,
 * valid against schemas/result.schema.json, naming its case (the channel's, if it carried one).
 */
export function hubResult(city: DemoCity, systemId: string, input: { caseId?: string; body: unknown }): Record<string, unknown> {
  const mapping = city.mappings.result(systemId);
  if (!mapping) throw new Error(`${systemId} has no result mapping`);
  const result = mapping.map(input.body) as Record<string, unknown>;
  const validate = validatorFor('urn:owh:schema:result:1');
  if (!validate(structuredClone(result))) throw new Error(`${systemId}'s result is not valid after its mapping: ${JSON.stringify(validate.errors)} in ${JSON.stringify(result).slice(0, 500)}`);
  if (input.caseId !== undefined && result.caseId !== input.caseId) throw new Error(`${systemId}'s result names ${String(result.caseId)}, the channel ${input.caseId}`);
  return result;
}


/** Results by case, each case's kinds in the order they came (a result polled twice counts once). */
export function kindsByCase(results: Array<Record<string, unknown>>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of results) {
    const kinds = out.get(String(r.caseId)) ?? [];
    if (!kinds.includes(String(r.kind))) kinds.push(String(r.kind));
    out.set(String(r.caseId), kinds);
  }
  return out;
}
