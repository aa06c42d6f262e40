import { testConnectorContext } from '../../helpers/connector-context';
import { join } from 'node:path';
import { restAdapter } from '../../../adapters/rest';
import type { Connector } from '../../../src/adapters/contract';
import { AdapterRegistry } from '../../../src/adapters/registry';
import { loadCatalog } from '../../../src/catalog/load';
import { MappingSet } from '../../../src/catalog/mapping-set';
import { connectorIdOf } from '../../../src/catalog/types';
import { deepMerge } from '../../../src/config/load';
import { createSecretResolver } from '../../../src/config/secrets';
import { idempotencyKey } from '../../../src/model/case';
import { routeCase } from '../../../src/routing/route';
import { validatorFor } from '../../../src/validate/ajv';
import { CaseFactory } from '../../../examples/demo-city/load/case-factory';
import type { SimulatorFleet } from '../../../examples/demo-city/simulators';
import { FakeHub, startTestFleet } from './helpers';

const DEMO_CATALOG = join(__dirname, '../../../examples/demo-city/catalog');

/**
 * The demo city's own catalog, mappings and sample cases against its simulators: every REST
 * connector has one, takes what the request mappings produce, and posts results that the
 * system's result mapping turns into valid hub results.
 */
describe('the demo city\'s REST simulators', () => {
  const catalog = loadCatalog(DEMO_CATALOG);
  const mappings = new MappingSet(catalog);
  let hub: FakeHub;
  let fleet: SimulatorFleet;
  const connectors = new Map<string, Connector>();

  beforeAll(async () => {
    hub = await new FakeHub().start();
    // The REST systems only: the other kinds have their own tests (soap-, file- and amqp-department.test.ts).
    fleet = await startTestFleet({ catalogRoot: DEMO_CATALOG, hubUrl: hub.url, kinds: ['rest'] });
    const registry = new AdapterRegistry([restAdapter]);
    const secret = createSecretResolver({ env: {}, allowDemoValues: true });
    for (const sim of fleet.simulators) {
      const [systemId, district] = sim.connectorId.split('@');
      const system = catalog.systems.get(systemId)!;
      const settings = deepMerge(deepMerge(system.connector ?? {}, (district && system.instances?.[district]?.connector) || {}), fleet.connectorOverrides()[sim.connectorId]);
      connectors.set(sim.connectorId, registry.create('rest', settings as Record<string, unknown>, testConnectorContext({ connectorId: sim.connectorId, systemId, secret, defaultTimeoutMs: 5_000 })));
    }
  });
  afterAll(async () => {
    await Promise.all([...connectors.values()].map((c) => c.close()));
    await fleet?.close();
    await hub?.close();
  });

  it('has a simulator for every REST connector of the catalog', () => {
    const expected = [...catalog.systems.values()]
      .filter((s) => s.adapter === 'rest')
      .flatMap((s) => (s.instances ? Object.keys(s.instances).map((d) => connectorIdOf(s.id, d)) : [s.id]));
    expect(fleet.simulators.map((s) => s.connectorId).sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(1);
  });

  it('takes every mapped sample case once and posts results the result mappings accept', async () => {
    const factory = new CaseFactory({ catalog, adapterKinds: new Set(['rest']), prefix: 'SIMDEMO', seed: 7 });
    let deliveries = 0;
    const receiptsByKey = new Map<string, string>();
    for (const item of factory.items) {
      const envelope = factory.next(item);
      for (const target of routeCase(catalog, envelope.itemCode, envelope.jurisdiction).targets) {
        const payload = mappings.get(target.mapping).map(envelope);
        const message = { idempotencyKey: idempotencyKey(envelope.caseId, target.systemId), caseId: envelope.caseId, itemCode: item.code, systemId: target.systemId, deliveryId: ++deliveries, attempt: 1, payload };
        const answer = await connectors.get(target.connectorId)!.send(message);
        const again = await connectors.get(target.connectorId)!.send({ ...message, attempt: 2 });
        expect(again.body).toEqual(answer.body);
        const receipt = mappings.response(target.systemId)?.map(answer) as { receipt?: string } | undefined;
        if (receipt) receiptsByKey.set(`${envelope.caseId}:${target.systemId}`, String(receipt.receipt));
      }
    }
    expect(factory.items.length).toBeGreaterThan(0);
    expect(receiptsByKey.size).toBeGreaterThan(0);
    // every REST system of the city took at least one case
    expect(new Set([...receiptsByKey.keys()].map((k) => k.split(':').pop()))).toEqual(new Set(fleet.simulators.map((s) => s.system)));
    expect(fleet.totals()).toMatchObject({ applied: deliveries, duplicatesSuppressed: deliveries, rejected: 0, maxAppliedPerCase: 1 });

    await fleet.settled(20_000);
    expect(hub.received).toHaveLength(2 * deliveries);
    const validate = validatorFor('urn:owh:schema:result:1');
    const systemByToken = new Map([...catalog.systems.values()].filter((s) => s.results?.token).map((s) => [`Bearer ${s.results!.token!.demoValue}`, s.id]));
    for (const posted of hub.received) {
      const systemId = systemByToken.get(posted.authorization ?? '');
      expect(systemId).toBeDefined();
      const mapping = mappings.result(systemId!);
      const result = (mapping ? mapping.map(posted.body) : posted.body) as Record<string, unknown>;
      if (!validate(result)) throw new Error(`${systemId}'s result for ${posted.caseId} is not valid after its mapping: ${JSON.stringify(validate.errors)}`);
      const receipt = receiptsByKey.get(`${posted.caseId}:${systemId}`);
      if (receipt) expect(result.receipt).toBe(receipt);
    }
  });
});
