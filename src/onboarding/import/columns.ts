/**
 * The columns of each kind of register CSV, the Chinese headers departments' exports use for
 * them, and how a file's header tells which kind of rows it holds.
 */
import type { RegisterKind } from '../types';

/** How a CSV cell becomes a value: text as it is, a whole number, or a list of ids. */
export type CellType = 'text' | 'integer' | 'list';

export interface ColumnDef {
  /** The field the column fills (also its English header). */
  field: string;
  type: CellType;
  /** Read for people, not imported (e.g. an item's name beside its volume). */
  ignored?: boolean;
}

export const COLUMNS: Readonly<Record<RegisterKind, readonly ColumnDef[]>> = {
  departments: [
    { field: 'id', type: 'text' },
    { field: 'name', type: 'text' },
    { field: 'shortName', type: 'text' },
    { field: 'creditCode', type: 'text' },
  ],
  systems: [
    { field: 'id', type: 'text' },
    { field: 'name', type: 'text' },
    { field: 'department', type: 'text' },
    { field: 'adapter', type: 'text' },
    { field: 'description', type: 'text' },
  ],
  items: [
    { field: 'code', type: 'text' },
    { field: 'name', type: 'text' },
    { field: 'department', type: 'text' },
    { field: 'power', type: 'text' },
    { field: 'form', type: 'text' },
    { field: 'timeLimitDays', type: 'integer' },
    { field: 'level', type: 'text' },
    { field: 'lead', type: 'text' },
    { field: 'coHandlers', type: 'list' },
  ],
  volumes: [
    { field: 'itemCode', type: 'text' },
    { field: 'volume', type: 'integer' },
    { field: 'period', type: 'text' },
    { field: 'name', type: 'text', ignored: true },
  ],
};

/** Chinese headers, by the field they name. */
const CHINESE_HEADERS: Readonly<Record<string, string>> = {
  事项编码: 'code',
  事项名称: 'name',
  实施部门: 'department',
  权力类型: 'power',
  电子表单: 'form',
  承诺时限: 'timeLimitDays',
  层级: 'level',
  牵头系统: 'lead',
  协办系统: 'coHandlers',
  办件量: 'volume',
  统计期间: 'period',
  部门: 'department',
  系统编码: 'id',
  系统名称: 'name',
  适配器: 'adapter',
  系统说明: 'description',
  部门编码: 'id',
  部门名称: 'name',
  部门简称: 'shortName',
  统一社会信用代码: 'creditCode',
};

/** Header spellings that mean a field: case, spaces, `_` and `-` do not matter (`item_code`, `ItemCode`). */
const HEADER_NAMES = new Map<string, string>();
for (const defs of Object.values(COLUMNS)) for (const def of defs) HEADER_NAMES.set(normalise(def.field), def.field);
for (const [header, field] of Object.entries(CHINESE_HEADERS)) HEADER_NAMES.set(header, field);

function normalise(header: string): string {
  return header.trim().toLowerCase().replace(/[\s_-]+/g, '');
}

/** The field a header names, or undefined for a header the import does not know. */
export function fieldOfHeader(header: string): string | undefined {
  return HEADER_NAMES.get(normalise(header));
}

/**
 * The column of `field` in a file of `kind`: a volumes file may call its item code `code`
 * (事项编码), as the items file does.
 */
export function columnFor(kind: RegisterKind, field: string): ColumnDef | undefined {
  const name = kind === 'volumes' && field === 'code' ? 'itemCode' : field;
  return COLUMNS[kind].find((c) => c.field === name);
}

/**
 * Which kind of rows a header holds, from the fields it names: `volume` with an item code means
 * volumes; `code` means items; `department` with `adapter` or `id` means systems; `id` and
 * `name` mean departments. Undefined when none fits.
 */
export function kindOfHeader(fields: ReadonlySet<string>): RegisterKind | undefined {
  if (fields.has('volume') && (fields.has('itemCode') || fields.has('code'))) return 'volumes';
  if (fields.has('code')) return 'items';
  if (fields.has('department') && (fields.has('adapter') || fields.has('id'))) return 'systems';
  if (fields.has('id') && fields.has('name')) return 'departments';
  return undefined;
}

/** The English header of every column of a kind, for messages and for the files the generator writes. */
export function headerOf(kind: RegisterKind): string[] {
  return COLUMNS[kind].filter((c) => !c.ignored).map((c) => c.field);
}
