import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/util/package-root';
import { GlobalOptions } from './context';
import { CliIO, processIO, reportError } from './io';
import { registerAdapters } from './commands/adapters';
import { registerCatalog } from './commands/catalog';
import { registerCases } from './commands/cases';
import { registerDemo } from './commands/demo-load';
import { registerDlq } from './commands/dlq';
import { registerHealth } from './commands/health';
import { registerMap } from './commands/map';
import { registerMappingTest } from './commands/mapping-test';
import { registerRoutes } from './commands/routes';
import { registerOnboarding } from './commands/onboarding';
import { registerOnboard } from './commands/onboard';
import { registerServe } from './commands/serve';
import { registerSharing } from './commands/sharing';
import { registerValidate } from './commands/validate';

/**
 * Builds the `owh` program. Each command's wiring is in cli/commands/<name>.ts and its work is a
 * plain function in src/ (or beside the wiring) that a test can call. `exitOverride` makes
 * commander throw instead of exiting, so `runCli` owns every exit code.
 */
/**
 * What a run of the program leaves besides output: a command whose exit code carries meaning
 * beyond success (`owh health`: 0 up, 1 degraded, 2 down) sets it here.
 */
export interface RunState {
  exitCode?: number;
}

export function buildProgram(io: CliIO = processIO, state: RunState = {}): Command {
  const version = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version as string;
  const program = new Command('owh')
    .description('onewindow-hub: the integration hub between the unified acceptance platform and department systems')
    .version(version)
    .option('-c, --config <file>', 'configuration file (default: $OWH_CONFIG, then ./owh.yaml, then the embedded demo defaults)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError();
  const global = (): GlobalOptions => program.opts<GlobalOptions>();
  registerServe(program, io, global);
  registerCatalog(program, io, global, state);
  registerAdapters(program, io, global);
  registerValidate(program, io, global);
  registerRoutes(program, io, global);
  registerMap(program, io, global);
  registerMappingTest(program, io, global);
  registerCases(program, io, global);
  registerDlq(program, io, global);
  registerSharing(program, io, global);
  registerDemo(program, io, global);
  registerHealth(program, io, global, state);
  registerOnboarding(program, io, global, state);
  registerOnboard(program, io, global, state);
  return program;
}

/** Runs `owh` with arguments (without `node owh`), returning the exit code instead of exiting. */
export async function runCli(args: string[], io: CliIO = processIO): Promise<number> {
  const state: RunState = {};
  const program = buildProgram(io, state);
  try {
    await program.parseAsync(args, { from: 'user' });
    return state.exitCode ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 64; // help and version exit 0; usage errors 64 (EX_USAGE)
    }
    const json = args.includes('--json');
    const code = reportError(io, error, json);
    return state.exitCode ?? code;
  }
}
