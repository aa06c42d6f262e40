import type { AdapterSpec, Connector, OutboundMessage } from '../../src/adapters/contract';
import { AdapterRegistry } from '../../src/adapters/registry';
import { isOwhError, OwhError } from '../../src/errors/owh-error';
import { RecordingResultSink, testConnectorContext } from '../helpers/connector-context';
import { eventually } from '../helpers/eventually';

/**
 * The adapter conformance suite: the same behaviour asked of every adapter kind, each against a
 * real peer (an HTTP server, a SOAP server from a WSDL, real folders, the real broker). An adapter
 * kind joins by writing a `<kind>.conformance.test.ts` that gives a {@link ConformanceTarget} to
 * {@link describeConformance} — see docs/writing-an-adapter.md.
 */

/** A running peer: the department system a connector of the kind under test talks to. */
export interface ConformancePeer {
  /** Connector settings that reach this peer. */
  settings: Record<string, unknown>;
  /** How many times the peer applied the message with this idempotency key (a system that honours keys: at most 1). */
  effects(idempotencyKey: string): Promise<number> | number;
  /** The peer refuses the next message for good (a 4xx, a client fault, a message it cannot take). */
  rejectNext(): void;
  /** The peer takes the next message but never answers, so the send must time out. Kinds without an answer leave it out. */
  stallNext?(): void;
  /** The peer sends back a result for this case its kind's way (pickup, consume, poll). Push-only kinds leave it out. */
  emitResult?(caseId: string): Promise<void>;
  /** The peer goes away (the connector's health must say down) … */
  stop(): Promise<void>;
  /** … and comes back at the same address. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface ConformanceTarget {
  spec: AdapterSpec<any>;
  startPeer(): Promise<ConformancePeer>;
  /** Settings that point at a peer that cannot be reached at all (a closed port, a missing folder…). */
  unreachableSettings(peer: ConformancePeer): Record<string, unknown>;
  /** The timeout to put in settings for the stall test (ms). */
  timeoutMs?: number;
  /** Extra context the kind needs (env for secrets, the catalog folder for relative paths). */
  env?: NodeJS.ProcessEnv;
  catalogRoot?: string;
  /** The test's time allowance (brokers and folders can be slower than HTTP). */
  testTimeoutMs?: number;
  /**
   * For kinds that carry only the operations their settings name (REST, SOAP): settings that reach
   * the peer and name the operation `opinion`. Kinds that carry any operation (a file, a broker
   * message says what it is) leave it out, and their peer's own settings are used.
   */
  operationSettings?(peer: ConformancePeer): Record<string, unknown>;
}

let sequence = 0;

export function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  const caseId = `CONF${Date.now().toString(36).toUpperCase()}${String(++sequence).padStart(4, '0')}`;
  return {
    idempotencyKey: `${caseId}:conformance`,
    caseId,
    itemCode: 'XK00101001',
    systemId: 'conformance',
    deliveryId: sequence,
    attempt: 1,
    payload: { ywlsh: caseId, sxbm: 'XK00101001', sqr: { xm: '王小明' }, bdsj: { qymc: '宁波甬江贸易有限公司', zczb: '100.00' } },
    ...overrides,
  };
}

/** A message about the case of `m` other than the case itself, keyed as the hub keys them. */
function operationMessage(m: OutboundMessage, operation: string): OutboundMessage {
  return { ...m, operation, idempotencyKey: `${m.caseId}:${m.systemId}:${operation}:R1`, payload: { ywlsh: m.caseId, fromDept: 'conformance', yj: 'agree' } };
}

async function failure(promise: Promise<unknown>): Promise<OwhError> {
  try {
    await promise;
  } catch (error) {
    if (isOwhError(error)) return error;
    throw new Error(`expected an OwhError, got ${String(error)}`);
  }
  throw new Error('expected the send to fail');
}


/** Handles that belong to connectors (sockets, watchers, file handles); jest's own timers are left out. */
function connectorHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (/TCP|Pipe|FSEvent|StatWatcher|FileHandle|UDP/i.test(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

export function describeConformance(target: ConformanceTarget): void {
  const kind = target.spec.kind;
  describe(`adapter conformance: ${kind}`, () => {
    const registry = new AdapterRegistry([target.spec]);
    let peer: ConformancePeer;
    const connectors: Connector[] = [];
    let sink: RecordingResultSink;

    const connect = (settings: Record<string, unknown> = peer.settings): Connector => {
      sink = new RecordingResultSink();
      const connector = registry.create(kind, settings, testConnectorContext({ connectorId: `conformance-${kind}`, systemId: 'conformance', env: target.env, results: sink, catalogRoot: target.catalogRoot ?? process.cwd(), defaultTimeoutMs: target.timeoutMs ?? 2000 }));
      connectors.push(connector);
      return connector;
    };

    beforeAll(async () => {
      peer = await target.startPeer();
    }, target.testTimeoutMs ?? 30_000);
    afterEach(async () => {
      await Promise.all(connectors.splice(0).map((c) => c.close()));
    });
    afterAll(async () => {
      await peer?.close();
    });
    if (target.testTimeoutMs) jest.setTimeout(target.testTimeoutMs);

    it('has a config schema that compiles, with examples that validate', () => {
      const examples = (target.spec.configSchema.examples ?? []) as unknown[];
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) expect(registry.check(kind, example)).toEqual([]);
      expect(registry.check(kind, peer.settings)).toEqual([]);
      expect(registry.check(kind, { surely: 'not a setting' }).length).toBeGreaterThan(0);
    });

    it('sends a message and is acknowledged', async () => {
      const m = message();
      await expect(connect().send(m)).resolves.toBeDefined();
      expect(await peer.effects(m.idempotencyKey)).toBe(1);
    });

    it('has one effect at the peer when the same message is sent again with the same idempotency key', async () => {
      const connector = connect();
      const m = message();
      await connector.send(m);
      await connector.send({ ...m, attempt: 2 });
      expect(await peer.effects(m.idempotencyKey)).toBe(1);
    });

    it('carries another message about a case (an opinion) under its own idempotency key: one effect, apart from the case', async () => {
      const connector = connect(target.operationSettings?.(peer) ?? peer.settings);
      const m = message();
      const opinion = operationMessage(m, 'opinion');

      const result = await connector.send(opinion);
      await connector.send({ ...opinion, attempt: 2 });
      await connector.send(m);

      expect(await peer.effects(opinion.idempotencyKey)).toBe(1);
      expect(await peer.effects(m.idempotencyKey)).toBe(1);
      // A kind that answers (HTTP, SOAP) hands back the system's answer, for lookups to map.
      if (target.spec.capabilities.answers) expect(result.body).toBeDefined();
    });

    it(target.operationSettings ? 'refuses for good, sending nothing, an operation its settings do not name' : 'carries an operation with no settings of its own', async () => {
      const connector = connect(peer.settings);
      const unknown = operationMessage(message(), 'no-such-operation');
      if (target.operationSettings) {
        const e = await failure(connector.send(unknown));
        expect([e.code, e.retryable]).toEqual(['OWH_OPERATION_UNKNOWN', false]);
        expect(await peer.effects(unknown.idempotencyKey)).toBe(0);
      } else {
        await expect(connector.send(unknown)).resolves.toBeDefined();
        expect(await peer.effects(unknown.idempotencyKey)).toBe(1);
      }
    });

    it('classifies a refused message as permanent', async () => {
      peer.rejectNext();
      const e = await failure(connect().send(message()));
      expect(e.retryable).toBe(false);
    });

    it('classifies an unreachable peer as retryable', async () => {
      const e = await failure(connect(target.unreachableSettings(peer)).send(message()));
      expect(e.retryable).toBe(true);
    });

    (target.timeoutMs ? it : it.skip)('classifies a peer that does not answer in time as retryable (a timeout)', async () => {
      peer.stallNext!();
      const started = Date.now();
      const e = await failure(connect({ ...peer.settings, timeoutMs: target.timeoutMs }).send(message()));
      expect(e.retryable).toBe(true);
      expect(Date.now() - started).toBeLessThan(target.timeoutMs! * 5);
    });

    if (target.spec.capabilities.results.some((r) => r !== 'push')) {
      it(`brings results back its way (${target.spec.capabilities.results.join(', ')})`, async () => {
        const connector = connect();
        await connector.start?.();
        const m = message();
        await connector.send(m);
        await peer.emitResult!(m.caseId);
        const got = await eventually(() => sink.submitted.find((s) => s.caseId === m.caseId || JSON.stringify(s.body).includes(m.caseId)), 15_000, `the result of ${m.caseId}`);
        expect(got.body).toBeDefined();
      });
    }

    it('reports health: up, down when the peer stops, up again when it is back', async () => {
      const connector = connect();
      expect((await connector.health()).state).toBe('up');
      await peer.stop();
      try {
        expect((await connector.health()).state).toBe('down');
      } finally {
        await peer.restart();
      }
      await eventually(async () => ((await connector.health()).state === 'up' ? true : undefined), 15_000, 'health up again');
    });

    it('releases everything on close, and refuses to send after', async () => {
      const before = connectorHandles();
      const connector = connect();
      await connector.start?.();
      await connector.send(message());
      await connector.close();
      connectors.splice(connectors.indexOf(connector), 1);
      const e = await failure(connector.send(message()));
      expect([e.code, e.retryable]).toEqual(['OWH_CONNECTOR_CLOSED', true]);
      await eventually(() => {
        const after = connectorHandles();
        return Object.entries(after).every(([k, n]) => n <= (before[k] ?? 0)) ? true : undefined;
      }, 5_000, 'handles released');
    });
  });
}
