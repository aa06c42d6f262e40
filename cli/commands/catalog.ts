import type { Command } from 'commander';
import type { Catalog } from '../../src/catalog/types';
import { OwhError } from '../../src/errors/owh-error';
import { Presets, SingleBar } from 'cli-progress';
import { parseImportFile, REGISTER_KINDS } from '../../src/onboarding/import';
import type { ImportReport, RegisterKind } from '../../src/onboarding/types';
import { SqliteOnboardingStore } from '../../src/store/sqlite/onboarding-store';
import { CliContext, GlobalOptions, withStore } from '../context';
import { CliIO, printJson, printLine, printTable } from '../io';
import type { RunState } from '../program';

export type CatalogListKind = 'departments' | 'systems' | 'items' | 'districts';

/** The rows of `owh catalog list <kind>`, as data. */
export function catalogList(catalog: Catalog, kind: CatalogListKind): Array<Record<string, unknown>> {
  switch (kind) {
    case 'departments':
      return [...catalog.departments.values()].map((d) => ({
        id: d.id,
        name: d.name,
        systems: [...catalog.systems.values()].filter((s) => s.department === d.id).length,
        items: [...catalog.items.values()].filter((i) => i.department === d.id).length,
      }));
    case 'systems':
      return [...catalog.systems.values()].map((s) => ({
        id: s.id,
        name: s.name,
        department: s.department,
        adapter: s.adapter,
        instances: s.instances ? Object.keys(s.instances) : undefined,
        items: [...catalog.items.values()].filter((i) => i.targets.some((t) => t.system === s.id)).length,
      }));
    case 'items':
      return [...catalog.items.values()].map((i) => ({
        code: i.code,
        name: i.name,
        department: i.department,
        form: i.form,
        timeLimitDays: i.timeLimitDays,
        lead: i.targets.find((t) => t.role === 'lead')?.system,
        coHandlers: i.targets.filter((t) => t.role === 'co-handler').map((t) => t.system),
      }));
    case 'districts':
      return catalog.districts.list.map((d) => ({ code: d.code, name: d.name, aliases: d.aliases?.map((a) => `${a.code} (until ${a.endedOn})`) }));
  }
}

const KINDS: CatalogListKind[] = ['departments', 'systems', 'items', 'districts'];

export function registerCatalog(program: Command, io: CliIO, global: () => GlobalOptions, state: RunState): void {
  const catalog = program.command('catalog').description('the catalog of departments, systems, items and districts');
  catalog
    .command('list')
    .description('list departments, systems, items or districts')
    .argument('<kind>', KINDS.join(' | '))
    .option('--json', 'print JSON')
    .action((kind: string, options: { json?: boolean }) => {
      if (!KINDS.includes(kind as CatalogListKind)) {
        throw new OwhError('OWH_USAGE', { message: `unknown kind '${kind}'`, fix: `Use one of: ${KINDS.join(', ')}.` });
      }
      const rows = catalogList(CliContext.load(global()).catalog(), kind as CatalogListKind);
      if (options.json) return printJson(io, rows);
      const columns = Object.keys(rows[0] ?? {});
      printTable(io, [columns, ...rows.map((r) => columns.map((c) => formatCell(r[c])))]);
      io.out(`${rows.length} ${kind}`);
    });
  catalog
    .command('import')
    .description('imports departments, systems, items or volumes into the onboarding register from CSV, YAML or JSON: all rows or none')
    .argument('<file>', 'a .csv (one kind of rows, told by its header or --kind), .yaml, .yml or .json file')
    .option('--dry-run', 'check and report what would change, change nothing')
    .option('--kind <kind>', 'departments | systems | items | volumes, for a CSV whose header does not tell')
    .option('--encoding <encoding>', 'utf8 (default) or gb18030')
    .option('--by <name>', 'who imports (recorded with stage changes it causes)', process.env.USER ?? 'owh')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: { dryRun?: boolean; kind?: string; encoding?: string; by: string; json?: boolean }) => {
      const report = await importRegisterFile(CliContext.load(global()), file, { ...options, progress: io.isTTY && !options.json ? io : undefined });
      printImportReport(io, report, options.json);
      if (report.refused.length > 0) state.exitCode = 65;
    });
  catalog
    .command('volumes')
    .description('case volumes per item (办件量), from a file (itemCode,volume[,period]) or counted from the cases the hub has accepted')
    .argument('[file]', 'a .csv, .yaml or .json file of volumes')
    .option('--from-cases', 'count the cases in the hub\'s store instead')
    .option('--dry-run', 'check and report, change nothing')
    .option('--json', 'print JSON')
    .action(async (file: string | undefined, options: { fromCases?: boolean; dryRun?: boolean; json?: boolean }) => {
      const context = CliContext.load(global());
      if (options.fromCases) {
        if (file) throw new OwhError('OWH_USAGE', { message: 'give a file or --from-cases, not both' });
        const counted = await withStore(context, (store) => new SqliteOnboardingStore(store.db).volumesFromCases());
        if (options.json) return printJson(io, { itemsCounted: counted });
        return io.out(`volumes counted from the hub's cases for ${counted} item${counted === 1 ? '' : 's'}`);
      }
      if (!file) throw new OwhError('OWH_USAGE', { message: 'give a volumes file, or --from-cases', fix: 'owh catalog volumes volumes.csv, or owh catalog volumes --from-cases' });
      const report = await importRegisterFile(context, file, { kind: 'volumes', dryRun: options.dryRun, by: 'owh' });
      printImportReport(io, report, options.json);
      if (report.refused.length > 0) state.exitCode = 65;
    });
}

/** Reads, checks and applies one import file against the hub's store (the CLI's part: a progress bar and the report). */
export async function importRegisterFile(
  context: CliContext,
  file: string,
  options: { dryRun?: boolean; kind?: string; encoding?: string; by: string; progress?: CliIO },
): Promise<ImportReport> {
  if (options.kind !== undefined && !REGISTER_KINDS.includes(options.kind as RegisterKind)) throw new OwhError('OWH_USAGE', { message: `--kind ${options.kind} is not one of ${REGISTER_KINDS.join(', ')}` });
  if (options.encoding !== undefined && options.encoding !== 'utf8' && options.encoding !== 'gb18030') throw new OwhError('OWH_USAGE', { message: `--encoding ${options.encoding}: use utf8 or gb18030` });
  const bar = options.progress ? new SingleBar({ format: 'import {bar} {value}/{total} rows  {step}', hideCursor: true, stream: process.stderr }, Presets.shades_classic) : undefined;
  try {
    bar?.start(3, 0, { step: `reading ${file}` });
    const parsed = parseImportFile(file, { kind: options.kind as RegisterKind | undefined, encoding: options.encoding as 'utf8' | 'gb18030' | undefined });
    const rows = parsed.departments.length + parsed.systems.length + parsed.items.length + parsed.volumes.length;
    bar?.setTotal(rows);
    bar?.update(0, { step: 'checking and writing' });
    return await withStore(context, (store) => new SqliteOnboardingStore(store.db).applyImport(parsed, {
      dryRun: options.dryRun ?? false,
      by: options.by,
      onProgress: bar ? (done) => bar.update(done) : undefined,
    }));
  } finally {
    bar?.stop();
  }
}

function printImportReport(io: CliIO, report: ImportReport, json?: boolean): void {
  if (json) return printJson(io, report);
  const verb = report.applied ? 'imported' : report.dryRun && report.refused.length === 0 ? 'would import (dry run)' : 'imported NOTHING';
  io.out(`${report.file}: ${verb} — ${report.rows} rows in ${report.ms} ms`);
  printTable(io, [
    ['kind', 'added', 'changed', 'unchanged'],
    ...REGISTER_KINDS.filter((k) => report.counts[k].added + report.counts[k].changed + report.counts[k].unchanged > 0).map((k) => [k, String(report.counts[k].added), String(report.counts[k].changed), String(report.counts[k].unchanged)]),
  ]);
  if (report.refused.length > 0) {
    io.out(`\n${report.refused.length} row${report.refused.length === 1 ? '' : 's'} refused, so nothing was imported; fix them and import the file again:`);
    for (const r of report.refused.slice(0, 200)) printLine(io, `  ${r.file}${r.line ? `:${r.line}` : ''} ${r.kind}${r.key ? ` ${r.key}` : ''}${r.pointer ? ` ${r.pointer}` : ''}: ${r.reason}`);
    if (report.refused.length > 200) io.out(`  … and ${report.refused.length - 200} more (--json lists them all)`);
  }
}

function formatCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}
