import type { Command } from 'commander';
import { CliContext, GlobalOptions, withStore } from '../context';
import { CliIO, printJson, printTable } from '../io';

/** The data-sharing log (数据共享): who asked for whose data, which fields, when, on what legal basis. */
export function registerSharing(program: Command, io: CliIO, global: () => GlobalOptions): void {
  const sharing = program.command('sharing').description('point-to-point data sharing between departments (lookups)');
  sharing
    .command('log')
    .description('every lookup answered, failed or skipped: which item and case asked, whose data, which fields, when, the legal basis')
    .option('--case <caseId>', 'only this case')
    .option('--limit <n>', 'at most n, newest first', (v) => Number.parseInt(v, 10), 1000)
    .option('--json', 'print JSON')
    .action(async (options: { case?: string; limit: number; json?: boolean }) => {
      const rows = await withStore(CliContext.load(global()), (store) => store.listSharingLog({ caseId: options.case, limit: options.limit }));
      if (options.json) return printJson(io, rows);
      printTable(io, [
        ['at', 'case', 'item', 'asked by', 'lookup', 'from', 'subject', 'fields sent', 'fields kept', 'outcome', 'legal basis'],
        ...rows.map((r) => [r.at, r.caseId, r.itemCode, r.requestedBy, r.lookup, r.sourceSystem, r.subject ?? '', r.requestFields.join(','), r.answerFields.join(','), r.outcome, r.legalBasis]),
      ]);
      io.out(`${rows.length} lookup${rows.length === 1 ? '' : 's'}`);
    });
}
