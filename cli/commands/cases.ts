import type { Command } from 'commander';
import { OwhError } from '../../src/errors/owh-error';
import { caseView } from '../../src/store/case-view';
import { CliContext, GlobalOptions, withStore } from '../context';
import { CliIO, printJson, printLine, printTable } from '../io';

export function registerCases(program: Command, io: CliIO, global: () => GlobalOptions): void {
  const cases = program.command('cases').description('cases the hub has accepted');
  cases
    .command('show')
    .description('a case\'s status, deliveries, results and timeline')
    .argument('<caseId>')
    .option('--json', 'print JSON')
    .action(async (caseId: string, options: { json?: boolean }) => {
      const record = await withStore(CliContext.load(global()), (store) => store.getCase(caseId));
      if (!record) throw new OwhError('OWH_CASE_NOT_FOUND', { message: `case ${caseId} is not known to this hub's store` });
      const view = caseView(record);
      if (options.json) return printJson(io, view);
      io.out(`${record.caseId}  ${record.itemCode}  jurisdiction ${record.jurisdiction}  status ${record.status}`);
      io.out(`received ${record.receivedAt}, updated ${record.updatedAt}\n`);
      printTable(io, [
        ['delivery', 'system', 'role', 'status', 'attempts', 'receipt', 'last error'],
        ...record.deliveries.map((d) => [String(d.id), d.connectorId, d.role, d.status, String(d.attempts), d.receipt ?? '', d.lastError ? `${d.lastError.code}: ${d.lastError.message}` : '']),
      ]);
      if (record.results.length > 0) {
        io.out('');
        printTable(io, [['result', 'system', 'outcome', 'reason', 'at'], ...record.results.map((r) => [r.kind, r.systemId, r.outcome, r.result.reason ?? '', r.receivedAt])]);
      }
      io.out('');
      for (const e of record.timeline) printLine(io, `${e.at}  ${e.type.padEnd(18)} ${e.systemId ?? ''} ${e.detail ? JSON.stringify(e.detail) : ''}`.trimEnd());
    });
}
