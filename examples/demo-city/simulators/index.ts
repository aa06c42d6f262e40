import { Agent } from 'undici';
import type { Logger } from '../../../src/log/logger';
import { silentLogger } from '../../../src/log/logger';
import { AmqpSimulator, brokerUnreachable } from './amqp-simulator';
import { FileSimulator } from './file-simulator';
import type { AmqpSimulatorSpec, FileSimulatorSpec, SoapSimulatorSpec } from './kind-specs';
import { RestSimulator } from './rest-simulator';
import { SoapSimulator } from './soap-simulator';
import { loadSimulatorSpecs } from './specs';
import { OwhError } from '../../../src/errors/owh-error';
import type { ConnectorOverride, FleetTotals, ReceivedMessage, RunningSimulator, SimulatorFleet, SimulatorKind, SkippedSimulator } from './types';

export type {
  CaseScript,
  ConnectorOverride,
  Faults,
  FleetTotals,
  LookupCall,
  MessageOperation,
  ReceivedMessage,
  RequiredMaterial,
  RunningSimulator,
  SimulatorFleet,
  SimulatorKind,
  SimulatorStats,
  SkippedSimulator,
  SupplementScript,
} from './types';
export { lookUpInsurance } from './social-insurance-register';
export type { InsuranceCertificate, RegisterAnswer } from './social-insurance-register';

export interface SimulatorOptions {
  /** The catalog folder (examples/demo-city/catalog, or a test's). */
  catalogRoot: string;
  /** Default: `<catalogRoot>/../simulators.yaml`. */
  simulatorsFile?: string;
  /**
   * The hub's base URL: where REST systems post results (`<hubUrl>/api/v1/cases/<caseId>/results`)
   * and SOAP systems that push call the SOAP callback (`<hubUrl>/soap/results`); see also `setHubUrl`.
   */
  hubUrl: string;
  /** Wait before the acceptance result, and again before the completion result. Default 1000; 0 allowed. */
  resultDelayMs?: number;
  /** Default true. */
  postResults?: boolean;
  /**
   * Ports by connector id (`<system>` or `<system>@<district>`) for REST and SOAP simulators,
   * overriding the catalog's; 0 picks a free one; `'*'` stands for every connector not named.
   */
  ports?: Record<string, number>;
  /** Only these system ids. Default: every system in simulators.yaml the fleet can play (REST, and SOAP, file, AMQP entries with their kind's settings). */
  systems?: string[];
  /** Only systems of these adapter kinds. Default: all four. */
  kinds?: SimulatorKind[];
  /**
   * File-drop folders: `<dataDir>/<system>/outbox` and `…/inbox` (tests give a temporary folder).
   * Default: the connector's own folders in systems.yaml (the demo city's: data/demo-city/drop/<system>/
   * under the repository root). The simulators create them: they are the department's side.
   */
  dataDir?: string;
  /**
   * Prefixes the AMQP exchange and queue names (`<namespace>.owh.transport`, …), so fleets sharing
   * a broker do not take each other's messages; `connectorOverrides()` then names them for the hub.
   */
  amqpNamespace?: string;
  /** Where tokens and passwords are read (the same variables the hub reads, else their demo values). Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default: a silent logger (a skipped AMQP department is then reported on stderr). */
  logger?: Logger;
}

const DEFAULT_SETTLE_MS = 30_000;

type AnySimulator = RestSimulator | SoapSimulator | FileSimulator | AmqpSimulator;

/**
 * Starts the demo city's department simulators on 127.0.0.1: one per REST connector (one per
 * district for a system run per district) and one per SOAP system (real HTTP servers), one per
 * file-drop system (its folders, watched), and one per AMQP system (a consumer on the broker).
 * If a server cannot start, those already started are closed and the error is thrown; an AMQP
 * department whose broker cannot be reached is skipped with a logged message (`skipped`), so the
 * rest of the city still runs.
 */
export async function startSimulators(options: SimulatorOptions): Promise<SimulatorFleet> {
  const postResults = options.postResults ?? true;
  const env = options.env ?? process.env;
  const specs = loadSimulatorSpecs({
    catalogRoot: options.catalogRoot,
    simulatorsFile: options.simulatorsFile,
    ports: options.ports,
    systems: options.systems,
    kinds: options.kinds,
    env,
    needResultsToken: postResults,
    dataDir: options.dataDir,
    amqpNamespace: options.amqpNamespace,
  });
  const logger = options.logger ?? silentLogger();
  let hubUrl = options.hubUrl;
  const dispatcher = new Agent({ keepAliveTimeout: 4_000, connections: 8 });
  const resultDelayMs = options.resultDelayMs ?? 1000;
  const common = { hubUrl: () => hubUrl, resultDelayMs, postResults, dispatcher, logger };
  const candidates: AnySimulator[] = [
    ...specs.rest.map((spec) => new RestSimulator({ spec, ...common })),
    ...specs.others.map((spec) => {
      switch (spec.kind) {
        case 'soap':
          return new SoapSimulator({ spec: spec as SoapSimulatorSpec, ...common });
        case 'file':
          return new FileSimulator({ spec: spec as FileSimulatorSpec, resultDelayMs, postResults, logger });
        case 'amqp':
          return new AmqpSimulator({ spec: spec as AmqpSimulatorSpec, resultDelayMs, postResults, logger });
      }
    }),
  ];
  const skipped: SkippedSimulator[] = [];
  const closeAll = async () => {
    await Promise.all(candidates.map((s) => s.close()));
    await dispatcher.close().catch(() => dispatcher.destroy());
  };
  try {
    await Promise.all(
      candidates.map(async (s) => {
        if (!(s instanceof AmqpSimulator)) return s.listen();
        try {
          await s.listen();
        } catch (error) {
          const reason = brokerUnreachable(specs.others.find((x) => x.connectorId === s.connectorId) as AmqpSimulatorSpec, error);
          skipped.push({ system: s.system, connectorId: s.connectorId, kind: 'amqp', reason: `${reason.message}. ${reason.fix}` });
          await s.close();
        }
      }),
    );
  } catch (error) {
    await closeAll();
    throw error;
  }
  for (const s of skipped) {
    if (options.logger) logger.warn({ connector: s.connectorId }, `simulator skipped: ${s.reason}`);
    else process.stderr.write(`demo city: simulator ${s.connectorId} skipped: ${s.reason}\n`);
  }
  const simulators = candidates.filter((s) => !skipped.some((k) => k.connectorId === s.connectorId));
  for (const s of simulators) logger.info({ connector: s.connectorId, kind: s.kind, url: s.url }, 'simulator listening');

  const byId = new Map<string, AnySimulator>(simulators.map((s) => [s.connectorId, s]));
  /** The simulators a name means: one connector, or every instance of a system. */
  const named = (system: string): AnySimulator[] => {
    const one = byId.get(system);
    if (one) return [one];
    const all = simulators.filter((s) => s.system === system);
    if (all.length === 0) {
      const skip = skipped.find((k) => k.system === system || k.connectorId === system);
      throw new OwhError('OWH_USAGE', {
        message: skip ? `the simulator of ${system} was skipped: ${skip.reason}` : `the fleet plays no system or connector '${system}'`,
        fix: `One of: ${[...byId.keys()].join(', ')}.`,
      });
    }
    return all;
  };
  const received = (system: string, pick: (s: AnySimulator) => ReceivedMessage[]): ReceivedMessage[] =>
    named(system)
      .flatMap(pick)
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  let closing: Promise<void> | undefined;
  return {
    simulators,
    skipped,
    get: (connectorId) => byId.get(connectorId),
    connectorOverrides: () => {
      const overrides: Record<string, ConnectorOverride> = {};
      for (const s of simulators) {
        if (s instanceof RestSimulator) overrides[s.connectorId] = { baseUrl: s.url };
        else if (s instanceof SoapSimulator) overrides[s.connectorId] = { endpoint: s.url };
        else if (s instanceof FileSimulator) overrides[s.connectorId] = s.folders();
        else {
          const names = s.names();
          if (names) overrides[s.connectorId] = names;
        }
      }
      return overrides;
    },
    totals: () => totalsOf(simulators),
    script: (system, caseId, script) => {
      for (const s of named(system)) s.script(caseId, script);
    },
    opinionsReceived: (system, caseId) => received(system, (s) => s.opinionsReceived(caseId)),
    supplementsReceived: (system, caseId) => received(system, (s) => s.supplementsReceived(caseId)),
    settled: (timeoutMs = DEFAULT_SETTLE_MS) => settled(simulators, timeoutMs),
    setHubUrl: (url) => {
      hubUrl = url;
    },
    close: () => (closing ??= closeAll()),
  };
}

function totalsOf(simulators: RunningSimulator[]): FleetTotals {
  const totals: FleetTotals = {
    received: 0, applied: 0, duplicatesSuppressed: 0, rejected: 0, failed: 0, dropped: 0,
    resultsPosted: 0, resultsRefused: 0, resultsPending: 0,
    opinionsReceived: 0, supplementsReceived: 0, messagesRepeated: 0, lookupsAnswered: 0,
    maxAppliedPerCase: 0,
  };
  for (const s of simulators) {
    const { system: _system, connectorId: _connectorId, appliedByCase, ...counters } = s.stats();
    for (const [name, value] of Object.entries(counters) as Array<[keyof typeof counters, number]>) totals[name] += value;
    for (const n of Object.values(appliedByCase)) totals.maxAppliedPerCase = Math.max(totals.maxAppliedPerCase, n);
  }
  return totals;
}

async function settled(simulators: AnySimulator[], timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  try {
    await Promise.race([Promise.all(simulators.map((s) => s.idle())), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
