/**
 * JSON Schemas the demo city ships: one per e-form (what the platform sends in `form`), and one
 * per REST system (what the system accepts: the target of its request mappings).
 */
import { codeTable, DEPARTMENTS, SystemDef } from './city';
import type { Item } from './catalog';
import { DUAL_DATE_PATTERN, FieldDef, ID_TYPES } from './fields';
import type { FormSpec } from './forms';
import { openName } from './mappings';

type Schema = Record<string, unknown>;

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
const ITEM_CODE = '^(XK|CF|QZ|ZS|JF|JC|QR|JL|CJ|QT|GG)[0-9]{8}$';
const DISTRICT = '^[0-9]{6}$';

// ---- e-forms ----

/** Columns of a table that may stay empty (a party's mobile number). */
const optionalColumn = (def: FieldDef): boolean => def.kind === 'mobile';

/** A table whose rows carry idType + idNumber checks the number by its type, as the envelope does. */
function idNumberChecks(items: FieldDef[]): Schema {
  const keys = new Set(items.map((i) => i.key));
  if (!keys.has('idType') || !keys.has('idNumber')) return {};
  return {
    allOf: [
      { if: { properties: { idType: { const: 'resident-id' } }, required: ['idType'] }, then: { properties: { idNumber: { format: 'cn-resident-id' } } } },
      { if: { properties: { idType: { const: 'credit-code' } }, required: ['idType'] }, then: { properties: { idNumber: { format: 'cn-credit-code' } } } },
    ],
  };
}

export function inputSchema(def: FieldDef): Schema {
  const head: Schema = { title: def.title, ...(def.description ? { description: def.description } : {}) };
  switch (def.kind) {
    case 'text':
      return { ...head, type: 'string', minLength: 1, maxLength: 200, ...(def.pattern ? { pattern: def.pattern } : {}) };
    case 'longtext':
      return { ...head, type: 'string', minLength: 1, maxLength: 2000 };
    case 'name':
      return { ...head, type: 'string', minLength: 1, maxLength: 50 };
    case 'idnum':
      return { ...head, type: 'string', format: 'cn-resident-id' };
    case 'credit':
      return { ...head, type: 'string', format: 'cn-credit-code' };
    case 'mobile':
      return { ...head, type: 'string', format: 'cn-mobile' };
    case 'date':
      return { ...head, type: 'string', format: 'date' };
    case 'date2':
      return { ...head, description: def.description ?? 'YYYY-MM-DD 或 YYYY年M月D日', type: 'string', pattern: DUAL_DATE_PATTERN };
    case 'gender':
      return { ...head, description: def.description ?? 'M 男，F 女', type: 'string', enum: ['M', 'F'] };
    case 'money':
    case 'yuan':
    case 'area':
    case 'decimal':
      return { ...head, type: 'number', minimum: 0 };
    case 'int':
      return { ...head, type: 'integer', minimum: 0 };
    case 'bool':
      return { ...head, type: 'boolean' };
    case 'enum':
      return { ...head, type: 'string', enum: [...(def.values ?? [])] };
    case 'idtype':
      return { ...head, type: 'string', enum: [...ID_TYPES] };
    case 'strings':
      return { ...head, type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', ...(def.values ? { enum: [...def.values] } : { minLength: 1 }) } };
    case 'objects': {
      const items = def.items ?? [];
      return {
        ...head,
        type: 'array',
        minItems: def.rows?.[0] ?? 1,
        maxItems: def.rows?.[1] ?? 100,
        items: {
          type: 'object',
          required: items.filter((i) => !optionalColumn(i)).map((i) => i.key),
          additionalProperties: false,
          properties: Object.fromEntries(items.map((i) => [i.key, inputSchema(i)])),
          ...idNumberChecks(items),
        },
      };
    }
  }
}

export function formSchema(form: FormSpec, fields: Array<FieldDef & { optional: boolean }>, items: readonly Item[]): Schema {
  const dept = DEPARTMENTS.find((d) => d.id === form.department);
  return {
    $schema: DRAFT,
    $id: `urn:owh:form:${form.id}:1`,
    title: form.title,
    description: `${dept?.name ?? form.department}。适用事项：${items.map((i) => `${i.name}（${i.code}）`).join('、')}。`,
    'x-version': 1,
    type: 'object',
    required: fields.filter((f) => !f.optional).map((f) => f.key),
    additionalProperties: false,
    properties: Object.fromEntries(fields.map((f) => [f.key, inputSchema(f)])),
  };
}

// ---- what the department systems accept ----

function govOutput(def: FieldDef): Schema {
  const head = { title: def.title };
  switch (def.kind) {
    case 'date':
    case 'date2':
      return { ...head, type: 'string', pattern: '^[0-9]{8}$' };
    case 'gender':
      return { ...head, type: 'string', enum: Object.values(codeTable('gender')) };
    case 'idtype':
      return { ...head, type: 'string', enum: Object.values(codeTable('id-type')) };
    case 'money':
    case 'yuan':
    case 'area':
      return { ...head, type: 'string', pattern: '^-?[0-9]+\\.[0-9]{2}$' };
    case 'bool':
      return { ...head, type: 'string', enum: ['0', '1'] };
    case 'strings':
      return { ...head, type: 'string', description: '多个值以英文逗号分隔' };
    case 'decimal':
      return { ...head, type: 'number' };
    case 'int':
      return { ...head, type: 'integer' };
    case 'enum':
      return { ...head, type: 'string', enum: [...(def.values ?? [])] };
    case 'objects':
      return {
        ...head,
        type: 'array',
        items: { type: 'object', additionalProperties: false, properties: Object.fromEntries((def.items ?? []).map((i) => [i.gov, govOutput(i)])) },
      };
    default:
      return { ...head, type: 'string' };
  }
}

function openOutput(def: FieldDef, naming: 'camel' | 'snake'): Schema {
  const head = { title: def.title };
  switch (def.kind) {
    case 'date':
    case 'date2':
      return { ...head, type: 'string', format: 'date' };
    case 'gender':
      return { ...head, type: 'string', enum: ['MALE', 'FEMALE'] };
    case 'idtype':
      return { ...head, type: 'string', enum: Object.values(codeTable('open-id-type')) };
    case 'money':
      return { title: def.title.replace('（万元）', '（元）'), type: 'integer' };
    case 'yuan':
      return { title: def.title.replace('（元）', '（分）'), type: 'integer' };
    case 'area':
    case 'decimal':
      return { ...head, type: 'number' };
    case 'int':
      return { ...head, type: 'integer' };
    case 'bool':
      return { ...head, type: 'boolean' };
    case 'enum':
      return { ...head, type: 'string', enum: [...(def.values ?? [])] };
    case 'strings':
      return { ...head, type: 'array', items: { type: 'string' } };
    case 'objects':
      return {
        ...head,
        type: 'array',
        items: { type: 'object', additionalProperties: false, properties: Object.fromEntries((def.items ?? []).map((i) => [openName(i, naming), openOutput(i, naming)])) },
      };
    default:
      return { ...head, type: 'string' };
  }
}

const SHA256 = { type: 'string', pattern: '^[0-9a-f]{64}$' };

/** Where a system takes its cases, for the API schema's description. */
function entrance(system: SystemDef): string {
  switch (system.adapter) {
    case 'soap':
      return `SOAP ${system.soap!.operation} (wsdl/${system.id}.wsdl), its arguments`;
    case 'file':
      return `a case file in its outbox, <${system.file!.xml?.prefix}:${system.file!.xml?.root}> with`;
    case 'amqp':
      return `a JSON message on ${system.amqp!.exchange}/${system.amqp!.routingKey}`;
    default:
      return `POST ${system.path}`;
  }
}

/**
 * What a system takes from the hub: the target of its request mappings. `fields`: every form
 * field some mapping sends it. For a CSV system, `columns` are its row's columns.
 */
export function apiSchema(system: SystemDef, fields: FieldDef[], columns?: Array<{ name: string; path: string }>, shared?: Record<string, Schema>): Schema {
  const head = {
    $schema: DRAFT,
    $id: `urn:owh:demo-city:api:${system.id}:1`,
    title: `${system.name} 收件接口请求报文`,
  };
  if (columns) {
    const byGov = new Map(fields.map((f) => [f.gov, f]));
    const envelope: Record<string, Schema> = {
      ywlsh: { type: 'string', minLength: 1, maxLength: 64 },
      sxbm: { type: 'string', pattern: ITEM_CODE },
      sqrzjlx: { type: 'string', enum: Object.values(codeTable('id-type')) },
      sqrlxdh: { type: 'string', pattern: '^1[3-9][0-9]{9}$' },
      slsj: { type: 'string', pattern: '^[0-9]{14}$' },
      gsd: { type: 'string', pattern: DISTRICT },
      qd: { type: 'string', enum: Object.values(codeTable('channel')) },
    };
    return {
      ...head,
      title: `${system.name} 收件导入文件（CSV，${system.file?.encoding?.toUpperCase() ?? 'UTF-8'}）的一行`,
      description: `One row of the case file dropped into its outbox: ${columns.length} columns in this order (the header line names them in Chinese): ${columns.map((c) => `${c.name} ${c.path}`).join(', ')}.`,
      type: 'object',
      required: ['ywlsh', 'sxbm', 'sqrmc', 'sqrzjlx', 'sqrzjhm', 'slsj', 'sldbm', 'gsd', 'qd'],
      additionalProperties: false,
      properties: Object.fromEntries(
        columns.map((c) => {
          const def = byGov.get(c.path);
          return [c.path, { title: c.name, ...(def ? govOutput(def) : (envelope[c.path] ?? { type: 'string' })) }];
        }),
      ),
    };
  }
  if (system.dialect === 'gov') {
    const formProps: Record<string, Schema> = Object.fromEntries(fields.map((f) => [f.gov, govOutput(f)]));
    formProps.lxrxx = { title: '联系人信息（姓名 电话）', type: 'string' };
    return {
      ...head,
      description: `${entrance(system)}: 业务申请信息 (gov dialect: pinyin abbreviations, national codes, local times YYYYMMDDHHmmss).`,
      type: 'object',
      required: ['ywlsh', 'sxbm', 'sqr', 'slsj', 'sldd', 'gsd', 'gsdmc', 'qd', 'bdsj', 'cl'],
      additionalProperties: false,
      properties: {
        ywlsh: { title: '业务流水号（统一受理平台办件编号）', type: 'string', minLength: 1, maxLength: 64 },
        sxbm: { title: '事项编码', type: 'string', pattern: ITEM_CODE },
        sxmc: { title: '事项名称', type: 'string' },
        sqr: {
          title: '申请人',
          type: 'object',
          required: ['xm', 'zjlx', 'zjhm'],
          additionalProperties: false,
          properties: {
            xm: { title: '姓名或名称', type: 'string', minLength: 1 },
            zjlx: { title: '证件类型', type: 'string', enum: Object.values(codeTable('id-type')) },
            zjhm: { title: '证件号码', type: 'string', minLength: 1 },
            lxdh: { title: '联系电话', type: 'string', pattern: '^1[3-9][0-9]{9}$' },
            fddbrxm: { title: '法定代表人姓名', type: 'string' },
            fddbrzjhm: { title: '法定代表人证件号码', type: 'string' },
          },
        },
        slsj: { title: '受理时间（YYYYMMDDHHmmss）', type: 'string', pattern: '^[0-9]{14}$' },
        sldd: {
          title: '受理地点',
          type: 'object',
          required: ['fwdbm', 'xzqh'],
          additionalProperties: false,
          properties: {
            fwdbm: { title: '服务点编码', type: 'string' },
            fwdmc: { title: '服务点名称', type: 'string' },
            xzqh: { title: '服务点行政区划', type: 'string', pattern: DISTRICT },
          },
        },
        gsd: { title: '属地（行政区划代码）', type: 'string', pattern: DISTRICT },
        gsdmc: { title: '属地名称', type: 'string' },
        qd: { title: '受理渠道', type: 'string', enum: Object.values(codeTable('channel')) },
        bdsj: { title: '表单数据', type: 'object', additionalProperties: true, properties: formProps },
        cl: {
          title: '申请材料',
          type: 'array',
          items: {
            type: 'object',
            required: ['clbh', 'clmc', 'wjm', 'wjlx', 'dx', 'sha256'],
            additionalProperties: false,
            properties: {
              clbh: { title: '材料编号', type: 'string' },
              clmc: { title: '材料名称', type: 'string' },
              wjm: { title: '文件名', type: 'string' },
              wjlx: { title: '文件类型（MIME）', type: 'string' },
              dx: { title: '文件大小（字节）', type: 'integer', minimum: 0 },
              sha256: { title: 'SHA-256', ...SHA256 },
              url: { title: '下载地址', type: 'string', format: 'uri' },
            },
          },
        },
        // Data other departments share for some items (数据共享), fetched by the hub.
        ...(shared ?? {}),
      },
    };
  }
  const naming = system.naming ?? 'camel';
  const formProps: Record<string, Schema> = Object.fromEntries(
    fields.filter((f) => f.key !== 'contactName' && f.key !== 'contactPhone').map((f) => [openName(f, naming), openOutput(f, naming)]),
  );
  formProps.contact = { title: '联系人', type: 'object', additionalProperties: false, properties: { name: { type: 'string' }, mobile: { type: 'string' } } };
  return {
    ...head,
    description: `${entrance(system)}: an application (open dialect: English names, ISO dates, RFC 3339 times, amounts in yuan or fen).`,
    type: 'object',
    required: ['applicationNo', 'serviceCode', 'applicant', 'submittedTime', 'acceptancePoint', 'region', 'channel', 'formData', 'attachments'],
    additionalProperties: false,
    properties: {
      applicationNo: { title: 'Application number (the hub case id)', type: 'string', minLength: 1, maxLength: 64 },
      serviceCode: { title: 'Service item code', type: 'string', pattern: ITEM_CODE },
      serviceName: { title: 'Service item name', type: 'string' },
      applicant: {
        type: 'object',
        required: ['name', 'idType', 'idNumber', 'type'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1 },
          idType: { type: 'string', enum: Object.values(codeTable('open-id-type')) },
          idNumber: { type: 'string', minLength: 1 },
          mobile: { type: 'string', pattern: '^1[3-9][0-9]{9}$' },
          type: { type: 'string', enum: ['INDIVIDUAL', 'ORGANIZATION'] },
          legalRepresentative: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' }, idNumber: { type: 'string' } } },
        },
      },
      submittedTime: { type: 'string', format: 'date-time' },
      acceptancePoint: {
        type: 'object',
        required: ['code', 'district'],
        additionalProperties: false,
        properties: { code: { type: 'string' }, name: { type: 'string' }, district: { type: 'string', pattern: DISTRICT } },
      },
      region: { title: 'Jurisdiction (GB/T 2260)', type: 'string', pattern: DISTRICT },
      channel: { type: 'string', enum: ['WINDOW', 'WEB', 'APP', 'KIOSK'] },
      formData: { type: 'object', additionalProperties: true, properties: formProps },
      attachments: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'kind', 'fileName', 'mediaType', 'size', 'sha256'],
          additionalProperties: false,
          properties: {
            id: { type: 'string' },
            kind: { type: 'string' },
            fileName: { type: 'string' },
            mediaType: { type: 'string' },
            size: { type: 'integer', minimum: 0 },
            sha256: SHA256,
            uri: { type: 'string', format: 'uri' },
          },
        },
      },
    },
  };
}
