import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { builtinAdapters } from '../../adapters';
import { MappingSet } from '../../src/catalog/mapping-set';
import { OwhError } from '../../src/errors/owh-error';
import { advance, probeDeps } from '../../src/onboarding/gates';
import { renderOnboardingHtml } from '../../src/onboarding/report-html';
import { onboardingReport } from '../../src/onboarding/service';
import { Stage, STAGES } from '../../src/onboarding/types';
import { SqliteOnboardingStore } from '../../src/store/sqlite/onboarding-store';
import { CliContext, GlobalOptions, withStore } from '../context';
import { CliIO, printJson, printLine, printTable } from '../io';
import type { RunState } from '../program';

const ALL_STAGES: Stage[] = [...STAGES, 'paused', 'retired'];
const pct = (n: number, of: number) => (of === 0 ? '—' : `${Math.round((100 * n) / of)}%`);

export function registerOnboarding(program: Command, io: CliIO, global: () => GlobalOptions, state: RunState): void {
  const onboarding = program.command('onboarding').description('the city\'s staged onboarding: phases, stages of each (item, system) pair, reports');
  onboarding
    .command('report')
    .description('progress per phase: items live, systems connected, departments, e-forms digitised, stage counts, blockers')
    .option('--phase <n>', 'only this phase', (v) => Number.parseInt(v, 10))
    .option('--department <id>', 'only this department\'s items')
    .option('--blockers <n>', 'blockers listed per phase', (v) => Number.parseInt(v, 10), 50)
    .option('--json', 'print JSON')
    .option('--html <file>', 'write a self-contained HTML page with charts')
    .action(async (options: { phase?: number; department?: string; blockers: number; json?: boolean; html?: string }) => {
      const context = CliContext.load(global());
      const report = await withStore(context, (store) => onboardingReport(new SqliteOnboardingStore(store.db), context.catalog(), { phase: options.phase, department: options.department, blockersLimit: options.blockers }));
      if (options.phase !== undefined && report.phases.length === 0) throw new OwhError('OWH_USAGE', { message: `there is no phase ${options.phase}`, fix: 'See the catalog\'s phases.yaml (default: 1, 2, 3).' });
      if (options.html) {
        writeFileSync(options.html, renderOnboardingHtml(report));
        io.out(`wrote ${options.html}`);
      }
      if (options.json) return printJson(io, report);
      if (options.html) return;
      for (const p of report.phases) {
        io.out(`phase ${p.phase}: ${p.name} — ${p.basis}`);
        io.out(`  items live ${p.items.live}/${p.items.total} (${pct(p.items.live, p.items.total)}), systems connected ${p.systems.connected}/${p.systems.needed}, departments ${p.departments.withLiveItems}/${p.departments.total} with live items, e-forms digitised ${p.forms.digitised}/${p.forms.total}`);
        io.out(`  stages: ${ALL_STAGES.map((s) => `${s} ${p.stages[s]}`).join(', ')}`);
        if (p.blockersTotal > 0) {
          printTable(io, [['  item', 'system', 'stage', 'next', 'lacks'], ...p.blockers.map((b) => [`  ${b.item}`, b.system, b.stage, b.next, b.lacks])]);
          if (p.blockersTotal > p.blockers.length) io.out(`  … and ${p.blockersTotal - p.blockers.length} more blockers (--blockers n, or --json)`);
        }
        io.out('');
      }
    });
  onboarding
    .command('stage')
    .description('moves an (item, system) pair forward as far as the evidence the hub checks allows (mapped: fixtures pass; connected: health probe; verified: a sandbox test case answered; live: a real case acknowledged)')
    .argument('<itemCode>')
    .argument('<systemId>')
    .option('--to <stage>', `stop at this stage (${ALL_STAGES.join(', ')}); paused and retired are set directly`)
    .option('--force', 'record --to without the evidence (recorded as forced, with --reason)')
    .option('--reason <text>', 'why (required with --force)')
    .option('--by <name>', 'who is recording it', process.env.USER ?? 'owh')
    .option('--json', 'print JSON')
    .action(async (itemCode: string, systemId: string, options: { to?: string; force?: boolean; reason?: string; by: string; json?: boolean }) => {
      if (options.to !== undefined && !ALL_STAGES.includes(options.to as Stage)) throw new OwhError('OWH_USAGE', { message: `--to ${options.to} is not a stage`, fix: `Use one of ${ALL_STAGES.join(', ')}.` });
      const context = CliContext.load(global());
      const config = context.config;
      const catalog = context.catalog();
      const result = await withStore(context, (store) =>
        advance({ ...probeDeps(config, builtinAdapters), catalog, mappings: new MappingSet(catalog), store: new SqliteOnboardingStore(store.db) }, itemCode, systemId, {
          to: options.to as Stage | undefined, by: options.by, force: options.force, reason: options.reason,
        }),
      );
      if (options.json) printJson(io, result);
      else {
        for (const c of result.checks) printLine(io, `${c.ok ? 'ok  ' : 'LACKS'} ${c.stage.padEnd(9)} ${c.ok ? JSON.stringify(c.evidence ?? {}) : c.lacks}`);
        io.out(result.event ? `${itemCode} × ${systemId}: ${result.from} → ${result.to}${result.event.forced ? ' (forced)' : ''}` : `${itemCode} × ${systemId} stays ${result.from}`);
      }
      // Asked for a stage the evidence does not reach: say so in the exit code too.
      if (!options.force && options.to !== 'paused' && options.to !== 'retired' && result.checks.some((c) => !c.ok)) state.exitCode = 65;
    });
  onboarding
    .command('history')
    .description('the stage changes of an (item, system) pair: who, when, evidence, forced or not')
    .argument('<itemCode>')
    .argument('<systemId>')
    .option('--json', 'print JSON')
    .action(async (itemCode: string, systemId: string, options: { json?: boolean }) => {
      const events = await withStore(CliContext.load(global()), (store) => new SqliteOnboardingStore(store.db).stageHistory(itemCode, systemId));
      if (options.json) return printJson(io, events);
      printTable(io, [['at', 'from', 'to', 'by', 'forced', 'evidence'], ...events.map((e) => [e.at, e.from, e.to, e.by, e.forced ? 'forced' : '', JSON.stringify(e.evidence ?? {})])]);
    });
}
