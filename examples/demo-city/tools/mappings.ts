/**
 * Request, response and result mappings of the REST systems, each rule written beside the code
 * that computes, directly from the sample's data, the value the rule must produce. The computed
 * values become fixtures/*.expected.json: they are what the mapping engine has to agree with, so
 * they are computed here without interpreting the rules (a rule and its value are kept in one
 * `field(...)` call so they cannot drift apart unnoticed).
 */
import { codeTable, Dialect, SystemDef } from './city';
import type { Item, RequestMappingRef } from './catalog';
import type { FieldDef } from './fields';
import type { CaseEnvelope } from './samples';

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
  kind: 'request' | 'response' | 'result';
  description: string;
  form?: string;
  system: string;
  target?: { schema: string; format: 'json' };
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

export function requestMapping(ref: RequestMappingRef, fields: FieldDef[]): BuiltMapping {
  const { system, form } = ref;
  const dialect = system.dialect as Dialect;
  const used = ref.items.map((i) => `${i.code} ${i.name}`).join('; ');
  const common = {
    kind: 'request' as const,
    form: form.id,
    system: system.id,
    target: { schema: `../../../../api/${system.id}.schema.json`, format: 'json' as const },
    timezone: '+08:00',
  };
  if (dialect === 'gov') {
    return built(
      {
        ...common,
        description: `${form.title}（${form.id}）→ ${system.name}（${system.id}），gov dialect: envelope in pinyin abbreviations, the form in bdsj. Items: ${used}.`,
        codeTables: {
          idType: { $file: `${REQUEST_TABLES}/id-type.yaml` },
          gender: { $file: `${REQUEST_TABLES}/gender.yaml` },
          channel: { $file: `${REQUEST_TABLES}/channel.yaml` },
          districtNames: { $file: `${REQUEST_TABLES}/district-names.yaml` },
        },
        rules: [],
      },
      govRequest(ref, fields),
    );
  }
  return built(
    {
      ...common,
      description: `${form.title}（${form.id}）→ ${system.name}（${system.id}），open dialect: English envelope, the form in formData (${system.naming === 'snake' ? 'snake_case' : 'camelCase'}). Items: ${used}.`,
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
  const gov = system.dialect === 'gov';
  return built(
    {
      kind: 'response',
      system: system.id,
      description: gov
        ? `${system.name}（${system.id}）answers a delivery with {code, msg, data: {ywlsh, sjbh}}; sjbh (收件编号) is the receipt.`
        : `${system.name}（${system.id}）answers a delivery with {applicationNo, receiptNo, status}; receiptNo is the receipt.`,
      timezone: '+08:00',
      rules: [],
    },
    [
      gov
        ? field({ to: 'receipt', from: 'body.data.sjbh', required: true }, (r) => r.body.data.sjbh)
        : field({ to: 'receipt', from: 'body.receiptNo', required: true }, (r) => r.body.receiptNo),
    ],
  );
}

// ---- result mappings: what the system posts → schemas/result.schema.json ----

const RESULT_TABLES = '../../../code-tables';
const GOV_KIND = codeTable('gov-result-kind');
const GOV_OUTCOME = codeTable('gov-result-outcome');
const OPEN_STAGE = codeTable('open-result-stage');

export function resultMapping(system: SystemDef): BuiltMapping {
  const common = {
    kind: 'result' as const,
    system: system.id,
    target: { schema: '../../../../../../schemas/result.schema.json', format: 'json' as const },
    timezone: '+08:00',
  };
  if (system.dialect === 'gov') {
    return built(
      {
        ...common,
        description: `${system.name}（${system.id}）posts {ywlsh, jglx, jgdm, yj, blr, jgsj, sjbh, wsxx}: jglx sl 受理 / bj 办结, jgdm 01 受理通过 / 02 不予受理 / 03 准予许可 / 04 不予许可.`,
        codeTables: {
          resultKind: { $file: `${RESULT_TABLES}/gov-result-kind.yaml` },
          resultOutcome: { $file: `${RESULT_TABLES}/gov-result-outcome.yaml` },
        },
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
      ],
    );
  }
  return built(
    {
      ...common,
      description: `${system.name}（${system.id}）posts {applicationNo, stage, decision, comment, officer, decidedAt, receiptNo, documents}: stage ACCEPTANCE | DECISION, decision ACCEPTED | REJECTED | APPROVED | DENIED.`,
      codeTables: { resultKind: { $file: `${RESULT_TABLES}/open-result-stage.yaml` } },
      rules: [],
    },
    [
      field({ to: 'kind', from: 'stage', map: 'resultKind', required: true }, (r) => OPEN_STAGE[r.stage]),
      field({ to: 'outcome', from: 'decision', transform: [{ lower: true }], required: true }, (r) => String(r.decision).toLowerCase()),
      field({ to: 'reason', from: 'comment', transform: [{ trim: true }] }, (r) => opt(r.comment, trim)),
      field({ to: 'handler', from: 'officer', transform: [{ trim: true }] }, (r) => opt(r.officer, trim)),
      field({ to: 'decidedAt', from: 'decidedAt', transform: [{ datetime: { to: 'YYYY-MM-DDTHH:mm:ssZZ' } }] }, (r) =>
        opt(r.decidedAt, (v) => formatDateTime(v, 'YYYY-MM-DDTHH:mm:ssZZ')),
      ),
      field({ to: 'receipt', from: 'receiptNo' }, (r) => opt(r.receiptNo, (v) => v)),
      each('documents', 'documents', (r) => r.documents, [
        field({ to: 'name', from: 'title' }, (d) => opt(d.title, (v) => v)),
        field({ to: 'fileName', from: 'fileName', required: true }, (d) => d.fileName),
        field({ to: 'uri', from: 'url' }, (d) => opt(d.url, (v) => v)),
      ]),
    ],
  );
}

// ---- what the systems send back, for the response and result fixtures ----

export function receiptOf(system: SystemDef, sample: CaseEnvelope): string {
  return `${system.receiptPrefix}${sample.caseId.slice(2)}`;
}

export function responseFixture(system: SystemDef, sample: CaseEnvelope): unknown {
  const receipt = receiptOf(system, sample);
  return system.dialect === 'gov'
    ? { status: 200, headers: { 'content-type': 'application/json;charset=UTF-8' }, body: { code: '200', msg: '接收成功', data: { ywlsh: sample.caseId, sjbh: receipt } } }
    : { status: 201, headers: { 'content-type': 'application/json' }, body: { applicationNo: sample.caseId, receiptNo: receipt, status: 'RECEIVED' } };
}

const OFFICERS = ['综合受理窗口 王晓红', '审批科 陈立民', '行政审批处 俞海燕', '审批服务科 周建伟'];

/** The three posts a system makes about a case: accepted, not accepted (with the reason), approved with a licence. */
export function resultFixtures(system: SystemDef, sample: CaseEnvelope, documentUrlBase: string): Record<'acceptance' | 'rejection' | 'completion', unknown> {
  const receipt = receiptOf(system, sample);
  const { licence, rejection } = system.fixture ?? { licence: '批准文件', rejection: '申请材料不齐全，请补正后重新申请。' };
  const fileName = `${receipt}.pdf`;
  const url = `${documentUrlBase}/files/${fileName}`;
  if (system.dialect === 'gov') {
    const base = { ywlsh: sample.caseId, sjbh: receipt };
    return {
      acceptance: { ...base, jglx: 'sl', jgdm: '01', blr: OFFICERS[0], jgsj: '20261128101502' },
      rejection: { ...base, jglx: 'sl', jgdm: '02', yj: `${rejection} `, blr: OFFICERS[1], jgsj: '20261128103045' },
      completion: {
        ...base,
        jglx: 'bj',
        jgdm: '03',
        yj: '经审查，申请材料齐全、符合法定形式，准予许可。',
        blr: OFFICERS[2],
        jgsj: '20261202153000',
        wsxx: [{ wsmc: licence, wjm: fileName, xzdz: url }],
      },
    };
  }
  const base = { applicationNo: sample.caseId, receiptNo: receipt };
  return {
    acceptance: { ...base, stage: 'ACCEPTANCE', decision: 'ACCEPTED', officer: OFFICERS[3], decidedAt: '2026-11-28T02:15:02Z', documents: [] },
    rejection: { ...base, stage: 'ACCEPTANCE', decision: 'REJECTED', comment: rejection, officer: OFFICERS[1], decidedAt: '2026-11-28T10:30:45+08:00', documents: [] },
    completion: {
      ...base,
      stage: 'DECISION',
      decision: 'APPROVED',
      comment: '经审查，符合法定条件，准予许可。',
      officer: OFFICERS[2],
      decidedAt: '2026-12-02T07:30:00Z',
      documents: [{ title: licence, fileName, url }],
    },
  };
}
