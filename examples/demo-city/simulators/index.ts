import { Agent } from 'undici';
import type { Logger } from '../../../src/log/logger';
import { silentLogger } from '../../../src/log/logger';
import { RestSimulator } from './rest-simulator';
import { loadSimulatorSpecs } from './specs';
import type { FleetTotals, RunningSimulator, SimulatorFleet } from './types';

export type { Faults, FleetTotals, RunningSimulator, SimulatorFleet, SimulatorStats } from './types';

export interface SimulatorOptions {
  /** The catalog folder (examples/demo-city/catalog, or a test's). */
  catalogRoot: string;
  /** Default: `<catalogRoot>/../simulators.yaml`. */
  simulatorsFile?: string;
  /** Where results are posted (`<hubUrl>/api/v1/cases/<caseId>/results`); see also `setHubUrl`. */
  hubUrl: string;
  /** Wait before the acceptance result, and again before the completion result. Default 1000; 0 allowed. */
  resultDelayMs?: number;
  /** Default true. */
  postResults?: boolean;
  /** Ports by connector id (`<system>` or `<system>@<district>`), overriding the catalog's baseUrl; 0 picks a free one; `'*'` stands for every connector not named. */
  ports?: Record<string, number>;
  /** Only these system ids. Default: every REST system listed in simulators.yaml. */
  systems?: string[];
  /** Where tokens are read (the same variables the hub reads, else their demo values). Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default: a silent logger. */
  logger?: Logger;
}

const DEFAULT_SETTLE_MS = 30_000;

/**
 * Starts one simulator per REST connector of the demo city (one per district for a system run per
 * district), each a real HTTP server on 127.0.0.1. If any cannot start, those already started are
 * closed and the error is thrown.
 */
export async function startSimulators(options: SimulatorOptions): Promise<SimulatorFleet> {
  const postResults = options.postResults ?? true;
  const specs = loadSimulatorSpecs({
    catalogRoot: options.catalogRoot,
    simulatorsFile: options.simulatorsFile,
    ports: options.ports,
    systems: options.systems,
    env: options.env ?? process.env,
    needResultsToken: postResults,
  });
  const logger = options.logger ?? silentLogger();
  let hubUrl = options.hubUrl;
  const dispatcher = new Agent({ keepAliveTimeout: 4_000, connections: 8 });
  const simulators = specs.map(
    (spec) =>
      new RestSimulator({ spec, hubUrl: () => hubUrl, resultDelayMs: options.resultDelayMs ?? 1000, postResults, dispatcher, logger }),
  );
  const closeAll = async () => {
    await Promise.all(simulators.map((s) => s.close()));
    await dispatcher.close().catch(() => dispatcher.destroy());
  };
  try {
    await Promise.all(simulators.map((s) => s.listen()));
  } catch (error) {
    await closeAll();
    throw error;
  }
  for (const s of simulators) logger.info({ connector: s.connectorId, url: s.url }, 'simulator listening');

  const byId = new Map(simulators.map((s) => [s.connectorId, s]));
  let closing: Promise<void> | undefined;
  return {
    simulators,
    get: (connectorId) => byId.get(connectorId),
    connectorOverrides: () => Object.fromEntries(simulators.map((s) => [s.connectorId, { baseUrl: s.url }])),
    totals: () => totalsOf(simulators),
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
    resultsPosted: 0, resultsRefused: 0, resultsPending: 0, maxAppliedPerCase: 0,
  };
  for (const s of simulators) {
    const { system: _system, connectorId: _connectorId, appliedByCase, ...counters } = s.stats();
    for (const [name, value] of Object.entries(counters) as Array<[keyof typeof counters, number]>) totals[name] += value;
    for (const n of Object.values(appliedByCase)) totals.maxAppliedPerCase = Math.max(totals.maxAppliedPerCase, n);
  }
  return totals;
}

async function settled(simulators: RestSimulator[], timeoutMs: number): Promise<void> {
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
