import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { soapAdapter } from '../../../adapters/soap';
import type { Connector } from '../../../src/adapters/contract';
import { silentLogger } from '../../../src/log/logger';
import { mountSoapCallback } from '../../../src/server/soap-callback';
import { startSimulators, SimulatorFleet } from '../../../examples/demo-city/simulators';
import { RecordingResultSink } from '../../helpers/connector-context';
import { casesFor, DEMO_CATALOG, demoCity, demoConnector, eventually, hubResult, kindsByCase, messageFor } from './kinds-helpers';

/**
 * The demo city's SOAP departments (社会保险, 户籍, 环评), each served by soap.listen from its
 * WSDL, against the real soap adapter: every form each one takes goes through the connector,
 * applied once however often it is sent, and its results come back polled (QueryResults) or
 * pushed to the hub's SOAP callback, and map to valid hub results naming their case.
 */
describe('the demo city\'s SOAP departments', () => {
  const city = demoCity();
  let fleet: SimulatorFleet;
  /** A stand-in for the hub's server with the real SOAP callback endpoint mounted on it. */
  let hub: Server;
  const pushed: Array<{ systemId: string; caseId: string; body: unknown }> = [];
  const connectors: Connector[] = [];

  beforeAll(async () => {
    hub = createServer((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    const tokens = new Map([...city.catalog.systems.values()].filter((s) => s.results?.token?.demoValue).map((s) => [s.id, s.results!.token!.demoValue!]));
    mountSoapCallback(hub, {
      path: '/soap/results',
      authenticate: (username, password) => (tokens.get(username) === password ? username : undefined),
      submit: async (systemId, input) => {
        pushed.push({ systemId, ...input });
        return { status: 'accepted', duplicate: false };
      },
      logger: silentLogger(),
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    fleet = await startSimulators({
      catalogRoot: DEMO_CATALOG,
      hubUrl: `http://127.0.0.1:${(hub.address() as AddressInfo).port}`,
      ports: { '*': 0 },
      kinds: ['soap'],
      resultDelayMs: 0,
      env: {},
    });
  });
  afterAll(async () => {
    await Promise.all(connectors.map((c) => c.close()));
    await fleet?.close();
    await new Promise<void>((resolve) => {
      hub.close(() => resolve());
      hub.closeAllConnections();
    });
  });

  function connect(systemId: string, extra: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}): { connector: Connector; sink: RecordingResultSink } {
    const made = demoConnector(city, soapAdapter, fleet, systemId, extra, env);
    connectors.push(made.connector);
    return made;
  }

  it('plays the three SOAP systems from their WSDLs, on the endpoints the hub is pointed at', async () => {
    expect(fleet.simulators.map((s) => [s.connectorId, s.kind]).sort()).toEqual([
      ['eco-eia', 'soap'],
      ['hrss-social-insurance', 'soap'],
      ['psb-household', 'soap'],
    ]);
    for (const s of fleet.simulators) {
      expect(fleet.connectorOverrides()[s.connectorId]).toEqual({ endpoint: s.url });
      const { connector } = connect(s.connectorId);
      await expect(connector.health()).resolves.toMatchObject({ state: 'up' });
    }
  });

  it.each([
    ['hrss-social-insurance', 'poll'],
    ['psb-household', 'poll'],
    ['eco-eia', 'push'],
  ])('%s takes every form once per key and returns its results (%s)', async (systemId, how) => {
    const { connector, sink } = connect(systemId, how === 'poll' ? { poll: { operation: 'QueryResults', intervalMs: 50, args: { maxCount: 100 }, resultsPath: 'results.result' } } : {});
    const simulator = fleet.get(systemId)!;
    const cases = casesFor(city, systemId, `SOAP${systemId.slice(0, 3).toUpperCase()}`);
    expect(cases.length).toBeGreaterThan(1);
    for (const envelope of cases) {
      const message = messageFor(city, envelope, systemId);
      const first = await connector.send(message);
      const again = await connector.send({ ...message, attempt: 2 });
      expect(again.body).toEqual(first.body);
      const receipt = city.mappings.response(systemId)!.map(first) as { receipt: string };
      expect(receipt.receipt).toMatch(/^[A-Z]+[0-9]{14}$/);
    }
    const stats = simulator.stats();
    expect(stats).toMatchObject({ applied: cases.length, duplicatesSuppressed: cases.length, rejected: 0 });
    for (const envelope of cases) expect(stats.appliedByCase[envelope.caseId]).toBe(1);

    await connector.start!();
    const caseIds = new Set(cases.map((c) => c.caseId));
    const results = await eventually(() => {
      const inputs = how === 'poll' ? sink.submitted : pushed.filter((p) => p.systemId === systemId).map(({ caseId, body }) => ({ caseId, body }));
      const mapped = inputs.map((input) => hubResult(city, systemId, input)).filter((r) => caseIds.has(String(r.caseId)));
      const kinds = kindsByCase(mapped);
      return [...caseIds].every((id) => kinds.get(id)?.length === 2) ? mapped : undefined;
    }, 15_000, `the results of ${systemId}`);
    for (const [caseId, kinds] of kindsByCase(results)) {
      expect({ caseId, kinds }).toEqual({ caseId, kinds: ['acceptance', 'completion'] });
    }
    const completion = results.find((r) => r.kind === 'completion')!;
    expect(completion.documents).toEqual([expect.objectContaining({ fileName: expect.stringMatching(/\.pdf$/), uri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/documents\//) })]);
    await fleet.settled(5_000);
    expect(simulator.stats().resultsPending).toBe(0);
  });

  it('refuses a wrong WS-Security password for good, with no effect', async () => {
    const { connector } = connect('hrss-social-insurance', {}, { OWH_HRSS_SOCIAL_INSURANCE_SOAP_PASSWORD: 'not-the-password' });
    const [envelope] = casesFor(city, 'hrss-social-insurance', 'SOAPAUTH');
    const before = fleet.get('hrss-social-insurance')!.stats().applied;
    await expect(connector.send(messageFor(city, envelope, 'hrss-social-insurance'))).rejects.toMatchObject({ code: 'OWH_SEND_REJECTED' });
    expect(fleet.get('hrss-social-insurance')!.stats().applied).toBe(before);
  });

  it('answers a soap:Server fault when told to fail, which the adapter retries, and applies the case when it is sent again', async () => {
    const { connector } = connect('psb-household');
    const simulator = fleet.get('psb-household')!;
    simulator.setFaults({ failNext: { count: 1, status: 503 } });
    const [envelope] = casesFor(city, 'psb-household', 'SOAPFAIL');
    const message = messageFor(city, envelope, 'psb-household');
    await expect(connector.send(message)).rejects.toMatchObject({ code: 'OWH_SEND_SERVER_ERROR', retryable: true });
    await expect(connector.send({ ...message, attempt: 2 })).resolves.toMatchObject({ status: 200 });
    expect(simulator.stats().appliedByCase[envelope.caseId]).toBe(1);
  });
});
