/**
 * One register row, from whatever file it came: normalised (CSV cells to numbers and lists, the
 * runtime catalog's item and system shapes to the register's), validated against its kind's
 * schema under schemas/register/, and, when wrong, explained in words a person can act on.
 */
import type { ErrorObject } from 'ajv';
import { toErrorDetails } from '../../validate/errors';
import { sharedAjv, validatorFor, ValidateFunction } from '../../validate/ajv';
import { POWER_KINDS, PowerKind, RegisterDepartment, RegisterItem, RegisterKind, RegisterSystem, VolumeRow } from '../types';
import { CellType } from './columns';

export const REGISTER_SCHEMA_IDS: Readonly<Record<RegisterKind, string>> = {
  departments: 'urn:owh:schema:register:department:1',
  systems: 'urn:owh:schema:register:system:1',
  items: 'urn:owh:schema:register:item:1',
  volumes: 'urn:owh:schema:register:volume:1',
};

export type RegisterRow = RegisterDepartment | RegisterSystem | RegisterItem | VolumeRow;

/** What is wrong with one field of a row (pointer '' for the row as a whole). */
export interface RowProblem {
  pointer: string;
  reason: string;
}

export type RowCheck = { value: RegisterRow; problems?: undefined } | { value?: undefined; problems: RowProblem[] };

const NOUN: Record<RegisterKind, string> = { departments: 'a department', systems: 'a system', items: 'an item', volumes: 'a volume row' };
const EVERY: Record<RegisterKind, string> = { departments: 'department', systems: 'system', items: 'item', volumes: 'volume row' };

/**
 * Fields of the runtime catalog (examples/demo-city/catalog/*.yaml) that the register does not
 * keep, so that a catalog file imports as it is: every field the catalog's schema allows beyond
 * the register's (a system's connector settings, an item's targets and phase, …), read from
 * schemas/catalog/ so that a field added there is left out here too.
 */
const CATALOG_SCHEMAS: Record<Exclude<RegisterKind, 'volumes'>, { id: string; path: string[] }> = {
  departments: { id: 'urn:owh:schema:catalog:departments:1', path: ['properties', 'departments', 'items', 'properties'] },
  systems: { id: 'urn:owh:schema:catalog:systems:1', path: ['$defs', 'system', 'properties'] },
  items: { id: 'urn:owh:schema:catalog:items:1', path: ['$defs', 'item', 'properties'] },
};

let dropped: Record<RegisterKind, ReadonlySet<string>> | undefined;

/** Fields left out of a row before it is validated: the catalog's own, and a volume row's item name (for people reading the file). */
function droppedFields(kind: RegisterKind): ReadonlySet<string> {
  if (!dropped) {
    const catalogOnly = (k: Exclude<RegisterKind, 'volumes'>): Set<string> => {
      const { id, path } = CATALOG_SCHEMAS[k];
      let node: unknown = sharedAjv().getSchema(id)?.schema;
      for (const key of path) node = isRecord(node) ? node[key] : undefined;
      const register = new Set(knownFields(k));
      return new Set(Object.keys(isRecord(node) ? node : {}).filter((f) => !register.has(f)));
    };
    dropped = { departments: catalogOnly('departments'), systems: catalogOnly('systems'), items: catalogOnly('items'), volumes: new Set(['name']) };
  }
  return dropped[kind];
}

/** Types of power and levels as Chinese registers write them. */
const POWER_NAMES: Record<string, PowerKind> = {
  行政许可: 'XK',
  行政处罚: 'CF',
  行政强制: 'QZ',
  行政征收: 'ZS',
  行政给付: 'JF',
  行政检查: 'JC',
  行政确认: 'QR',
  行政奖励: 'JL',
  行政裁决: 'CJ',
  其他: 'QT',
  其他行政权力: 'QT',
  公共服务: 'GG',
};
const LEVEL_NAMES: Record<string, 'city' | 'district'> = { 市级: 'city', 市本级: 'city', 区县级: 'district', 区级: 'district', 县级: 'district', 区县: 'district' };

const LIST_SEPARATORS = /[;；|、]/;

/** A CSV cell (already trimmed, not empty) as the value its column holds. */
export function cellValue(cell: string, type: CellType): unknown {
  switch (type) {
    case 'integer':
      // Anything else stays text, so that the schema refuses it with the cell as written.
      return /^[+-]?[0-9]+$/.test(cell) ? Number(cell) : cell;
    case 'list':
      return splitList(cell);
    default:
      return cell;
  }
}

function splitList(cell: string): string[] {
  return cell
    .split(LIST_SEPARATORS)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A row as the schema expects it: empty values dropped, Chinese names of powers and levels
 * turned into codes, and the runtime catalog's shapes turned into the register's (an item's
 * `targets` give its lead and co-handlers; a system's connector settings are left out).
 * Builds a new object without `delete`, which keeps 70,000 rows fast to validate.
 */
export function normaliseRow(kind: RegisterKind, raw: Record<string, unknown>): Record<string, unknown> {
  const skip = droppedFields(kind);
  const row: Record<string, unknown> = {};
  for (const key in raw) {
    if (skip.has(key)) continue;
    let value = raw[key];
    if (typeof value === 'string') {
      value = value.trim();
      if (value === '') continue;
    } else if (value === null || value === undefined) continue;
    // A volumes file may call the item code `code` (事项编码), as the items file does.
    const field = kind === 'volumes' && key === 'code' && raw.itemCode === undefined ? 'itemCode' : key;
    row[field] = value;
  }
  if (kind === 'items') {
    const targets = raw.targets;
    if (Array.isArray(targets)) {
      const records = targets.filter(isRecord);
      const lead = records.find((t) => t.role === 'lead');
      if (row.lead === undefined && lead?.system !== undefined) row.lead = lead.system;
      if (row.coHandlers === undefined) row.coHandlers = records.filter((t) => t.role === 'co-handler').map((t) => t.system);
    } else if (targets !== undefined && targets !== null) {
      row.targets = targets; // not a list: left in, so that the schema names it
    }
    if (typeof row.coHandlers === 'string') row.coHandlers = splitList(row.coHandlers);
    if (typeof row.power === 'string' && POWER_NAMES[row.power]) row.power = POWER_NAMES[row.power];
    if (typeof row.level === 'string' && LEVEL_NAMES[row.level]) row.level = LEVEL_NAMES[row.level];
  } else if (kind === 'volumes') {
    if (typeof row.period === 'number') row.period = String(row.period);
  }
  return row;
}

const validators = new Map<RegisterKind, ValidateFunction>();

function validator(kind: RegisterKind): ValidateFunction {
  let fn = validators.get(kind);
  if (!fn) {
    fn = validatorFor(REGISTER_SCHEMA_IDS[kind]);
    validators.set(kind, fn);
  }
  return fn;
}

/** The fields every row of a kind must have (the schema's `required`). */
export function requiredFields(kind: RegisterKind): string[] {
  return [...(((validator(kind).schema as { required?: string[] }).required) ?? [])];
}

/** The fields a row of a kind may have (the schema's `properties`). */
export function knownFields(kind: RegisterKind): string[] {
  return Object.keys((validator(kind).schema as { properties?: object }).properties ?? {});
}

/** A row's key, as refusals name it: a department's or system's id, an item's code, a volume's item code. */
export function keyOf(kind: RegisterKind, row: Record<string, unknown>): string | undefined {
  const key = kind === 'items' ? row.code : kind === 'volumes' ? row.itemCode : row.id;
  return typeof key === 'string' && key !== '' ? key : undefined;
}

/** What must be unique within a file: the key, and for volumes the period too (one row per item and period). */
export function uniqueKeyOf(kind: RegisterKind, row: Record<string, unknown>): string | undefined {
  const key = keyOf(kind, row);
  if (key === undefined || kind !== 'volumes') return key;
  return row.period === undefined ? key : `${key}\u0000${String(row.period)}`;
}

/** Validates a normalised row; gives the typed row, or what is wrong with it. */
export function checkRow(kind: RegisterKind, row: Record<string, unknown>): RowCheck {
  const validate = validator(kind);
  if (!validate(row)) return { problems: explain(kind, row, validate.errors) };
  if (kind === 'items') {
    const item = row as unknown as RegisterItem;
    item.power ??= item.code.slice(0, 2) as PowerKind;
    item.coHandlers ??= [];
    if (item.lead !== undefined && item.coHandlers.includes(item.lead)) {
      return { problems: [{ pointer: '/coHandlers', reason: `coHandlers names the lead system '${item.lead}' too: a system is either the item's lead or one of its co-handlers` }] };
    }
  }
  return { value: row as unknown as RegisterRow };
}

const ID_FORM = "lower-case letters, digits and '-', 2 to 63 characters (e.g. amr-registration)";
const CODE_FORM = `2 letters for the type of power (${POWER_KINDS.join(', ')}) and 8 digits, e.g. XK00101001`;
const ID_FIELDS = new Set(['id', 'department', 'lead', 'form', 'coHandlers']);

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`;
}

function valueAt(row: Record<string, unknown>, pointer: string): unknown {
  let node: unknown = row;
  for (const token of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/** Reasons for ajv's errors, naming the field, the value as written and the expected form. */
function explain(kind: RegisterKind, row: Record<string, unknown>, errors: ErrorObject[] | null | undefined): RowProblem[] {
  return toErrorDetails(errors).map((detail) => {
    const field = detail.pointer.split('/')[1] ?? '';
    const value = valueAt(row, detail.pointer);
    const shown = value === undefined ? '' : ` ${show(value)}`;
    const reason = ((): string => {
      switch (detail.keyword) {
        case 'required':
          return `${field} is missing: every ${EVERY[kind]} needs ${requiredFields(kind).join(', ')}`;
        case 'additionalProperties':
          if (kind === 'items' && field === 'targets') return "targets is not a list of { system, role: lead | co-handler } (the catalog's items.yaml form)";
          return `'${field}' is not a field of ${NOUN[kind]} (check its spelling; the fields are ${knownFields(kind).join(', ')})`;
        case 'uniqueItems':
          return `${field} names the same system twice`;
      }
      if (field === 'code' || field === 'itemCode') return `${field}${shown} is not a standardised item code: ${CODE_FORM}`;
      if (field === 'power' && detail.keyword === 'const') {
        const code = String(row.code);
        return `power${shown} does not match the code ${code}: an item's type of power is its code's first two letters (${code.slice(0, 2)})`;
      }
      if (field === 'power') return `power${shown} is not a type of power: one of ${POWER_KINDS.join(', ')} (or its Chinese name, e.g. 行政许可)`;
      if (field === 'timeLimitDays') return `timeLimitDays${shown} is not a whole number of working days (0 or more; leave it empty for an item handled on the spot)`;
      if (field === 'volume') return `volume${shown} is not a whole number of cases (0 or more, without separators)`;
      if (field === 'level') return `level${shown} must be city or district (市级 or 区县级)`;
      if (field === 'period') return `period${shown} is not a period: a year (2025), a half-year (2025-H1), a quarter (2026-Q3) or a month (2026-07)`;
      if (field === 'adapter') return `adapter${shown} is not an adapter kind: rest, soap, file, amqp or a plug-in's name, in lower case`;
      if (field === 'name' || field === 'shortName') return detail.keyword === 'minLength' ? `${field} is empty` : `${field}${shown} ${detail.message}`;
      if (ID_FIELDS.has(field) && (detail.keyword === 'pattern' || detail.keyword === 'type')) {
        return `${field}${shown} is not an id: ${field === 'coHandlers' ? 'a list of ids, each ' : ''}${ID_FORM}`;
      }
      return `${field}${shown} ${detail.message}`;
    })();
    return { pointer: detail.pointer, reason };
  });
}
