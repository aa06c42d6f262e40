/**
 * TypeScript types of a mapping spec, mirroring `schemas/mapping.schema.json` (the schema is the
 * source of truth: its descriptions are what users read; keep these types in step with it).
 */

/** What a mapping turns into what: a case into a request, an answer into a receipt, a posted result into the hub's result. */
export type MappingKind = 'request' | 'response' | 'result' | 'opinion' | 'supplement' | 'lookup' | 'answer';

/** A code table written inline: source code → target code. */
export type CodeTable = Record<string, string | number | boolean>;

/** A code table kept in its own YAML/JSON file, relative to the mapping file. */
export interface CodeTableFile {
  $file: string;
}

export interface MappingSpec {
  $schema?: string;
  kind: MappingKind;
  description?: string;
  /** For request mappings: the e-form id the source data follows. */
  form?: string;
  /** The department system this mapping talks to. */
  system?: string;
  target?: {
    /** Path (relative to the mapping file) of a JSON Schema of the target document. */
    schema?: string;
    format?: 'json' | 'xml' | 'csv';
  };
  /** Offset (`+08:00`) date-times are written in, and in which times written without an offset are read. */
  timezone?: string;
  codeTables?: Record<string, CodeTable | CodeTableFile>;
  rules: MappingRule[];
}

/** One target field; its value comes from exactly one of from, value, concat, each or rules. */
export interface MappingRule {
  /** Target path, relative to the current target object (`sqr.xm`, `items[0].code`). */
  to: string;
  /** Source path, relative to the current source (the case, or the element inside `each`); `$` is the current source itself. */
  from?: string;
  /** A constant. */
  value?: unknown;
  /** Source paths whose present values are joined with `separator`. */
  concat?: string[];
  separator?: string;
  /** Source path of an array: the target becomes an array, one element per source element. */
  each?: string;
  /** Nested rules: with `each` they build each element; alone they build a nested object. */
  rules?: MappingRule[];
  /** Code table the value is looked up in, after the transforms. */
  map?: string;
  transform?: MappingTransform[];
  /** Written as is when the value is missing (undefined, null or ''). */
  default?: unknown;
  /** Fail with OWH_MAPPING_FAILED when there is no value. */
  required?: boolean;
  when?: MappingCondition;
  note?: string;
}

/** One step applied to the value; exactly one key per step. */
export type MappingTransform =
  | { trim: true }
  | { upper: true }
  | { lower: true }
  | { string: true }
  | { date: { to: string } }
  | { datetime: { to: string; timezone?: string } }
  | { number: { scale?: number; decimals?: number; integer?: boolean } }
  | { split: { separator: string; index?: number } }
  | { join: { separator?: string } }
  | { substring: { start: number; end?: number } }
  | { pad: { length: number; char?: string; side?: 'start' | 'end' } }
  | { replace: { find: string; with: string } }
  | { prefix: string }
  | { suffix: string }
  | { lookup: string }
  | { boolean: { true: unknown; false: unknown } };

/** A condition on the current source; exactly one of path (with its tests), all, any or not. */
export interface MappingCondition {
  path?: string;
  equals?: unknown;
  notEquals?: unknown;
  in?: unknown[];
  exists?: boolean;
  all?: MappingCondition[];
  any?: MappingCondition[];
  not?: MappingCondition;
}
