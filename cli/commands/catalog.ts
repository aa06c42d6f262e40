import type { Command } from 'commander';
import type { Catalog } from '../../src/catalog/types';
import { OwhError } from '../../src/errors/owh-error';
import { CliContext, GlobalOptions } from '../context';
import { CliIO, printJson, printTable } from '../io';

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

export function registerCatalog(program: Command, io: CliIO, global: () => GlobalOptions): void {
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
}

function formatCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}
