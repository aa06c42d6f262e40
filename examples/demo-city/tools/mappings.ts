/**
 * Request, response and result mappings of the demo city's systems (REST, SOAP, file drop and
 * AMQP), each rule written beside the code
 * that computes, directly from the sample's data, the value the rule must produce. The computed
 * values become fixtures/*.expected.json: they are what the mapping engine has to agree with, so
 * they are computed here without interpreting the rules (a rule and its value are kept in one
 * `field(...)` call so they cannot drift apart unnoticed).
 */
import { createHash } from 'node:crypto';
import { codeTable, Dialect, SystemDef } from './city';
import type { Item, RequestMappingRef } from './catalog';
import type { FieldDef } from './fields';
import { CASE_DAY, CaseEnvelope, tinyPdf } from './samples';

/** One rule of schemas/mapping.schema.json. */
export type Rule = Record<string, unknown>;
// The sources are JSON documents whose shapes the rules describe; `any` keeps the value code short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Src = any;
type Out = Record<string, unknown>;

/** A rule and the code that computes what it writes. */
interface Pair {
  rule: Rule;
  build(src: Src, out: Out): void;
}

export interface MappingDoc {
  kind: 'request' | 'response' | 'result' | 'opinion' | 'supplement' | 'lookup' | 'answer';
  description: string;
  form?: string;
  system: string;
  target?: { schema?: string; format: 'json' | 'xml' | 'csv' };
  timezone: string;
  codeTables?: Record<string, unknown>;
  rules: Rule[];
}

export interface BuiltMapping {
  doc: MappingDoc;
  /** Computes the mapping's output for a source, without reading the rules. */
  expected(src: Src): Out;
}

// ---- value helpers: what each transform does, done by hand ----

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '';
const opt = <T>(v: unknown, fn: (x: Src) => T): T | undefined => (present(v) ? fn(v) : undefined);
const trim = (v: unknown): string => String(v).trim();

/** The `date` transform's inputs: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY年M月D日, RFC 3339. */
function parseDate(v: string): [string, string, string] {
  const m = /^(\d{4})[-/]?(\d{2})[-/]?(\d{2})(T.*)?$/.exec(v) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(v);
  if (!m) throw new Error(`not a date: ${v}`);
  return [m[1], m[2].padStart(2, '0'), m[3].padStart(2, '0')];
}

function formatDate(v: string, pattern: string): string {
  const [y, m, d] = parseDate(v);
  return pattern.replace('YYYY', y).replace('MM', m).replace('DD', d);
}

/**
 * The `datetime` transform in +08:00: RFC 3339 with any offset, or local compact
 * YYYYMMDDHHmmss. Tokens YYYY MM DD HH mm ss and ZZ (the offset, +08:00).
 */
function formatDateTime(v: string, pattern: string): string {
  let parts: string[];
  const compact = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v);
  if (compact) {
    parts = compact.slice(1);
  } else {
    const ms = Date.parse(v);
    if (Number.isNaN(ms) || !/(Z|[+-]\d{2}:\d{2})$/.test(v)) throw new Error(`not an RFC 3339 date-time: ${v}`);
    const local = new Date(ms + 8 * 3600 * 1000).toISOString(); // shifted to +08:00, read as UTC
    parts = [local.slice(0, 4), local.slice(5, 7), local.slice(8, 10), local.slice(11, 13), local.slice(14, 16), local.slice(17, 19)];
  }
  const [Y, M, D, h, m, s] = parts;
  return pattern.replace('YYYY', Y).replace('MM', M).replace('DD', D).replace('HH', h).replace('mm', m).replace('ss', s).replace('ZZ', '+08:00');
}

// ---- rule builders ----

/** A field whose value `value` computes; undefined leaves it out, as a rule without a value does. */
function field(rule: Rule, value: (src: Src) => unknown): Pair {
  return {
    rule,
    build: (src, out) => {
      const v = value(src);
      if (v !== undefined) out[rule.to as string] = v;
    },
  };
}

/** A nested object built from the same source; `when` (with its condition computed) may skip it. */
function nested(to: string, pairs: Pair[], when?: { rule: Rule; holds: (src: Src) => boolean }): Pair {
  return {
    rule: { to, ...(when ? { when: when.rule } : {}), rules: pairs.map((p) => p.rule) },
    build: (src, out) => {
      if (when && !when.holds(src)) return;
      const o: Out = {};
      for (const p of pairs) p.build(src, o);
      out[to] = o;
    },
  };
}

/** An array with one element per element of the source array. */
function each(to: string, from: string, list: (src: Src) => unknown, pairs: Pair[]): Pair {
  return {
    rule: { to, each: from, rules: pairs.map((p) => p.rule) },
    build: (src, out) => {
      const arr = list(src);
      if (!Array.isArray(arr)) return;
      out[to] = arr.map((el) => {
        const o: Out = {};
        for (const p of pairs) p.build(el, o);
        return o;
      });
    },
  };
}

/**
 * A one-element array `to[0]`, built like a nested object when `when` holds: for systems that
 * report one document per result in flat fields (the mapping writes `documents[0]`).
 */
function first(to: string, pairs: Pair[], when: { rule: Rule; holds: (src: Src) => boolean }): Pair {
  return {
    rule: { to: `${to}[0]`, when: when.rule, rules: pairs.map((p) => p.rule) },
    build: (src, out) => {
      if (!when.holds(src)) return;
      const o: Out = {};
      for (const p of pairs) p.build(src, o);
      if (Object.keys(o).length > 0) out[to] = [o];
    },
  };
}

function built(doc: MappingDoc, pairs: Pair[]): BuiltMapping {
  return {
    doc: { ...doc, rules: pairs.map((p) => p.rule) },
    expected: (src) => {
      const out: Out = {};
      for (const p of pairs) p.build(src, out);
      return out;
    },
  };
}

// ---- form fields ----

const GENDER = codeTable('gender');
const ID_TYPE = codeTable('id-type');
const OPEN_ID_TYPE = codeTable('open-id-type');
const CHANNEL = codeTable('channel');
const DISTRICT_NAMES = codeTable('district-names');
const OPEN_SEX = { M: 'MALE', F: 'FEMALE' } as const;
const OPEN_APPLICANT_TYPE = { person: 'INDIVIDUAL', 'legal-entity': 'ORGANIZATION' } as const;

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** How an open-dialect system names a form field (money fields carry their unit in the name). */
export function openName(def: FieldDef, naming: 'camel' | 'snake'): string {
  const base = def.kind === 'money' ? `${def.key}Yuan` : def.kind === 'yuan' ? `${def.key}Fen` : def.key;
  return naming === 'snake' ? snake(base) : base;
}

/** A gov-dialect field: pinyin name, dates YYYYMMDD, amounts as strings with two decimals, national codes. */
function govField(def: FieldDef, prefix: string, get: (src: Src) => unknown): Pair {
  const to = def.gov;
  const from = prefix + def.key;
  switch (def.kind) {
    case 'text':
    case 'longtext':
    case 'name':
    case 'mobile':
      return field({ to, from, transform: [{ trim: true }] }, (s) => opt(get(s), trim));
    case 'idnum':
    case 'credit':
      return field({ to, from, transform: [{ trim: true }, { upper: true }] }, (s) => opt(get(s), (v) => trim(v).toUpperCase()));
    case 'date':
    case 'date2':
      return field({ to, from, transform: [{ date: { to: 'YYYYMMDD' } }] }, (s) => opt(get(s), (v) => formatDate(v, 'YYYYMMDD')));
    case 'gender':
      return field({ to, from, map: 'gender' }, (s) => opt(get(s), (v) => GENDER[v]));
    case 'idtype':
      return field({ to, from, map: 'idType' }, (s) => opt(get(s), (v) => ID_TYPE[v]));
    case 'money':
    case 'yuan':
    case 'area':
      return field({ to, from, transform: [{ number: { decimals: 2 } }] }, (s) => opt(get(s), (v) => Number(v).toFixed(2)));
    case 'bool':
      return field({ to, from, transform: [{ boolean: { true: '1', false: '0' } }] }, (s) => opt(get(s), (v) => (v ? '1' : '0')));
    case 'strings':
      return field({ to, from, transform: [{ join: { separator: ',' } }] }, (s) => opt(get(s), (v: string[]) => v.join(',')));
    case 'objects':
      return each(to, from, get, (def.items ?? []).map((sub) => govField(sub, '', (el) => el[sub.key])));
    case 'decimal':
    case 'int':
    case 'enum':
      return field({ to, from }, (s) => opt(get(s), (v) => v));
  }
}

/** An open-dialect field: English name, ISO dates, amounts in yuan or fen as integers, English codes. */
function openField(def: FieldDef, naming: 'camel' | 'snake', prefix: string, get: (src: Src) => unknown): Pair {
  const to = openName(def, naming);
  const from = prefix + def.key;
  switch (def.kind) {
    case 'text':
    case 'longtext':
    case 'name':
    case 'mobile':
      return field({ to, from, transform: [{ trim: true }] }, (s) => opt(get(s), trim));
    case 'idnum':
    case 'credit':
      return field({ to, from, transform: [{ trim: true }, { upper: true }] }, (s) => opt(get(s), (v) => trim(v).toUpperCase()));
    case 'date':
    case 'date2':
      return field({ to, from, transform: [{ date: { to: 'YYYY-MM-DD' } }] }, (s) => opt(get(s), (v) => formatDate(v, 'YYYY-MM-DD')));
    case 'gender':
      return field({ to, from, map: 'sex' }, (s) => opt(get(s), (v: 'M' | 'F') => OPEN_SEX[v]));
    case 'idtype':
      return field({ to, from, map: 'idType' }, (s) => opt(get(s), (v) => OPEN_ID_TYPE[v]));
    case 'money':
      return field({ to, from, transform: [{ number: { scale: 4, integer: true } }], note: '万元 → 元' }, (s) => opt(get(s), (v) => Math.round(Number(v) * 1e4)));
    case 'yuan':
      return field({ to, from, transform: [{ number: { scale: 2, integer: true } }], note: '元 → 分' }, (s) => opt(get(s), (v) => Math.round(Number(v) * 100)));
    case 'objects':
      return each(to, from, get, (def.items ?? []).map((sub) => openField(sub, naming, '', (el) => el[sub.key])));
    case 'strings':
    case 'area':
    case 'decimal':
    case 'int':
    case 'enum':
    case 'bool':
      return field({ to, from }, (s) => opt(get(s), (v) => v));
  }
}

// ---- request mappings ----

const REQUEST_TABLES = '../../../../code-tables';

function hasContact(fields: FieldDef[]): boolean {
  return fields.some((f) => f.key === 'contactName') && fields.some((f) => f.key === 'contactPhone');
}

function itemNameRules(items: Item[], to: string): Pair[] {
  return items.map((item) =>
    field({ to, value: item.name, when: { path: 'itemCode', equals: item.code } }, (c) => (c.itemCode === item.code ? item.name : undefined)),
  );
}

const isEntity = { rule: { path: 'applicant.type', equals: 'legal-entity' }, holds: (c: Src) => c.applicant.type === 'legal-entity' };

function govRequest(ref: RequestMappingRef, fields: FieldDef[]): Pair[] {
  const form: Pair[] = fields.map((def) => govField(def, 'form.', (c) => c.form[def.key]));
  if (hasContact(fields)) {
    form.push(
      field({ to: 'lxrxx', concat: ['form.contactName', 'form.contactPhone'], separator: ' ', note: '联系人信息: name and phone in one field, as the legacy screen shows them' }, (c) =>
        [c.form.contactName, c.form.contactPhone].filter(present).join(' '),
      ),
    );
  }
  return [
    field({ to: 'ywlsh', from: 'caseId', required: true, note: '业务流水号 = the hub case id' }, (c) => c.caseId),
    field({ to: 'sxbm', from: 'itemCode', required: true }, (c) => c.itemCode),
    ...itemNameRules(ref.items, 'sxmc'),
    nested('sqr', [
      field({ to: 'xm', from: 'applicant.name', transform: [{ trim: true }], required: true }, (c) => trim(c.applicant.name)),
      field({ to: 'zjlx', from: 'applicant.idType', map: 'idType', required: true }, (c) => ID_TYPE[c.applicant.idType]),
      field({ to: 'zjhm', from: 'applicant.idNumber', transform: [{ trim: true }, { upper: true }], required: true }, (c) => trim(c.applicant.idNumber).toUpperCase()),
      field({ to: 'lxdh', from: 'applicant.phone' }, (c) => opt(c.applicant.phone, (v) => v)),
      field({ to: 'fddbrxm', from: 'applicant.legalRepresentative.name', when: isEntity.rule }, (c) =>
        isEntity.holds(c) ? opt(c.applicant.legalRepresentative?.name, (v) => v) : undefined,
      ),
      field({ to: 'fddbrzjhm', from: 'applicant.legalRepresentative.idNumber', when: isEntity.rule }, (c) =>
        isEntity.holds(c) ? opt(c.applicant.legalRepresentative?.idNumber, (v) => v) : undefined,
      ),
    ]),
    field({ to: 'slsj', from: 'submittedAt', transform: [{ datetime: { to: 'YYYYMMDDHHmmss' } }], required: true, note: '受理时间, local time' }, (c) =>
      formatDateTime(c.submittedAt, 'YYYYMMDDHHmmss'),
    ),
    nested('sldd', [
      field({ to: 'fwdbm', from: 'acceptedAt.servicePoint', required: true }, (c) => c.acceptedAt.servicePoint),
      field({ to: 'fwdmc', from: 'acceptedAt.servicePointName' }, (c) => opt(c.acceptedAt.servicePointName, (v) => v)),
      field({ to: 'xzqh', from: 'acceptedAt.district', required: true }, (c) => c.acceptedAt.district),
    ]),
    field({ to: 'gsd', from: 'jurisdiction', required: true, note: '属地: the applicant\'s district decides who handles the case' }, (c) => c.jurisdiction),
    field({ to: 'gsdmc', from: 'jurisdiction', map: 'districtNames' }, (c) => DISTRICT_NAMES[c.jurisdiction]),
    field({ to: 'qd', from: 'channel', map: 'channel', required: true }, (c) => CHANNEL[c.channel]),
    nested('bdsj', form),
    each('cl', 'materials', (c) => c.materials, [
      field({ to: 'clbh', from: 'id' }, (m) => m.id),
      field({ to: 'clmc', from: 'name', default: '申请材料' }, (m) => (present(m.name) ? m.name : '申请材料')),
      field({ to: 'wjm', from: 'fileName' }, (m) => m.fileName),
      field({ to: 'wjlx', from: 'mediaType' }, (m) => m.mediaType),
      field({ to: 'dx', from: 'size' }, (m) => m.size),
      field({ to: 'sha256', from: 'sha256' }, (m) => m.sha256),
      field({ to: 'url', from: 'uri' }, (m) => opt(m.uri, (v) => v)),
    ]),
  ];
}

function openRequest(ref: RequestMappingRef, fields: FieldDef[], naming: 'camel' | 'snake'): Pair[] {
  const contact = hasContact(fields);
  const form: Pair[] = fields
    .filter((def) => !(contact && (def.key === 'contactName' || def.key === 'contactPhone')))
    .map((def) => openField(def, naming, 'form.', (c) => c.form[def.key]));
  if (contact) {
    form.push(
      nested('contact', [
        field({ to: 'name', from: 'form.contactName', transform: [{ trim: true }] }, (c) => opt(c.form.contactName, trim)),
        field({ to: 'mobile', from: 'form.contactPhone', transform: [{ trim: true }] }, (c) => opt(c.form.contactPhone, trim)),
      ]),
    );
  }
  return [
    field({ to: 'applicationNo', from: 'caseId', required: true }, (c) => c.caseId),
    field({ to: 'serviceCode', from: 'itemCode', required: true }, (c) => c.itemCode),
    ...itemNameRules(ref.items, 'serviceName'),
    nested('applicant', [
      field({ to: 'name', from: 'applicant.name', transform: [{ trim: true }], required: true }, (c) => trim(c.applicant.name)),
      field({ to: 'idType', from: 'applicant.idType', map: 'idType', required: true }, (c) => OPEN_ID_TYPE[c.applicant.idType]),
      field({ to: 'idNumber', from: 'applicant.idNumber', transform: [{ trim: true }, { upper: true }], required: true }, (c) => trim(c.applicant.idNumber).toUpperCase()),
      field({ to: 'mobile', from: 'applicant.phone' }, (c) => opt(c.applicant.phone, (v) => v)),
      field({ to: 'type', from: 'applicant.type', map: 'applicantType', required: true }, (c) => OPEN_APPLICANT_TYPE[c.applicant.type as 'person' | 'legal-entity']),
      nested(
        'legalRepresentative',
        [
          field({ to: 'name', from: 'applicant.legalRepresentative.name' }, (c) => opt(c.applicant.legalRepresentative?.name, (v) => v)),
          field({ to: 'idNumber', from: 'applicant.legalRepresentative.idNumber', transform: [{ upper: true }] }, (c) =>
            opt(c.applicant.legalRepresentative?.idNumber, (v) => String(v).toUpperCase()),
          ),
        ],
        isEntity,
      ),
    ]),
    field({ to: 'submittedTime', from: 'submittedAt', transform: [{ datetime: { to: 'YYYY-MM-DDTHH:mm:ssZZ' } }], required: true }, (c) =>
      formatDateTime(c.submittedAt, 'YYYY-MM-DDTHH:mm:ssZZ'),
    ),
    nested('acceptancePoint', [
      field({ to: 'code', from: 'acceptedAt.servicePoint', required: true }, (c) => c.acceptedAt.servicePoint),
      field({ to: 'name', from: 'acceptedAt.servicePointName' }, (c) => opt(c.acceptedAt.servicePointName, (v) => v)),
      field({ to: 'district', from: 'acceptedAt.district', required: true }, (c) => c.acceptedAt.district),
    ]),
    field({ to: 'region', from: 'jurisdiction', required: true }, (c) => c.jurisdiction),
    field({ to: 'channel', from: 'channel', transform: [{ upper: true }], required: true }, (c) => String(c.channel).toUpperCase()),
    nested('formData', form),
    each('attachments', 'materials', (c) => c.materials, [
      field({ to: 'id', from: 'id' }, (m) => m.id),
      field({ to: 'kind', from: 'kind' }, (m) => m.kind),
      field({ to: 'fileName', from: 'fileName' }, (m) => m.fileName),
      field({ to: 'mediaType', from: 'mediaType' }, (m) => m.mediaType),
      field({ to: 'size', from: 'size' }, (m) => m.size),
      field({ to: 'sha256', from: 'sha256' }, (m) => m.sha256),
      field({ to: 'uri', from: 'uri' }, (m) => opt(m.uri, (v) => v)),
    ]),
  ];
}

// ---- the flat CSV row of culture-licensing ----

/** One column of a CSV system's row: its header (the department's words) and the mapping's field. */
export interface CsvColumn {
  name: string;
  path: string;
}

/** The envelope's columns of a CSV row, before the form's fields. */
const CSV_ENVELOPE: readonly CsvColumn[] = [
  { name: '办件编号', path: 'ywlsh' },
  { name: '事项编码', path: 'sxbm' },
  { name: '事项名称', path: 'sxmc' },
  { name: '申请人名称', path: 'sqrmc' },
  { name: '申请人证件类型', path: 'sqrzjlx' },
  { name: '申请人证件号码', path: 'sqrzjhm' },
  { name: '申请人联系电话', path: 'sqrlxdh' },
  { name: '申请单位法定代表人', path: 'sqrfddbr' },
  { name: '受理时间', path: 'slsj' },
  { name: '受理点编码', path: 'sldbm' },
  { name: '受理点名称', path: 'sldmc' },
  { name: '属地', path: 'gsd' },
  { name: '属地名称', path: 'gsdmc' },
  { name: '受理渠道', path: 'qd' },
  { name: '材料清单', path: 'clqd' },
];

/** How many materials the CSV row names (材料清单): an old import template's fixed width. */
const CSV_MATERIALS = 5;

/** A form field fits a CSV column when it is one value (tables are read from the materials). */
export function csvField(def: FieldDef): boolean {
  return def.kind !== 'objects';
}

/** The columns of a CSV system: the envelope's, then every single-value field of its forms, in form order. */
export function csvColumns(fieldsOfSystem: FieldDef[]): CsvColumn[] {
  const columns = [...CSV_ENVELOPE];
  for (const def of fieldsOfSystem.filter(csvField)) {
    if (columns.some((c) => c.path === def.gov)) {
      if (CSV_ENVELOPE.some((c) => c.path === def.gov)) throw new Error(`CSV column ${def.gov} (${def.key}) clashes with an envelope column`);
      continue;
    }
    columns.push({ name: def.title, path: def.gov });
  }
  return columns;
}

function csvRequest(ref: RequestMappingRef, fields: FieldDef[]): Pair[] {
  const materialPaths = Array.from({ length: CSV_MATERIALS }, (_, i) => `materials[${i}].name`);
  return [
    field({ to: 'ywlsh', from: 'caseId', required: true, note: '办件编号 = the hub case id' }, (c) => c.caseId),
    field({ to: 'sxbm', from: 'itemCode', required: true }, (c) => c.itemCode),
    ...itemNameRules(ref.items, 'sxmc'),
    field({ to: 'sqrmc', from: 'applicant.name', transform: [{ trim: true }], required: true }, (c) => trim(c.applicant.name)),
    field({ to: 'sqrzjlx', from: 'applicant.idType', map: 'idType', required: true }, (c) => ID_TYPE[c.applicant.idType]),
    field({ to: 'sqrzjhm', from: 'applicant.idNumber', transform: [{ trim: true }, { upper: true }], required: true }, (c) => trim(c.applicant.idNumber).toUpperCase()),
    field({ to: 'sqrlxdh', from: 'applicant.phone' }, (c) => opt(c.applicant.phone, (v) => v)),
    field({ to: 'sqrfddbr', from: 'applicant.legalRepresentative.name', when: isEntity.rule }, (c) =>
      isEntity.holds(c) ? opt(c.applicant.legalRepresentative?.name, (v) => v) : undefined,
    ),
    field({ to: 'slsj', from: 'submittedAt', transform: [{ datetime: { to: 'YYYYMMDDHHmmss' } }], required: true }, (c) => formatDateTime(c.submittedAt, 'YYYYMMDDHHmmss')),
    field({ to: 'sldbm', from: 'acceptedAt.servicePoint', required: true }, (c) => c.acceptedAt.servicePoint),
    field({ to: 'sldmc', from: 'acceptedAt.servicePointName' }, (c) => opt(c.acceptedAt.servicePointName, (v) => v)),
    field({ to: 'gsd', from: 'jurisdiction', required: true }, (c) => c.jurisdiction),
    field({ to: 'gsdmc', from: 'jurisdiction', map: 'districtNames' }, (c) => DISTRICT_NAMES[c.jurisdiction]),
    field({ to: 'qd', from: 'channel', map: 'channel', required: true }, (c) => CHANNEL[c.channel]),
    field(
      { to: 'clqd', concat: materialPaths, separator: '；', note: `材料清单: the names of the first ${CSV_MATERIALS} materials; the files travel with the case on the platform` },
      (c) => {
        const names = (c.materials ?? []).slice(0, CSV_MATERIALS).map((m: Src) => m.name).filter(present);
        return names.length > 0 ? names.join('；') : undefined;
      },
    ),
    ...fields.filter(csvField).map((def) => govField(def, 'form.', (c) => c.form[def.key])),
  ];
}

// ---- request mappings ----

/** What a system's adapter puts on the wire. */
export function wireFormat(system: SystemDef): 'json' | 'xml' | 'csv' {
  if (system.adapter === 'soap') return 'xml';
  if (system.adapter === 'file') return system.file!.format;
  return 'json';
}

/** How the gov-dialect message reaches the system, for descriptions. */
function carriedAs(system: SystemDef): string {
  switch (system.adapter) {
    case 'soap':
      return `the arguments of the SOAP operation ${system.soap!.operation}`;
    case 'file':
      return `a case file <${system.file!.xml!.prefix}:${system.file!.xml!.root}> dropped into its outbox`;
    case 'amqp':
      return `a JSON message on ${system.amqp!.exchange}/${system.amqp!.routingKey}`;
    default:
      return `POST ${system.path}`;
  }
}

const GOV_TABLES = {
  idType: { $file: `${REQUEST_TABLES}/id-type.yaml` },
  gender: { $file: `${REQUEST_TABLES}/gender.yaml` },
  channel: { $file: `${REQUEST_TABLES}/channel.yaml` },
  districtNames: { $file: `${REQUEST_TABLES}/district-names.yaml` },
};

export function requestMapping(ref: RequestMappingRef, fields: FieldDef[]): BuiltMapping {
  const { system, form } = ref;
  const dialect = system.dialect as Dialect;
  const used = ref.items.map((i) => `${i.code} ${i.name}`).join('; ');
  const common = {
    kind: 'request' as const,
    form: form.id,
    system: system.id,
    target: { schema: `../../../../api/${system.id}.schema.json`, format: wireFormat(system) },
    timezone: '+08:00',
  };
  if (system.file?.format === 'csv') {
    const left = fields.filter((f) => !csvField(f)).map((f) => f.title);
    return built(
      {
        ...common,
        description:
          `${form.title}（${form.id}）→ ${system.name}（${system.id}），one row of its GB18030 CSV import file: the envelope in pinyin columns, then the form's single-value fields` +
          `${left.length > 0 ? ` (the tables ${left.join('、')} are read from the materials)` : ''}. Items: ${used}.`,
        codeTables: GOV_TABLES,
        rules: [],
      },
      csvRequest(ref, fields),
    );
  }
  if (dialect === 'gov') {
    return built(
      {
        ...common,
        description: `${form.title}（${form.id}）→ ${system.name}（${system.id}），gov dialect${system.adapter === 'rest' ? '' : ` as ${carriedAs(system)}`}: envelope in pinyin abbreviations, the form in bdsj. Items: ${used}.`,
        codeTables: GOV_TABLES,
        rules: [],
      },
      govRequest(ref, fields),
    );
  }
  return built(
    {
      ...common,
      description: `${form.title}（${form.id}）→ ${system.name}（${system.id}），open dialect${system.adapter === 'rest' ? '' : ` as ${carriedAs(system)}`}: English envelope, the form in formData (${system.naming === 'snake' ? 'snake_case' : 'camelCase'}). Items: ${used}.`,
      codeTables: {
        idType: { $file: `${REQUEST_TABLES}/open-id-type.yaml` },
        applicantType: { ...OPEN_APPLICANT_TYPE },
        sex: { ...OPEN_SEX },
      },
      rules: [],
    },
    openRequest(ref, fields, system.naming ?? 'camel'),
  );
}

// ---- response mappings: the system's answer to a delivery → {receipt} ----

export function responseMapping(system: SystemDef): BuiltMapping {
  const doc = (description: string): MappingDoc => ({ kind: 'response', system: system.id, description, timezone: '+08:00', rules: [] });
  switch (system.adapter) {
    case 'soap':
      return built(doc(`${system.name}（${system.id}）answers ${system.soap!.operation} with {sjbh, code, msg}; sjbh (收件编号) is the receipt.`), [
        field({ to: 'receipt', from: 'body.sjbh', required: true }, (r) => r.body.sjbh),
      ]);
    case 'file':
      return built(
        doc(
          `A delivery to ${system.name}（${system.id}）is a case file renamed into its outbox; the file adapter answers {file, bytes, sha256}. The file's name is the receipt (the department's own number, sjbh, comes with its results).`,
        ),
        [field({ to: 'receipt', from: 'body.file', required: true }, (r) => r.body.file)],
      );
    case 'amqp':
      return built(
        doc(
          `A delivery to ${system.name}（${system.id}）is a message the broker confirmed; the AMQP adapter answers {messageId, exchange, routingKey}. The messageId (the idempotency key) is the receipt (the department's own number, receiptNo, comes with its results).`,
        ),
        [field({ to: 'receipt', from: 'body.messageId', required: true }, (r) => r.body.messageId)],
      );
    case 'rest': {
      const gov = system.dialect === 'gov';
      return built(
        doc(
          gov
            ? `${system.name}（${system.id}）answers a delivery with {code, msg, data: {ywlsh, sjbh}}; sjbh (收件编号) is the receipt.`
            : `${system.name}（${system.id}）answers a delivery with {applicationNo, receiptNo, status}; receiptNo is the receipt.`,
        ),
        [
          gov
            ? field({ to: 'receipt', from: 'body.data.sjbh', required: true }, (r) => r.body.data.sjbh)
            : field({ to: 'receipt', from: 'body.receiptNo', required: true }, (r) => r.body.receiptNo),
        ],
      );
    }
  }
}

// ---- result mappings: what the system sends back → schemas/result.schema.json ----

const RESULT_TABLES = '../../../code-tables';
const GOV_KIND = codeTable('gov-result-kind');
const GOV_OUTCOME = codeTable('gov-result-outcome');
const OPEN_STAGE = codeTable('open-result-stage');

/** Where the fields of a gov-style result are, in a system's own result format. */
interface GovResultFields {
  caseId: string;
  kind: string;
  outcome: string;
  reason: string;
  handler: string;
  decidedAt: string;
  receipt: string;
  docName: string;
  docFile: string;
  docUri?: string;
  /** The document inline, base64. */
  docContent?: string;
  /** With a request for more material (补正): the names of what is missing, and a note on each, each list joined by `；`. */
  materialNames: string;
  materialNotes: string;
}

/** How many materials a flat result names (补正材料): enough for one request, as an old screen shows them. */
const FLAT_MATERIALS = 5;
/** The separator of the flat material lists (a full-width semicolon, as the departments write lists). */
const LIST_SEPARATOR = '；';

/** The fields of the gov dialect's flat result (SOAP QueryResults, XML result files): one document per result. */
const GOV_FLAT: GovResultFields = {
  caseId: 'ywlsh', kind: 'jglx', outcome: 'jgdm', reason: 'yj', handler: 'blr', decidedAt: 'jgsj', receipt: 'sjbh', docName: 'wsmc', docFile: 'wjm', docUri: 'xzdz',
  materialNames: 'bzclmc', materialNotes: 'bzclsm',
};

/** The header of culture-licensing's CSV result files (GB18030). */
export const CSV_RESULT_COLUMNS = ['办件编号', '结果类型', '结果代码', '审批意见', '经办人', '决定时间', '收件编号', '文书名称', '文书文件名', '补正材料', '补正说明'] as const;
const CSV_RESULT: GovResultFields = {
  caseId: '办件编号', kind: '结果类型', outcome: '结果代码', reason: '审批意见', handler: '经办人', decidedAt: '决定时间', receipt: '收件编号', docName: '文书名称', docFile: '文书文件名',
  materialNames: '补正材料', materialNotes: '补正说明',
};

/**
 * The materials of a flat result: `materials[i].name` and `.note` from the i-th part of the two
 * lists (split at `；`), for the first FLAT_MATERIALS; an empty part writes nothing.
 */
function flatMaterials(names: { from: string; get: (r: Src) => unknown }, notes: { from: string; get: (r: Src) => unknown }): Pair[] {
  const part = (v: unknown, i: number): string | undefined => {
    if (!present(v)) return undefined;
    const p = String(v).split(LIST_SEPARATOR)[i];
    return p === undefined || p.trim() === '' ? undefined : p.trim();
  };
  const pairs: Pair[] = [];
  for (let i = 0; i < FLAT_MATERIALS; i++) {
    for (const [key, list] of [['name', names], ['note', notes]] as const) {
      pairs.push({
        rule: {
          to: `materials[${i}].${key}`,
          from: list.from,
          transform: [{ split: { separator: LIST_SEPARATOR, index: i } }, { trim: true }],
          ...(i === 0 && key === 'name' ? { note: `补正材料: the i-th name (and note) of the lists joined by ${LIST_SEPARATOR}, up to ${FLAT_MATERIALS}` } : {}),
        },
        build: (src, out) => {
          const v = part(list.get(src), i);
          if (v === undefined) return;
          const materials = (out.materials ??= []) as Array<Record<string, unknown>>;
          materials[i] = { ...(materials[i] ?? {}), [key]: v };
        },
      });
    }
  }
  return pairs;
}

/** A result in the gov style, read from `under` (a root element) with the system's own field names. */
function govStyleResult(names: GovResultFields, under: string): Pair[] {
  const at = (name: string): string => (under ? `${under}.${name}` : name);
  const get = (r: Src, name: string): unknown => (under ? r[under]?.[name] : r[name]);
  const document: Pair[] = [
    field({ to: 'name', from: at(names.docName) }, (r) => opt(get(r, names.docName), (v) => v)),
    field({ to: 'fileName', from: at(names.docFile), required: true }, (r) => get(r, names.docFile)),
  ];
  if (names.docUri) document.push(field({ to: 'uri', from: at(names.docUri) }, (r) => opt(get(r, names.docUri!), (v) => v)));
  if (names.docContent) {
    document.push(
      field({ to: 'mediaType', value: 'application/pdf', when: { path: at(names.docContent) } }, (r) => (present(get(r, names.docContent!)) ? 'application/pdf' : undefined)),
      field({ to: 'content', from: at(names.docContent), note: 'the document itself, base64' }, (r) => opt(get(r, names.docContent!), (v) => v)),
    );
  }
  return [
    field({ to: 'caseId', from: at(names.caseId), required: true, note: 'the channel does not carry the case: the department\'s serial number is the hub case id' }, (r) => get(r, names.caseId)),
    field({ to: 'kind', from: at(names.kind), map: 'resultKind', required: true }, (r) => GOV_KIND[get(r, names.kind) as string]),
    field({ to: 'outcome', from: at(names.outcome), map: 'resultOutcome', required: true }, (r) => GOV_OUTCOME[get(r, names.outcome) as string]),
    field({ to: 'reason', from: at(names.reason), transform: [{ trim: true }], note: '意见: why, in the words the applicant reads' }, (r) => opt(get(r, names.reason), trim)),
    field({ to: 'handler', from: at(names.handler), transform: [{ trim: true }] }, (r) => opt(get(r, names.handler), trim)),
    field({ to: 'decidedAt', from: at(names.decidedAt), transform: [{ datetime: { to: 'YYYY-MM-DDTHH:mm:ssZZ' } }], note: 'local time, YYYYMMDDHHmmss' }, (r) =>
      opt(get(r, names.decidedAt), (v) => formatDateTime(v, 'YYYY-MM-DDTHH:mm:ssZZ')),
    ),
    field({ to: 'receipt', from: at(names.receipt) }, (r) => opt(get(r, names.receipt), (v) => v)),
    first('documents', document, { rule: { path: at(names.docFile) }, holds: (r) => present(get(r, names.docFile)) }),
    ...flatMaterials({ from: at(names.materialNames), get: (r) => get(r, names.materialNames) }, { from: at(names.materialNotes), get: (r) => get(r, names.materialNotes) }),
  ];
}

const GOV_RESULT_TABLES = {
  resultKind: { $file: `${RESULT_TABLES}/gov-result-kind.yaml` },
  resultOutcome: { $file: `${RESULT_TABLES}/gov-result-outcome.yaml` },
};
const GOV_CODES = 'jglx sl 受理 / bj 办结 / bz 补正告知, jgdm 01 受理通过 / 02 不予受理 / 03 准予许可 / 04 不予许可 / 05 需补正材料';
const FLAT_MATERIALS_NOTE = `a request for more material (jglx bz, jgdm 05) names what is missing in bzclmc and a note on each in bzclsm, each list joined by ${LIST_SEPARATOR}`;

export function resultMapping(system: SystemDef): BuiltMapping {
  const common = {
    kind: 'result' as const,
    system: system.id,
    target: { schema: '../../../../../../schemas/result.schema.json', format: 'json' as const },
    timezone: '+08:00',
  };
  if (system.adapter === 'soap' && system.soap!.results === 'poll') {
    return built(
      {
        ...common,
        description: `${system.name}（${system.id}）returns each result from QueryResults as {ywlsh, jglx, jgdm, yj, blr, jgsj, sjbh, wsmc, wjm, xzdz, bzclmc, bzclsm}: ${GOV_CODES}; ${FLAT_MATERIALS_NOTE}. A polled result does not name its case: ywlsh does.`,
        codeTables: GOV_RESULT_TABLES,
        rules: [],
      },
      govStyleResult(GOV_FLAT, ''),
    );
  }
  if (system.adapter === 'soap') {
    return built(
      {
        ...common,
        description: `${system.name}（${system.id}）pushes each result to the hub's SOAP callback (SubmitResult, schemas/wsdl/owh-results.wsdl) in the hub's own terms (a request for more material: kind supplement, outcome requested, with the materials it asks for); this mapping takes them as they come and writes its time as RFC 3339 at +08:00.`,
        rules: [],
      },
      [
        field({ to: 'caseId', from: 'caseId', required: true }, (r) => r.caseId),
        field({ to: 'kind', from: 'kind', required: true }, (r) => r.kind),
        field({ to: 'outcome', from: 'outcome', required: true }, (r) => r.outcome),
        field({ to: 'reason', from: 'reason', transform: [{ trim: true }] }, (r) => opt(r.reason, trim)),
        field({ to: 'resultId', from: 'resultId' }, (r) => opt(r.resultId, (v) => v)),
        field({ to: 'receipt', from: 'receipt' }, (r) => opt(r.receipt, (v) => v)),
        field({ to: 'decidedAt', from: 'decidedAt', transform: [{ datetime: { to: 'YYYY-MM-DDTHH:mm:ssZZ' } }] }, (r) => opt(r.decidedAt, (v) => formatDateTime(v, 'YYYY-MM-DDTHH:mm:ssZZ'))),
        field({ to: 'handler', from: 'handler', transform: [{ trim: true }] }, (r) => opt(r.handler, trim)),
        each('documents', 'documents', (r) => r.documents, [
          field({ to: 'name', from: 'name' }, (d) => opt(d.name, (v) => v)),
          field({ to: 'fileName', from: 'fileName', required: true }, (d) => d.fileName),
          field({ to: 'uri', from: 'uri' }, (d) => opt(d.uri, (v) => v)),
        ]),
        each('materials', 'materials', (r) => r.materials, [
          field({ to: 'name', from: 'name', required: true }, (m) => m.name),
          field({ to: 'note', from: 'note' }, (m) => opt(m.note, (v) => v)),
        ]),
      ],
    );
  }
  if (system.adapter === 'file' && system.file!.format === 'xml') {
    const xml = system.file!.xml!;
    return built(
      {
        ...common,
        description: `${system.name}（${system.id}）writes each result as a file <${xml.prefix}:${xml.resultRoot}> (namespace ${xml.resultNamespace}) into its inbox, with {ywlsh, jglx, jgdm, yj, blr, jgsj, sjbh, wsmc, wjm, wsnr, bzclmc, bzclsm}: ${GOV_CODES}; wsnr is the document itself, base64; ${FLAT_MATERIALS_NOTE}. The file adapter reads it with the prefixes dropped, under its root element.`,
        codeTables: GOV_RESULT_TABLES,
        rules: [],
      },
      govStyleResult({ ...GOV_FLAT, docUri: undefined, docContent: 'wsnr' }, xml.resultRoot),
    );
  }
  if (system.adapter === 'file') {
    return built(
      {
        ...common,
        description: `${system.name}（${system.id}）writes its results as GB18030 CSV files (one row per result) with the header ${CSV_RESULT_COLUMNS.join(',')}: 结果类型 sl 受理 / bj 办结 / bz 补正告知, 结果代码 01 受理通过 / 02 不予受理 / 03 准予许可 / 04 不予许可 / 05 需补正材料; a request for more material names what is missing in 补正材料 and a note on each in 补正说明, each list joined by ${LIST_SEPARATOR}. The document is collected at the window, so only its name comes back.`,
        codeTables: GOV_RESULT_TABLES,
        rules: [],
      },
      govStyleResult(CSV_RESULT, ''),
    );
  }
  if (system.adapter === 'amqp' || system.dialect === 'open') {
    const amqp = system.adapter === 'amqp';
    const documentPairs: Pair[] = [
      field({ to: 'name', from: 'title' }, (d) => opt(d.title, (v) => v)),
      field({ to: 'fileName', from: 'fileName', required: true }, (d) => d.fileName),
      ...(amqp
        ? [
            field({ to: 'mediaType', from: 'mediaType' }, (d) => opt(d.mediaType, (v) => v)),
            field({ to: 'sha256', from: 'sha256' }, (d) => opt(d.sha256, (v) => v)),
            field({ to: 'content', from: 'content', note: 'the document itself, base64' }, (d) => opt(d.content, (v) => v)),
          ]
        : [field({ to: 'uri', from: 'url' }, (d: Src) => opt(d.url, (v) => v))]),
    ];
    return built(
      {
        ...common,
        description: amqp
          ? `${system.name}（${system.id}）replies on ${system.amqp!.replyQueue} with {applicationNo, stage, decision, comment, officer, decidedAt, receiptNo, documents, requiredMaterials}, correlationId = the delivery's: stage ACCEPTANCE | DECISION | SUPPLEMENT, decision ACCEPTED | REJECTED | APPROVED | DENIED | REQUESTED (SUPPLEMENT: more material is needed, listed in requiredMaterials); documents inline (base64).`
          : `${system.name}（${system.id}）posts {applicationNo, stage, decision, comment, officer, decidedAt, receiptNo, documents, requiredMaterials}: stage ACCEPTANCE | DECISION | SUPPLEMENT, decision ACCEPTED | REJECTED | APPROVED | DENIED | REQUESTED (SUPPLEMENT: more material is needed, listed in requiredMaterials).`,
        codeTables: { resultKind: { $file: `${RESULT_TABLES}/open-result-stage.yaml` } },
        rules: [],
      },
      [
        ...(amqp ? [field({ to: 'caseId', from: 'applicationNo', required: true, note: 'the same case as the correlationId names' }, (r) => r.applicationNo)] : []),
        field({ to: 'kind', from: 'stage', map: 'resultKind', required: true }, (r) => OPEN_STAGE[r.stage]),
        field({ to: 'outcome', from: 'decision', transform: [{ lower: true }], required: true }, (r) => String(r.decision).toLowerCase()),
        field({ to: 'reason', from: 'comment', transform: [{ trim: true }] }, (r) => opt(r.comment, trim)),
        field({ to: 'handler', from: 'officer', transform: [{ trim: true }] }, (r) => opt(r.officer, trim)),
        field({ to: 'decidedAt', from: 'decidedAt', transform: [{ datetime: { to: 'YYYY-MM-DDTHH:mm:ssZZ' } }] }, (r) =>
          opt(r.decidedAt, (v) => formatDateTime(v, 'YYYY-MM-DDTHH:mm:ssZZ')),
        ),
        field({ to: 'receipt', from: 'receiptNo' }, (r) => opt(r.receiptNo, (v) => v)),
        each('documents', 'documents', (r) => r.documents, documentPairs),
        each('materials', 'requiredMaterials', (r) => r.requiredMaterials, [
          field({ to: 'name', from: 'name', required: true }, (m) => m.name),
          field({ to: 'note', from: 'note' }, (m) => opt(m.note, (v) => v)),
        ]),
      ],
    );
  }
  return built(
    {
      ...common,
      description: `${system.name}（${system.id}）posts {ywlsh, jglx, jgdm, yj, blr, jgsj, sjbh, wsxx, bzcl}: ${GOV_CODES}; a request for more material lists what is missing in bzcl [{clmc 材料名称, sm 说明}].`,
      codeTables: GOV_RESULT_TABLES,
      rules: [],
    },
    [
      field({ to: 'kind', from: 'jglx', map: 'resultKind', required: true }, (r) => GOV_KIND[r.jglx]),
      field({ to: 'outcome', from: 'jgdm', map: 'resultOutcome', required: true }, (r) => GOV_OUTCOME[r.jgdm]),
      field({ to: 'reason', from: 'yj', transform: [{ trim: true }], note: '意见: why, in the words the applicant reads' }, (r) => opt(r.yj, trim)),
      field({ to: 'handler', from: 'blr', transform: [{ trim: true }] }, (r) => opt(r.blr, trim)),
      field({ to: 'decidedAt', from: 'jgsj', transform: [{ datetime: { to: 'YYYY-MM-DDTHH:mm:ssZZ' } }], note: 'jgsj is local time, YYYYMMDDHHmmss' }, (r) =>
        opt(r.jgsj, (v) => formatDateTime(v, 'YYYY-MM-DDTHH:mm:ssZZ')),
      ),
      field({ to: 'receipt', from: 'sjbh' }, (r) => opt(r.sjbh, (v) => v)),
      each('documents', 'wsxx', (r) => r.wsxx, [
        field({ to: 'name', from: 'wsmc' }, (d) => opt(d.wsmc, (v) => v)),
        field({ to: 'fileName', from: 'wjm', required: true }, (d) => d.wjm),
        field({ to: 'uri', from: 'xzdz' }, (d) => opt(d.xzdz, (v) => v)),
      ]),
      each('materials', 'bzcl', (r) => r.bzcl, [
        field({ to: 'name', from: 'clmc', required: true }, (m) => m.clmc),
        field({ to: 'note', from: 'sm' }, (m) => opt(m.sm, (v) => v)),
      ]),
    ],
  );
}

// ---- what the systems send back, for the response and result fixtures ----

export function receiptOf(system: SystemDef, sample: CaseEnvelope): string {
  return `${system.receiptPrefix}${sample.caseId.slice(2)}`;
}

/** The name the file adapter gives a case file, for the fixtures (its template with the sample's values). */
export function caseFileName(system: SystemDef, sample: CaseEnvelope): string {
  const file = system.file!;
  return file.fileName
    .replace('{itemCode}', sample.itemCode)
    .replace('{caseId}', sample.caseId)
    .replace('{date}', CASE_DAY.replace(/-/g, ''))
    .replace('{ext}', file.format);
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

export function responseFixture(system: SystemDef, sample: CaseEnvelope): unknown {
  const receipt = receiptOf(system, sample);
  switch (system.adapter) {
    case 'soap':
      return { status: 200, body: { sjbh: receipt, code: '0000', msg: '收件成功' } };
    case 'file': {
      const file = caseFileName(system, sample);
      return { body: { file, bytes: 3072, sha256: sha256(`${system.id}/${file}`) } };
    }
    case 'amqp':
      return { body: { messageId: `${sample.caseId}:${system.id}`, exchange: system.amqp!.exchange, routingKey: system.amqp!.routingKey } };
    case 'rest':
      return system.dialect === 'gov'
        ? { status: 200, headers: { 'content-type': 'application/json;charset=UTF-8' }, body: { code: '200', msg: '接收成功', data: { ywlsh: sample.caseId, sjbh: receipt } } }
        : { status: 201, headers: { 'content-type': 'application/json' }, body: { applicationNo: sample.caseId, receiptNo: receipt, status: 'RECEIVED' } };
  }
}

const OFFICERS = ['综合受理窗口 王晓红', '审批科 陈立民', '行政审批处 俞海燕', '审批服务科 周建伟'];
const APPROVAL = '经审查，申请材料齐全、符合法定形式，准予许可。';

type ResultFixtures = Record<'acceptance' | 'rejection' | 'completion' | 'supplement', unknown>;

/** What a department asks for when the material is incomplete (补正告知), in the fixtures. */
export const SUPPLEMENT_FIXTURE = {
  reason: '申请材料不齐全，请一次性补正以下材料后继续办理。',
  materials: [
    { name: '授权委托书', note: '须由法定代表人签字并加盖单位公章' },
    { name: '经营场所产权证明', note: '' },
  ],
};

/** The four results a system sends about a case: accepted, not accepted (with the reason), approved with a licence, more material needed. */
export function resultFixtures(system: SystemDef, sample: CaseEnvelope, documentUrlBase: string): ResultFixtures {
  const receipt = receiptOf(system, sample);
  const { licence, rejection } = system.fixture ?? { licence: '批准文件', rejection: '申请材料不齐全，请补正后重新申请。' };
  const fileName = `${receipt}.pdf`;
  const url = `${documentUrlBase}/files/${fileName}`;
  const caseId = sample.caseId;
  // The gov style in a system's own names: flat, one document per result.
  const govStyle = (names: GovResultFields, document: Record<string, string>, empty?: ''): ResultFixtures => {
    const base = { [names.caseId]: caseId, [names.receipt]: receipt };
    const blank = (keys: string[]): Record<string, string> => (empty === '' ? Object.fromEntries(keys.map((k) => [k, ''])) : {});
    const noDocument = blank([names.docName, names.docFile]);
    const noMaterials = blank([names.materialNames, names.materialNotes]);
    return {
      acceptance: { ...base, [names.kind]: 'sl', [names.outcome]: '01', ...blank([names.reason]), [names.handler]: OFFICERS[0], [names.decidedAt]: '20261128101502', ...noDocument, ...noMaterials },
      rejection: { ...base, [names.kind]: 'sl', [names.outcome]: '02', [names.reason]: `${rejection} `, [names.handler]: OFFICERS[1], [names.decidedAt]: '20261128103045', ...noDocument, ...noMaterials },
      completion: { ...base, [names.kind]: 'bj', [names.outcome]: '03', [names.reason]: APPROVAL, [names.handler]: OFFICERS[2], [names.decidedAt]: '20261202153000', ...document, ...noMaterials },
      supplement: {
        ...base,
        [names.kind]: 'bz',
        [names.outcome]: '05',
        [names.reason]: SUPPLEMENT_FIXTURE.reason,
        [names.handler]: OFFICERS[1],
        [names.decidedAt]: '20261128104510',
        ...noDocument,
        [names.materialNames]: SUPPLEMENT_FIXTURE.materials.map((m) => m.name).join(LIST_SEPARATOR),
        [names.materialNotes]: SUPPLEMENT_FIXTURE.materials.map((m) => m.note).join(LIST_SEPARATOR),
      },
    };
  };
  switch (system.adapter) {
    case 'soap': {
      if (system.soap!.results === 'poll') return govStyle(GOV_FLAT, { wsmc: licence, wjm: fileName, xzdz: url });
      const base = { caseId, receipt };
      return {
        acceptance: { ...base, kind: 'acceptance', outcome: 'accepted', resultId: `${receipt}-SL`, decidedAt: '2026-11-28T10:15:02+08:00', handler: OFFICERS[0] },
        rejection: { ...base, kind: 'acceptance', outcome: 'rejected', reason: rejection, resultId: `${receipt}-SL`, decidedAt: '2026-11-28T10:30:45+08:00', handler: OFFICERS[1] },
        completion: {
          ...base,
          kind: 'completion',
          outcome: 'approved',
          reason: APPROVAL,
          resultId: `${receipt}-BJ`,
          decidedAt: '2026-12-02T07:30:00Z',
          handler: OFFICERS[2],
          documents: [{ name: licence, fileName, uri: url }],
        },
        supplement: {
          ...base,
          kind: 'supplement',
          outcome: 'requested',
          reason: SUPPLEMENT_FIXTURE.reason,
          resultId: `${receipt}-BZ1`,
          decidedAt: '2026-11-28T10:45:10+08:00',
          handler: OFFICERS[1],
          materials: SUPPLEMENT_FIXTURE.materials.map((m) => (m.note ? { ...m } : { name: m.name })),
        },
      };
    }
    case 'file': {
      if (system.file!.format === 'csv') return govStyle(CSV_RESULT, { 文书名称: licence, 文书文件名: fileName }, '');
      const xml = system.file!.xml!;
      const flat = govStyle({ ...GOV_FLAT, docUri: undefined }, { wsmc: licence, wjm: fileName, wsnr: tinyPdf(`${licence} ${receipt}`).toString('base64') });
      const wrap = (r: unknown) => ({ [xml.resultRoot]: { $: { [`xmlns:${xml.prefix}`]: xml.resultNamespace }, ...(r as object) } });
      return { acceptance: wrap(flat.acceptance), rejection: wrap(flat.rejection), completion: wrap(flat.completion), supplement: wrap(flat.supplement) };
    }
    case 'amqp':
    case 'rest': {
      if (system.dialect === 'gov') {
        const base = { ywlsh: caseId, sjbh: receipt };
        return {
          acceptance: { ...base, jglx: 'sl', jgdm: '01', blr: OFFICERS[0], jgsj: '20261128101502' },
          rejection: { ...base, jglx: 'sl', jgdm: '02', yj: `${rejection} `, blr: OFFICERS[1], jgsj: '20261128103045' },
          completion: { ...base, jglx: 'bj', jgdm: '03', yj: APPROVAL, blr: OFFICERS[2], jgsj: '20261202153000', wsxx: [{ wsmc: licence, wjm: fileName, xzdz: url }] },
          supplement: {
            ...base,
            jglx: 'bz',
            jgdm: '05',
            yj: SUPPLEMENT_FIXTURE.reason,
            blr: OFFICERS[1],
            jgsj: '20261128104510',
            wsxx: [],
            bzcl: SUPPLEMENT_FIXTURE.materials.map((m) => ({ clmc: m.name, ...(m.note ? { sm: m.note } : {}) })),
          },
        };
      }
      const base = { applicationNo: caseId, receiptNo: receipt };
      const pdf = tinyPdf(`${licence} ${receipt}`);
      const document =
        system.adapter === 'amqp'
          ? { title: licence, fileName, mediaType: 'application/pdf', sha256: sha256(pdf), content: pdf.toString('base64') }
          : { title: licence, fileName, url };
      return {
        acceptance: { ...base, stage: 'ACCEPTANCE', decision: 'ACCEPTED', officer: OFFICERS[3], decidedAt: '2026-11-28T02:15:02Z', documents: [] },
        rejection: { ...base, stage: 'ACCEPTANCE', decision: 'REJECTED', comment: rejection, officer: OFFICERS[1], decidedAt: '2026-11-28T10:30:45+08:00', documents: [] },
        completion: { ...base, stage: 'DECISION', decision: 'APPROVED', comment: '经审查，符合法定条件，准予许可。', officer: OFFICERS[2], decidedAt: '2026-12-02T07:30:00Z', documents: [document] },
        supplement: {
          ...base,
          stage: 'SUPPLEMENT',
          decision: 'REQUESTED',
          comment: SUPPLEMENT_FIXTURE.reason,
          officer: OFFICERS[1],
          decidedAt: '2026-11-28T10:45:10+08:00',
          documents: [],
          requiredMaterials: SUPPLEMENT_FIXTURE.materials.map((m) => (m.note ? { ...m } : { name: m.name })),
        },
      };
    }
  }
}

// ---- messages about a case: a co-handler's opinion for the lead, a supplement (src/model/messages.ts) ----

const MESSAGE_TABLES = '../../../code-tables';

/** Where a gov-dialect system takes the messages of an operation, for descriptions. */
function takenAt(system: SystemDef, operation: string, restPath: string): string {
  if (system.adapter === 'soap') return `the arguments of its SOAP operation ${operation}`;
  if (system.adapter === 'file') return 'a file in its outbox named after the operation';
  return `POST ${restPath}`;
}

/** The path of a REST system's operation: gov systems beside their case path, open ones under the application. */
export function operationPath(system: SystemDef, operation: 'opinion' | 'supplement'): string {
  const path = system.path ?? '/';
  if (system.dialect === 'gov') return `${path.slice(0, path.lastIndexOf('/'))}/${operation === 'opinion' ? 'xbyj' : 'bzcl'}`;
  return `${path}/{caseId}/${operation === 'opinion' ? 'opinions' : 'supplements'}`;
}

/** The WSDL operations of a SOAP system that take the hub's messages, by catalog operation name. */
export const SOAP_MESSAGE_OPERATIONS = { opinion: 'ReceiveOpinion', supplement: 'ReceiveSupplement' } as const;

/**
 * A co-handler's opinion (协办意见) in the gov dialect, for a system that leads parallel approvals:
 * the hub's OpinionDocument renamed into pinyin, its codes into the dialect's jglx/jgdm, and the
 * opinion's meaning as 意见类型 yjlx.
 */
export function opinionMapping(system: SystemDef): BuiltMapping {
  const KIND = codeTable('gov-opinion-kind');
  const OUTCOME = codeTable('gov-opinion-outcome');
  const TYPE = codeTable('gov-opinion-type');
  return built(
    {
      kind: 'opinion',
      system: system.id,
      description:
        `A co-handler's opinion (协办意见: its acceptance, completion or request for more material, src/model/messages.ts OpinionDocument) → ${system.name}（${system.id}）as the lead department, ` +
        `${takenAt(system, SOAP_MESSAGE_OPERATIONS.opinion, operationPath(system, 'opinion'))}: gov dialect, the co-handler in xbbm/xbbmmc/xbxt, jglx sl 受理 / bj 办结 / bz 补正告知, ` +
        'jgdm 01–05, yjlx 1 已受理 / 2 同意 / 3 不同意 / 4 需补正材料, its documents in wsxx and the material it asks for in bzcl.',
      target: { format: wireFormat(system) === 'csv' ? 'json' : wireFormat(system) },
      timezone: '+08:00',
      codeTables: {
        kind: { $file: `${MESSAGE_TABLES}/gov-opinion-kind.yaml` },
        outcome: { $file: `${MESSAGE_TABLES}/gov-opinion-outcome.yaml` },
        opinion: { $file: `${MESSAGE_TABLES}/gov-opinion-type.yaml` },
      },
      rules: [],
    },
    [
      field({ to: 'ywlsh', from: 'caseId', required: true, note: '业务流水号 = the hub case id' }, (o) => o.caseId),
      field({ to: 'sxbm', from: 'itemCode', required: true }, (o) => o.itemCode),
      field({ to: 'xbbm', from: 'from.department', required: true, note: '协办部门' }, (o) => o.from.department),
      field({ to: 'xbbmmc', from: 'from.departmentName' }, (o) => opt(o.from.departmentName, (v) => v)),
      field({ to: 'xbxt', from: 'from.system', required: true, note: '协办系统' }, (o) => o.from.system),
      field({ to: 'jglx', from: 'kind', map: 'kind', required: true }, (o) => KIND[o.kind]),
      field({ to: 'jgdm', from: 'outcome', map: 'outcome', required: true }, (o) => OUTCOME[o.outcome]),
      field({ to: 'yjlx', from: 'opinion', map: 'opinion', required: true, note: '意见类型' }, (o) => TYPE[o.opinion]),
      field({ to: 'yj', from: 'reason', transform: [{ trim: true }] }, (o) => opt(o.reason, trim)),
      field({ to: 'blr', from: 'handler', transform: [{ trim: true }] }, (o) => opt(o.handler, trim)),
      field({ to: 'jgsj', from: 'decidedAt', transform: [{ datetime: { to: 'YYYYMMDDHHmmss' } }], note: '协办部门作出结果的时间, local time' }, (o) =>
        opt(o.decidedAt, (v) => formatDateTime(v, 'YYYYMMDDHHmmss')),
      ),
      field({ to: 'sjbh', from: 'receipt', note: '协办部门的收件编号' }, (o) => opt(o.receipt, (v) => v)),
      field({ to: 'jgbh', from: 'resultId' }, (o) => opt(o.resultId, (v) => v)),
      field({ to: 'jssj', from: 'receivedAt', transform: [{ datetime: { to: 'YYYYMMDDHHmmss' } }], required: true, note: '平台收到意见的时间' }, (o) =>
        formatDateTime(o.receivedAt, 'YYYYMMDDHHmmss'),
      ),
      each('wsxx', 'documents', (o) => o.documents, [
        field({ to: 'wsmc', from: 'name' }, (d) => opt(d.name, (v) => v)),
        field({ to: 'wjm', from: 'fileName', required: true }, (d) => d.fileName),
        field({ to: 'xzdz', from: 'uri' }, (d) => opt(d.uri, (v) => v)),
      ]),
      each('bzcl', 'materials', (o) => o.materials, [
        field({ to: 'clmc', from: 'name', required: true }, (m) => m.name),
        field({ to: 'sm', from: 'note' }, (m) => opt(m.note, (v) => v)),
      ]),
    ],
  );
}

/**
 * Material the applicant supplied after a request for more (补正材料) in the gov dialect: the
 * hub's SupplementDocument renamed into pinyin, the materials as the case's cl list (references:
 * the hub serves the bytes), the requests it answers in bzyq.
 */
export function supplementMapping(system: SystemDef): BuiltMapping {
  return built(
    {
      kind: 'supplement',
      system: system.id,
      description:
        `Material the applicant supplied after a request for more (补正材料, src/model/messages.ts SupplementDocument) → ${system.name}（${system.id}）, ` +
        `${takenAt(system, SOAP_MESSAGE_OPERATIONS.supplement, operationPath(system, 'supplement'))}: gov dialect, the materials in cl as in a case (their url is the hub's), ` +
        'the requests it answers in bzyq [{xt 要求补正的系统, yy 原因, tzsj 告知时间}].',
      target: { format: wireFormat(system) === 'csv' ? 'json' : wireFormat(system) },
      timezone: '+08:00',
      rules: [],
    },
    [
      field({ to: 'ywlsh', from: 'caseId', required: true, note: '业务流水号 = the hub case id' }, (d) => d.caseId),
      field({ to: 'sxbm', from: 'itemCode', required: true }, (d) => d.itemCode),
      field({ to: 'bzbh', from: 'supplementId', required: true, note: '补正编号' }, (d) => d.supplementId),
      field({ to: 'tjsj', from: 'submittedAt', transform: [{ datetime: { to: 'YYYYMMDDHHmmss' } }], required: true, note: '补正提交时间, local time' }, (d) =>
        formatDateTime(d.submittedAt, 'YYYYMMDDHHmmss'),
      ),
      field({ to: 'bzsm', from: 'note', transform: [{ trim: true }], note: '申请人的补正说明' }, (d) => opt(d.note, trim)),
      each('cl', 'materials', (d) => d.materials, [
        field({ to: 'clbh', from: 'id' }, (m) => m.id),
        field({ to: 'clmc', from: 'name', default: '补正材料' }, (m) => (present(m.name) ? m.name : '补正材料')),
        field({ to: 'wjm', from: 'fileName' }, (m) => m.fileName),
        field({ to: 'wjlx', from: 'mediaType' }, (m) => m.mediaType),
        field({ to: 'dx', from: 'size' }, (m) => m.size),
        field({ to: 'sha256', from: 'sha256' }, (m) => m.sha256),
        field({ to: 'url', from: 'uri' }, (m) => opt(m.uri, (v) => v)),
      ]),
      each('bzyq', 'answers', (d) => d.answers, [
        field({ to: 'xt', from: 'system', required: true }, (a) => a.system),
        field({ to: 'yy', from: 'reason', transform: [{ trim: true }] }, (a) => opt(a.reason, trim)),
        field({ to: 'tzsj', from: 'requestedAt', transform: [{ datetime: { to: 'YYYYMMDDHHmmss' } }] }, (a) => opt(a.requestedAt, (v) => formatDateTime(v, 'YYYYMMDDHHmmss'))),
      ]),
    ],
  );
}

/** What a co-handler's opinion looks like as the hub sends it (OpinionDocument), for the fixtures. */
export function opinionFixtures(
  caseId: string,
  itemCode: string,
  from: { system: string; department: string; departmentName: string; receiptPrefix: string },
): Record<'agree' | 'disagree' | 'more-material', unknown> {
  const receipt = `${from.receiptPrefix}${caseId.slice(2)}`;
  const base = { caseId, itemCode, from: { system: from.system, department: from.department, departmentName: from.departmentName }, receipt };
  return {
    agree: {
      ...base,
      kind: 'completion',
      outcome: 'approved',
      opinion: 'agree',
      reason: '经审查，同意该项目，无其他意见。',
      decidedAt: '2026-12-01T15:20:00+08:00',
      handler: OFFICERS[2],
      resultId: `${receipt}-BJ`,
      documents: [{ name: '协办审查意见书', fileName: `${receipt}-yjs.pdf`, uri: `http://127.0.0.1:8080/api/v1/cases/${caseId}/results/${receipt}-BJ/documents/0` }],
      receivedAt: '2026-12-01T07:20:03Z',
    },
    disagree: {
      ...base,
      kind: 'acceptance',
      outcome: 'rejected',
      opinion: 'disagree',
      reason: ' 项目不符合本部门审查条件，不予受理。 ',
      decidedAt: '2026-11-28T10:30:45+08:00',
      handler: OFFICERS[1],
      receivedAt: '2026-11-28T02:30:46Z',
    },
    'more-material': {
      ...base,
      kind: 'supplement',
      outcome: 'requested',
      opinion: 'more-material',
      reason: SUPPLEMENT_FIXTURE.reason,
      decidedAt: '2026-11-28T10:45:10+08:00',
      handler: OFFICERS[1],
      materials: SUPPLEMENT_FIXTURE.materials.map((m) => (m.note ? { ...m } : { name: m.name })),
      receivedAt: '2026-11-28T02:45:11Z',
    },
  };
}

/** Material supplied for a case (SupplementDocument), for the fixtures: a signed power of attorney answering one request. */
export function supplementFixture(caseId: string, itemCode: string, requester: string): unknown {
  const pdf = tinyPdf(`onewindow-hub demo supplement, case ${caseId}`);
  return {
    caseId,
    itemCode,
    supplementId: `${caseId}-BZ1`,
    submittedAt: '2026-11-30T01:12:40Z',
    note: ' 已按要求补正授权委托书。 ',
    materials: [
      {
        id: 'S01',
        kind: 'power-of-attorney',
        name: '授权委托书',
        fileName: 'power-of-attorney.pdf',
        mediaType: 'application/pdf',
        size: pdf.length,
        sha256: sha256(pdf),
        uri: `http://127.0.0.1:8080/api/v1/cases/${caseId}/materials/S01`,
      },
    ],
    answers: [{ system: requester, reason: SUPPLEMENT_FIXTURE.reason, requestedAt: '2026-11-28T10:45:10+08:00' }],
  };
}

// ---- data sharing (数据共享): the social insurance certificate lookup ----

/**
 * The request of the certificate lookup: the case → hrss-social-insurance's QueryCertificate
 * arguments. Only the applicant's ID number and name leave the hub (with the case id and the
 * purpose, which the department logs as 查询事由).
 */
export function certificateRequestMapping(lookup: { purpose: string }): BuiltMapping {
  return built(
    {
      kind: 'lookup',
      system: 'hrss-social-insurance',
      description:
        '数据共享: the case → 社会保险业务系统 QueryCertificate (参保证明查询) arguments {idNumber, name, purpose, caseId}. Only the applicant\'s ID number and name leave the hub; the purpose and the case id are what the department records as 查询事由.',
      target: { format: 'xml' },
      timezone: '+08:00',
      rules: [],
    },
    [
      field({ to: 'idNumber', from: 'applicant.idNumber', transform: [{ trim: true }, { upper: true }], required: true }, (c) => trim(c.applicant.idNumber).toUpperCase()),
      field({ to: 'name', from: 'applicant.name', transform: [{ trim: true }], required: true }, (c) => trim(c.applicant.name)),
      field({ to: 'purpose', value: lookup.purpose }, () => lookup.purpose),
      field({ to: 'caseId', from: 'caseId', required: true }, (c) => c.caseId),
    ],
  );
}

/**
 * The answer of the certificate lookup → what the hub keeps (shared.socialInsuranceCertificate):
 * an allow-list. The employer, the insurance types and the person's name and number the answer
 * repeats are not kept.
 */
export function certificateAnswerMapping(): BuiltMapping {
  return built(
    {
      kind: 'answer',
      system: 'hrss-social-insurance',
      description:
        '数据共享: 社会保险业务系统\'s answer to QueryCertificate ({status, body: {found, code, msg, certificate: {certificateNo, name, idNumber, insured, insuranceTypes, monthsPaid, currentEmployer, issuedOn, validUntil}}}) → what the hub keeps and the item\'s request mappings see as shared.socialInsuranceCertificate. An allow-list: certificateNo, insured, monthsPaid and validUntil only (not the employer). Someone the register does not know (found: false) is kept as not insured.',
      timezone: '+08:00',
      rules: [],
    },
    [
      field({ to: 'certificateNo', from: 'body.certificate.certificateNo', transform: [{ trim: true }] }, (a) => opt(a.body.certificate?.certificateNo, trim)),
      field(
        { to: 'insured', from: 'body.certificate.insured', transform: [{ boolean: { true: true, false: false } }], default: false, note: 'no record in the register: not insured' },
        (a) => (present(a.body.certificate?.insured) ? ['true', '1'].includes(String(a.body.certificate.insured).toLowerCase()) : false),
      ),
      field({ to: 'monthsPaid', from: 'body.certificate.monthsPaid', transform: [{ number: { integer: true } }] }, (a) => opt(a.body.certificate?.monthsPaid, (v) => Math.round(Number(v)))),
      field({ to: 'validUntil', from: 'body.certificate.validUntil', transform: [{ date: { to: 'YYYY-MM-DD' } }] }, (a) => opt(a.body.certificate?.validUntil, (v) => formatDate(v, 'YYYY-MM-DD'))),
    ],
  );
}

/**
 * nrp-land's request mapping of 乡村建设规划许可证核发 (XK00303002): its mapping of the form, and
 * the shared social insurance certificate in sbzm (社保证明: 证明编号, 参保状态, 缴费月数, 有效期至,
 * 数据来源), so the applicant need not bring the paper.
 */
export function itemRequestMapping(ref: RequestMappingRef, fields: FieldDef[], lookup: { name: string }): BuiltMapping {
  const base = requestMapping(ref, fields);
  const at = `shared.${lookup.name}`;
  const get = (c: Src): Src => c.shared?.[lookup.name] ?? {};
  const sbzm = nested('sbzm', [
    field({ to: 'sbzmbh', from: `${at}.certificateNo`, note: '社保参保证明编号' }, (c) => opt(get(c).certificateNo, (v) => v)),
    field({ to: 'cbzt', from: `${at}.insured`, transform: [{ boolean: { true: '1', false: '0' } }], required: true, note: '参保状态: 1 正常参保, 0 未参保' }, (c) => (get(c).insured ? '1' : '0')),
    field({ to: 'jfys', from: `${at}.monthsPaid`, note: '累计缴费月数' }, (c) => opt(get(c).monthsPaid, (v) => v)),
    field({ to: 'yxqz', from: `${at}.validUntil`, transform: [{ date: { to: 'YYYYMMDD' } }], note: '证明有效期至' }, (c) => opt(get(c).validUntil, (v) => formatDate(v, 'YYYYMMDD'))),
    field({ to: 'sjly', value: '宁波市人力资源和社会保障局 社会保险业务系统（数据共享）', note: '数据来源' }, () => '宁波市人力资源和社会保障局 社会保险业务系统（数据共享）'),
  ]);
  return {
    doc: {
      ...base.doc,
      description: `${base.doc.description} With the applicant's social insurance certificate, fetched by the hub (lookup ${lookup.name}), in sbzm.`,
      rules: [...base.doc.rules, sbzm.rule],
    },
    expected: (src) => {
      const out = base.expected(src);
      sbzm.build(src, out);
      return out;
    },
  };
}
