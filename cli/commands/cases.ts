import type { Command } from 'commander';
import { OwhError } from '../../src/errors/owh-error';
import { deadlineState } from '../../src/calendar/deadline';
import { caseView } from '../../src/store/case-view';
import { CliContext, GlobalOptions, withStore } from '../context';
import { CliIO, printJson, printLine, printTable } from '../io';

export function registerCases(program: Command, io: CliIO, global: () => GlobalOptions): void {
  const cases = program.command('cases').description('cases the hub has accepted');
  cases
    .command('overdue')
    .description('open cases past their statutory deadline (承诺时限), and those due within --within working days')
    .option('--within <days>', 'also list cases due within this many working days', (v) => Number.parseInt(v, 10), 2)
    .option('--json', 'print JSON')
    .action(async (options: { within: number; json?: boolean }) => {
      if (!(options.within >= 0)) throw new OwhError('OWH_USAGE', { message: '--within takes a whole number of working days' });
      const context = CliContext.load(global());
      const calendar = context.catalog().calendar;
      const now = new Date();
      const horizon = Date.parse(calendar.addWorkingDays(now, options.within));
      const due = await withStore(context, (store) => store.listCasesDue(horizon));
      const rows = due.map((c) => ({ ...c, deadline: deadlineState(calendar, c.dueAt, now, options.within) }));
      if (options.json) return printJson(io, rows);
      printTable(io, [['case', 'item', 'jurisdiction', 'status', 'received', 'due', 'deadline'], ...rows.map((r) => [r.caseId, r.itemCode, r.jurisdiction, r.status, r.receivedAt, r.dueAt, r.deadline])]);
      const overdue = rows.filter((r) => r.deadline === 'overdue').length;
      io.out(`${overdue} overdue, ${rows.length - overdue} due within ${options.within} working day${options.within === 1 ? '' : 's'}`);
    });
  cases
    .command('show')
    .description('a case\'s status, deliveries, results and timeline')
    .argument('<caseId>')
    .option('--json', 'print JSON')
    .action(async (caseId: string, options: { json?: boolean }) => {
      const context = CliContext.load(global());
      const record = await withStore(context, (store) => store.getCase(caseId));
      if (!record) throw new OwhError('OWH_CASE_NOT_FOUND', { message: `case ${caseId} is not known to this hub's store` });
      const view = caseView(record, context.catalog().calendar);
      if (options.json) return printJson(io, view);
      io.out(`${record.caseId}  ${record.itemCode}  jurisdiction ${record.jurisdiction}  status ${record.status}`);
      io.out(`received ${record.receivedAt}, updated ${record.updatedAt}${record.dueAt ? `, due ${record.dueAt}${view.deadline ? ` (${String(view.deadline)})` : ''}` : ''}\n`);
      if (record.decision) {
        const d = record.decision;
        printLine(io, `decision: ${d.outcome} by ${d.system} (${d.role})${d.reason ? `: ${d.reason}` : ''} — ${d.rule}\n`);
      } else if (record.aggregate.pending.length > 0) {
        io.out('waiting for:');
        // A department's error message may echo personal data: masked like every screen.
        for (const p of record.aggregate.pending) printLine(io, `  ${p.who.padEnd(22)} ${p.waitingFor.padEnd(10)} ${p.why}`);
        io.out('');
      }
      printTable(io, [
        ['delivery', 'kind', 'system', 'role', 'status', 'attempts', 'receipt', 'last error'],
        ...record.deliveries.map((d) => [String(d.id), d.ref ? `${d.kind} ${d.ref}` : d.kind, d.connectorId, d.role, d.status, String(d.attempts), d.receipt ?? '', d.lastError ? `${d.lastError.code}: ${d.lastError.message}` : '']),
      ]);
      if (record.results.length > 0) {
        io.out('');
        printTable(io, [['result', 'system', 'outcome', 'reason', 'at'], ...record.results.map((r) => [r.kind, r.systemId, r.outcome, r.result.reason ?? '', r.receivedAt])]);
      }
      io.out('');
      for (const e of record.timeline) printLine(io, `${e.at}  ${e.type.padEnd(18)} ${e.systemId ?? ''} ${e.detail ? JSON.stringify(e.detail) : ''}`.trimEnd());
    });
}
