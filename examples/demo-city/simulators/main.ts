/**
 * Runs the demo city's department simulators (REST, SOAP, file drop, AMQP) on their own, in a
 * process of their own (the benchmarks use this so the simulators do not share the hub's event loop):
 *
 *   node dist/examples/demo-city/simulators/main.js --hub http://127.0.0.1:8080
 *
 * Prints a table of the simulators and the line `ready`, then runs until SIGINT or SIGTERM.
 */
import { Command, InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { isOwhError } from '../../../src/errors/owh-error';
import { createLogger } from '../../../src/log/logger';
import { packageRoot } from '../../../src/util/package-root';
import { startSimulators } from './index';
import type { SimulatorFleet, SimulatorKind } from './types';

interface MainOptions {
  hub: string;
  catalog: string;
  simulators?: string;
  resultDelay: number;
  results: boolean;
  systems?: string[];
  kinds?: SimulatorKind[];
  dataDir?: string;
  amqpNamespace?: string;
  ephemeral: boolean;
  logLevel: string;
}

function kindList(value: string): SimulatorKind[] {
  const kinds = value.split(',').map((k) => k.trim()).filter(Boolean);
  for (const k of kinds) if (!['rest', 'soap', 'file', 'amqp'].includes(k)) throw new InvalidArgumentError(`unknown kind ${k} (rest, soap, file, amqp)`);
  return kinds as SimulatorKind[];
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of milliseconds (0 or more)');
  return n;
}

export function program(): Command {
  return new Command('owh-simulators')
    .description('run the demo city\'s department simulators: REST and SOAP servers on 127.0.0.1, file-drop folders, an AMQP consumer')
    .option('--hub <url>', 'the hub\'s base URL, where results are posted', 'http://127.0.0.1:8080')
    .option('--catalog <dir>', 'the catalog folder', join(packageRoot(), 'examples/demo-city/catalog'))
    .option('--simulators <file>', 'the simulators file (default: simulators.yaml beside the catalog folder)')
    .option('--result-delay <ms>', 'wait before each result (acceptance, then completion)', nonNegativeInt, 1000)
    .option('--no-results', 'take cases but post no results')
    .option('--systems <ids>', 'only these systems (comma-separated ids)', (v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--kinds <kinds>', 'only systems of these adapter kinds (comma-separated: rest, soap, file, amqp)', kindList)
    .option('--data-dir <dir>', 'file-drop folders under <dir>/<system>/ instead of the catalog\'s')
    .option('--amqp-namespace <prefix>', 'prefix the AMQP exchange and queue names (the hub must use the same names)')
    .option('--ephemeral', 'listen on free ports instead of the catalog\'s (the table shows which)', false)
    .option('--log-level <level>', 'log level of the simulators\' JSON log on stderr', 'warn');
}

/** A plain-text table of the running simulators. */
export function table(fleet: SimulatorFleet): string {
  const rows = [['connector', 'url', 'dialect', 'system'], ...fleet.simulators.map((s) => [s.connectorId, s.url, s.dialect, s.name])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
}

async function main(argv: string[]): Promise<void> {
  const options = program().parse(argv).opts<MainOptions>();
  const logger = createLogger({ name: 'owh-simulators', level: options.logLevel, destination: process.stderr });
  const fleet = await startSimulators({
    catalogRoot: options.catalog,
    simulatorsFile: options.simulators,
    hubUrl: options.hub,
    resultDelayMs: options.resultDelay,
    postResults: options.results,
    systems: options.systems,
    kinds: options.kinds,
    dataDir: options.dataDir,
    amqpNamespace: options.amqpNamespace,
    ports: options.ephemeral ? { '*': 0 } : undefined,
    logger,
  });
  const skipped = fleet.skipped.map((s) => `skipped ${s.connectorId}: ${s.reason}\n`).join('');
  process.stdout.write(`${table(fleet)}\n${skipped}results go to ${options.hub}\nready\n`);
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`${signal}: stopping the simulators\n`);
    const totals = fleet.totals();
    void fleet.close().then(() => {
      process.stderr.write(`${JSON.stringify(totals)}\n`);
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main(process.argv).catch((error: unknown) => {
    const message = isOwhError(error) ? `${error.code}: ${error.message}\n${error.details.map((d) => `  ${d.file ?? ''}${d.line ? `:${d.line}` : ''} ${d.pointer} ${d.message}`).join('\n')}\nfix: ${error.fix}` : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
}
