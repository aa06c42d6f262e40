import type { Command } from 'commander';
import { explainRoute } from '../../src/routing/explain';
import { CliContext, GlobalOptions } from '../context';
import { CliIO, printJson, printTable } from '../io';

export function registerRoutes(program: Command, io: CliIO, global: () => GlobalOptions): void {
  const routes = program.command('routes').description('where cases go');
  routes
    .command('show')
    .description('explain where a case of an item would go and why (for one jurisdiction, or every district)')
    .argument('<itemCode>')
    .option('--jurisdiction <code>', 'the applicant\'s home district (GB/T 2260), as a case would carry it')
    .option('--json', 'print JSON')
    .action((itemCode: string, options: { jurisdiction?: string; json?: boolean }) => {
      const explanation = explainRoute(CliContext.load(global()).catalog(), itemCode, options.jurisdiction);
      if (options.json) return printJson(io, explanation);
      const { item, jurisdiction } = explanation;
      io.out(`${item.code} ${item.name} (${item.department}, handled at ${item.level} level)`);
      if (jurisdiction) io.out(`jurisdiction ${jurisdiction.code} ${jurisdiction.name}${jurisdiction.alias ? ` (given as ${jurisdiction.alias.code}, a code that ended on ${jurisdiction.alias.endedOn})` : ''}`);
      io.out('');
      printTable(io, [
        ['role', 'system', 'adapter', 'connector(s)', 'mapping'],
        ...explanation.targets.map((t) => [t.role, `${t.system} ${t.systemName}`, t.adapter, t.connectors.map((c) => c.connector).join(', '), t.mapping]),
      ]);
      if (explanation.parallel) io.out(`\nparallel approval: ${explanation.parallel.decision}, ${explanation.parallel.refusal} (the lead's completion is the case's one result)`);
      if (explanation.lookups.length > 0) {
        io.out('\nlookups before delivery (数据共享):');
        for (const l of explanation.lookups) io.out(`  ${l.name} from ${l.system} (operation ${l.operation}, ${l.required ? 'required' : 'optional'}) — ${l.legalBasis}`);
      }
      io.out('');
      for (const line of explanation.why) io.out(`why: ${line.trimStart() === line ? line : `   ${line.trim()}`}`);
    });
}
