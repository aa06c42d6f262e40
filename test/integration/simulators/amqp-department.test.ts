import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import * as amqplib from 'amqplib';
import { amqpAdapter } from '../../../adapters/amqp';
import type { Connector } from '../../../src/adapters/contract';
import { createLogger } from '../../../src/log/logger';
import { startSimulators, SimulatorFleet } from '../../../examples/demo-city/simulators';
import { RecordingResultSink } from '../../helpers/connector-context';
import { serviceAvailable } from '../../helpers/services';
import { tempDir } from '../../helpers/temp-dir';
import { casesFor, DEMO_CATALOG, demoCity, demoConnector, eventually, hubResult, kindsByCase, messageFor } from './kinds-helpers';

/** This test's names on the shared broker, so it never meets the demo city (or another test) there. */
const NAMESPACE = 'owh-test.simulators';
const NAMES = {
  exchanges: [`${NAMESPACE}.owh.transport`, `${NAMESPACE}.owh.transport.results.dlx`],
  queues: [`${NAMESPACE}.jtys.xzsp.sqxx`, `${NAMESPACE}.owh.transport.results`, `${NAMESPACE}.owh.transport.results.dead`],
};

/** Removes this test's exchanges and queues (left by an earlier run, or by this one). */
async function clearBroker(): Promise<void> {
  const connection = await amqplib.connect('amqp://guest:guest@127.0.0.1:5672');
  try {
    for (const queue of NAMES.queues) {
      const channel = await connection.createChannel();
      await channel.deleteQueue(queue).catch(() => undefined);
      await channel.close().catch(() => undefined);
    }
    for (const exchange of NAMES.exchanges) {
      const channel = await connection.createChannel();
      await channel.deleteExchange(exchange).catch(() => undefined);
      await channel.close().catch(() => undefined);
    }
  } finally {
    await connection.close();
  }
}

describe('the demo city\'s AMQP department without a broker', () => {
  it('is skipped with a message naming the broker and how to start it, and the fleet still starts and closes', async () => {
    const dir = tempDir('owh-amqp-nobroker-');
    try {
      // The demo catalog with the broker moved to a port where nothing listens.
      const catalog = join(dir.path, 'catalog');
      cpSync(DEMO_CATALOG, catalog, { recursive: true });
      const systemsFile = join(catalog, 'systems.yaml');
      writeFileSync(systemsFile, readFileSync(systemsFile, 'utf8').replace('url: amqp://127.0.0.1:5672', 'url: amqp://127.0.0.1:1'));
      const lines: string[] = [];
      const destination = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      });
      const logger = createLogger({ level: 'warn', destination });
      const fleet = await startSimulators({
        catalogRoot: catalog,
        simulatorsFile: join(DEMO_CATALOG, '..', 'simulators.yaml'),
        hubUrl: 'http://127.0.0.1:9',
        kinds: ['amqp', 'soap'],
        ports: { '*': 0 },
        env: {},
        logger,
      });
      expect(fleet.simulators.map((s) => s.kind)).toEqual(['soap', 'soap', 'soap']);
      expect(fleet.skipped).toEqual([{ system: 'transport-permits', connectorId: 'transport-permits', kind: 'amqp', reason: expect.stringContaining('rabbitmq-server -detached') }]);
      expect(fleet.skipped[0].reason).toContain('amqp://127.0.0.1:1');
      expect(lines.map((l) => JSON.parse(l).msg)).toEqual([expect.stringMatching(/^simulator skipped: the AMQP department transport-permits could not start on the broker at amqp:\/\/127\.0\.0\.1:1: /)]);
      expect(fleet.get('transport-permits')).toBeUndefined();
      await fleet.close();
    } finally {
      dir.cleanup();
    }
  });
});

describe('the demo city\'s AMQP department on the broker', () => {
  const city = demoCity();
  let broker = false;
  let fleet: SimulatorFleet | undefined;
  let connector: Connector | undefined;
  let sink: RecordingResultSink;

  beforeAll(async () => {
    broker = await serviceAvailable('rabbitmq');
    if (!broker) return;
    await clearBroker();
    fleet = await startSimulators({ catalogRoot: DEMO_CATALOG, hubUrl: 'http://127.0.0.1:9', kinds: ['amqp'], amqpNamespace: NAMESPACE, resultDelayMs: 0, env: {} });
    ({ connector, sink } = demoConnector(city, amqpAdapter, fleet, 'transport-permits'));
  });
  afterAll(async () => {
    await connector?.close();
    await fleet?.close();
    if (broker) await clearBroker();
  });

  it('consumes from its own queue bound to the exchange, and names the renamed exchange and reply queue for the hub', () => {
    if (!broker) return;
    expect(fleet!.skipped).toEqual([]);
    expect(fleet!.simulators.map((s) => [s.connectorId, s.kind, s.url])).toEqual([
      ['transport-permits', 'amqp', `amqp://127.0.0.1:5672/${encodeURIComponent(`${NAMESPACE}.owh.transport`)}/permits.apply`],
    ]);
    expect(fleet!.connectorOverrides()).toEqual({ 'transport-permits': { exchange: `${NAMESPACE}.owh.transport`, replyQueue: `${NAMESPACE}.owh.transport.results` } });
  });

  it('takes every form once per messageId and replies on the reply queue with the correlationId', async () => {
    if (!broker) return;
    const simulator = fleet!.get('transport-permits')!;
    const cases = casesFor(city, 'transport-permits', 'AMQPDEPT');
    expect(cases.length).toBeGreaterThan(1);
    for (const envelope of cases) {
      const message = messageFor(city, envelope, 'transport-permits');
      const first = await connector!.send(message);
      await connector!.send({ ...message, attempt: 2 });
      expect(city.mappings.response('transport-permits')!.map(first)).toEqual({ receipt: `${envelope.caseId}:transport-permits` });
    }
    await eventually(() => simulator.stats().received === 2 * cases.length, 10_000, 'every message consumed');
    expect(simulator.stats()).toMatchObject({ applied: cases.length, duplicatesSuppressed: cases.length, rejected: 0 });
    for (const envelope of cases) expect(simulator.stats().appliedByCase[envelope.caseId]).toBe(1);

    await connector!.start!();
    const caseIds = new Set(cases.map((c) => c.caseId));
    const results = await eventually(() => {
      const mapped = sink.submitted.map((input) => hubResult(city, 'transport-permits', input)).filter((r) => caseIds.has(String(r.caseId)));
      const kinds = kindsByCase(mapped);
      return [...caseIds].every((id) => kinds.get(id)?.length === 2) ? mapped : undefined;
    }, 15_000, 'the replies');
    // The channel (the correlationId) names the case, and the mapping agrees.
    expect(sink.submitted.every((s) => typeof s.caseId === 'string' && caseIds.has(s.caseId))).toBe(true);
    for (const [caseId, kinds] of kindsByCase(results)) expect({ caseId, kinds }).toEqual({ caseId, kinds: ['acceptance', 'completion'] });
    expect(results.find((r) => r.kind === 'completion')!.documents).toEqual([
      expect.objectContaining({ mediaType: 'application/pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), content: expect.any(String) }),
    ]);
    await fleet!.settled(5_000);
    expect(simulator.stats()).toMatchObject({ resultsPending: 0, resultsPosted: 2 * cases.length });
  });
});
