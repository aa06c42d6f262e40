import { testConnectorContext } from '../../helpers/connector-context';
import { restAdapter } from '../../../adapters/rest';
import type { Connector, OutboundMessage } from '../../../src/adapters/contract';
import { AdapterRegistry } from '../../../src/adapters/registry';
import { loadCatalog } from '../../../src/catalog/load';
import { deepMerge } from '../../../src/config/load';
import { createSecretResolver } from '../../../src/config/secrets';
import { silentLogger } from '../../../src/log/logger';
import type { SimulatorFleet } from '../../../examples/demo-city/simulators';
import { CATALOG, FakeHub, govCase, openCase, startTestFleet } from './helpers';

/** The hub's own REST connector, built from the catalog as the hub builds it, pointed at the fleet. */
function connectorFor(fleet: SimulatorFleet, connectorId: string): Connector {
  const catalog = loadCatalog(CATALOG);
  const [systemId, district] = connectorId.split('@');
  const system = catalog.systems.get(systemId)!;
  const settings = deepMerge(deepMerge(system.connector ?? {}, (district && system.instances?.[district]?.connector) || {}), fleet.connectorOverrides()[connectorId]);
  return new AdapterRegistry([restAdapter]).create('rest', settings as Record<string, unknown>, testConnectorContext({
    connectorId,
    systemId,
    logger: silentLogger(),
    secret: createSecretResolver({ env: {}, allowDemoValues: true }),
    defaultTimeoutMs: 1_000,
  }));
}

function message(caseId: string, systemId: string, payload: unknown, attempt = 1): OutboundMessage {
  return { idempotencyKey: `${caseId}:${systemId}`, caseId, itemCode: 'XK00101001', systemId, deliveryId: 1, attempt, payload };
}

describe('the simulators are real peers of the hub\'s REST connector', () => {
  let hub: FakeHub;
  let fleet: SimulatorFleet;
  let amr: Connector;
  let hf: Connector;

  beforeAll(async () => {
    hub = await new FakeHub().start();
    fleet = await startTestFleet({ hubUrl: hub.url, postResults: false });
    amr = connectorFor(fleet, 'amr-registration');
    hf = connectorFor(fleet, 'housing-fund');
  });
  afterAll(async () => {
    await amr.close();
    await hf.close();
    await fleet.close();
    await hub.close();
  });
  beforeEach(() => fleet.simulators.forEach((s) => s.reset()));

  it('takes a delivery with the connector\'s auth and idempotency header, once', async () => {
    const first = await amr.send(message('P-1', 'amr-registration', govCase('P-1')));
    const again = await amr.send(message('P-1', 'amr-registration', govCase('P-1'), 2));
    expect(first.status).toBe(200);
    expect((again.body as any).data.sjbh).toBe((first.body as any).data.sjbh);
    expect(fleet.get('amr-registration')!.stats()).toMatchObject({ applied: 1, duplicatesSuppressed: 1 });
    const open = await hf.send(message('P-1', 'housing-fund', openCase('P-1')));
    expect(open).toMatchObject({ status: 201, body: { status: 'RECEIVED' } });
  });

  it('is classified as the connector expects: 503 retryable with Retry-After, 422 permanent, dropped connection retryable', async () => {
    fleet.get('amr-registration')!.setFaults({ failNext: { count: 1, status: 503, retryAfter: 3 } });
    await expect(amr.send(message('P-2', 'amr-registration', govCase('P-2')))).rejects.toMatchObject({ code: 'OWH_SEND_SERVER_ERROR', retryAfterMs: 3000 });
    fleet.get('amr-registration')!.setFaults({ rejectNext: { count: 1, status: 422 } });
    await expect(amr.send(message('P-2', 'amr-registration', govCase('P-2')))).rejects.toMatchObject({ code: 'OWH_SEND_REJECTED' });
    fleet.get('amr-registration')!.setFaults({ dropConnectionNext: 1 });
    await expect(amr.send(message('P-2', 'amr-registration', govCase('P-2')))).rejects.toMatchObject({ code: 'OWH_SEND_NETWORK' });
    await expect(amr.send(message('P-2', 'amr-registration', { ywlsh: 'P-2' }))).rejects.toMatchObject({ code: 'OWH_SEND_REJECTED' });
    expect(fleet.get('amr-registration')!.stats().applied).toBe(0);
  });

  it('times the connector out when it answers slowly, and the resend is a duplicate', async () => {
    // housing-fund sets no timeoutMs, so the connector waits defaultTimeoutMs (1 s)
    const sim = fleet.get('housing-fund')!;
    sim.setFaults({ delayMs: 1_500 });
    await expect(hf.send(message('P-3', 'housing-fund', openCase('P-3')))).rejects.toMatchObject({ code: 'OWH_SEND_TIMEOUT' });
    sim.setFaults({ delayMs: 0 });
    await hf.send(message('P-3', 'housing-fund', openCase('P-3'), 2));
    expect(sim.stats()).toMatchObject({ applied: 1, duplicatesSuppressed: 1, appliedByCase: { 'P-3': 1 } });
  });

  it('answers the connector\'s health probe', async () => {
    expect(await amr.health()).toMatchObject({ state: 'up' });
    expect(await hf.health()).toMatchObject({ state: 'up' });
  });
});
