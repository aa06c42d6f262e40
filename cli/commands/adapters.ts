import type { Command } from 'commander';
import { builtinAdapters } from '../../adapters';
import { describeAdapter } from '../../src/adapters/describe';
import { buildRegistry } from '../../src/adapters/plugins';
import { OwhError } from '../../src/errors/owh-error';
import { CliContext, GlobalOptions } from '../context';
import { CliIO, printJson, printTable } from '../io';

export function registerAdapters(program: Command, io: CliIO, global: () => GlobalOptions): void {
  const adapters = program.command('adapters').description('adapter kinds: the built-in ones and the configured plug-ins');
  adapters
    .command('list')
    .description('every registered adapter kind with its settings, from its config schema')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const { config } = CliContext.load(global());
      const { registry, problems } = buildRegistry(builtinAdapters, config.plugins, config.baseDir);
      const kinds = registry.kinds().map(describeAdapter);
      if (options.json) printJson(io, { adapters: kinds, refusedPlugins: problems });
      else {
        for (const k of kinds) {
          io.out(`${k.kind} — ${k.title}: ${k.description}`);
          io.out(`  results: ${k.results.join(', ')}; payload: ${k.payload}`);
          printTable(io, [
            ['  setting', 'type', 'required', 'default', 'description'],
            ...k.fields.map((f) => [`  ${f.name}`, f.type, f.required ? 'yes' : '', f.default === undefined ? '' : JSON.stringify(f.default), (f.description ?? '').split('. ')[0]]),
          ]);
          io.out('');
        }
        for (const p of problems) io.err(`refused plug-in ${p.module}: ${p.message}`);
      }
      if (problems.length > 0) throw new OwhError('OWH_ADAPTER_UNKNOWN', { message: `${problems.length} plug-in${problems.length === 1 ? '' : 's'} refused`, fix: 'Check the plug-in modules named above: each must export `adapter` or `adapters`.' });
    });
}
