import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { builtinAdapters } from '../../adapters';
import { OwhError } from '../../src/errors/owh-error';
import { defaultsPrompter, onboardSystem, OnboardOptions, OnboardRefusal, OnboardReport, readlinePrompter } from '../../src/onboarding/onboard';
import { probeDeps } from '../../src/onboarding/gates';
import { SqliteOnboardingStore } from '../../src/store/sqlite/onboarding-store';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store';
import { CliContext, GlobalOptions } from '../context';
import { CliIO, printJson, printLine } from '../io';
import type { RunState } from '../program';

/** Exit codes: 0 done (stages that stop short are reported, not errors); 65 refused input, nothing written; 69 the system's probe says down. */
export const ONBOARD_EXIT = { refused: 65, unreachable: 69 } as const;

interface Flags extends Omit<OnboardOptions, 'items'> {
  items?: string;
  yes?: boolean;
  json?: boolean;
}

export function registerOnboard(program: Command, io: CliIO, global: () => GlobalOptions, state: RunState): void {
  program
    .command('onboard')
    .description('onboards a department system in one guided command: registers it (systems.yaml, items.yaml targets, the onboarding register), probes it, scaffolds a request mapping per item, runs the fixtures and stage gates, and records the stage each pair reaches')
    .argument('<systemId>', 'the system id (new, or one in systems.yaml to update)')
    .option('--department <id>', 'the department (departments.yaml)')
    .option('--name <name>', 'the system\'s name')
    .option('--description <text>', 'a description for people')
    .option('--adapter <kind>', 'adapter kind: rest, soap, file, amqp (or a plug-in\'s)')
    .option('--base-url <url>', 'REST: the system\'s base URL')
    .option('--path <path>', 'REST: the path cases are POSTed to')
    .option('--method <method>', 'REST: the method (default POST)')
    .option('--wsdl <file>', 'SOAP: the WSDL file, relative to the catalog folder')
    .option('--operation <name>', 'SOAP: the WSDL operation that takes a case')
    .option('--endpoint <url>', 'SOAP: where the system listens (default: the WSDL\'s address)')
    .option('--service <name>', 'SOAP: the WSDL service')
    .option('--port <name>', 'SOAP: the WSDL port')
    .option('--health-operation <name>', 'SOAP: an operation to call as the health probe (default: GET ?wsdl)')
    .option('--outbox <dir>', 'file: the folder cases are dropped in')
    .option('--inbox <dir>', 'file: the folder results are picked up from')
    .option('--format <format>', 'file: json, xml or csv')
    .option('--url <url>', 'AMQP: the broker (amqp[s]://host:port)')
    .option('--exchange <name>', 'AMQP: the exchange cases are published to')
    .option('--routing-key <key>', 'AMQP: the routing key')
    .option('--auth <type>', 'none, bearer, basic, api-key, or ws-security (SOAP)')
    .option('--token-env <VAR>', 'bearer: the environment variable holding the token')
    .option('--username <name>', 'basic / ws-security / AMQP: the user name (not a secret)')
    .option('--password-env <VAR>', 'basic / ws-security / AMQP: the environment variable holding the password')
    .option('--header <name>', 'api-key: the header carrying the key')
    .option('--key-env <VAR>', 'api-key: the environment variable holding the key')
    .option('--items <codes>', 'comma-separated item codes to add this system to as a target')
    .option('--role <role>', 'the role on those items: lead or co-handler', 'co-handler')
    .option('--schema <file>', 'the system\'s request schema: a JSON Schema, an OpenAPI 3 document, or a sample JSON payload')
    .option('--by <name>', 'who is onboarding (recorded with stage changes)', process.env.USER ?? 'owh')
    .option('-y, --yes', 'ask nothing: take every flag and default (keeps hand-edited mappings, writing mapping.yaml.new)')
    .option('--json', 'print one JSON report at the end')
    .action(async (systemId: string, flags: Flags) => {
      if (flags.role !== 'lead' && flags.role !== 'co-handler') throw refusal(state, new OnboardRefusal(`--role ${flags.role} is not a role`, 'Use lead or co-handler.'));
      const context = CliContext.load(global());
      const config = context.config;
      const prompter = io.isTTY && !flags.yes && !flags.json ? readlinePrompter() : defaultsPrompter;
      // A system may be onboarded before the hub first ran: the store is then created.
      const store = existsSync(config.store.path) || config.store.path === ':memory:' ? context.openStore() : new SqliteStore({ path: config.store.path, synchronous: config.store.synchronous });
      let report: OnboardReport;
      try {
        const { items, yes: _yes, json: _json, ...rest } = flags;
        report = await onboardSystem(systemId, { ...rest, items: items?.split(',').map((s) => s.trim()).filter(Boolean) }, {
          ...probeDeps(config, builtinAdapters), store: new SqliteOnboardingStore(store.db), prompter,
          samplesDirs: [join(config.catalog, 'samples'), join(config.catalog, '..', 'samples')],
        });
      } catch (error) {
        throw error instanceof OnboardRefusal ? refusal(state, error) : error;
      } finally {
        prompter.close();
        await store.close();
      }
      if (report.probe.state === 'down') state.exitCode = ONBOARD_EXIT.unreachable;
      if (flags.json) return printJson(io, report);
      printHuman(io, report);
    });
}

function refusal(state: RunState, error: OwhError): OwhError {
  state.exitCode = ONBOARD_EXIT.refused;
  return error;
}

function printHuman(io: CliIO, r: OnboardReport): void {
  io.out(`systems.yaml: ${r.system} ${r.entry.action}`);
  if (r.entry.action === 'updated') {
    printLine(io, `  before: ${JSON.stringify(r.entry.before)}`);
    printLine(io, `  after:  ${JSON.stringify(r.entry.after)}`);
  }
  if (r.targets.added.length > 0) io.out(`items.yaml: ${r.system} added as ${r.targets.role} to ${r.targets.added.join(', ')}`);
  io.out(`register: system ${r.register.system}${r.register.departmentAdded ? ', department added' : ''}`);
  printLine(io, `probe: ${r.probe.connector} ${r.probe.state} — ${r.probe.detail}`);
  for (const s of r.probe.services ?? []) for (const p of s.ports) io.out(`  ${s.name}/${p.name}${p.soapVersion ? ` (SOAP ${p.soapVersion})` : ''}: ${p.operations.join(', ')}`);
  if (r.targetSchema) io.out(`target schema: ${r.targetSchema.file} (from ${r.targetSchema.source})`);
  for (const m of r.mappings) {
    io.out(`mapping ${m.folder} [${m.item}]: ${m.mapping}${m.newFile ? ` (new skeleton: ${m.newFile})` : ''}; fields ${m.fields.mapped}/${m.fields.total} mapped, ${m.missingRequired.length} required unmapped; fixtures ${m.fixturesPassed}/${m.fixturesTotal} pass`);
  }
  for (const s of r.stages) io.out(`stage ${s.item} × ${s.system}: ${s.from} → ${s.to}`);
  if (r.missing.length > 0) {
    io.out('missing:');
    for (const line of r.missing) printLine(io, `  - ${line}`);
  }
}
