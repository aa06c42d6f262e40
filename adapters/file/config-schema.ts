/** Letters a file name may hold besides placeholders: ASCII letters, digits, `.`, `_`, `-` and CJK ideographs. */
const NAME_CHAR = 'A-Za-z0-9._\\-\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';

/** An XML element name, with an optional namespace prefix (`bdc:sqxx`). */
const XML_NAME = '^(?:[A-Za-z_][A-Za-z0-9_.-]*:)?[A-Za-z_\\u4e00-\\u9fff][A-Za-z0-9_.\\-\\u4e00-\\u9fff]*$';

/** A dot path into the payload (`sqr.xm`, `cl.0.uri`). */
const DOT_PATH = '^[^.\\s]+(?:\\.[^.\\s]+)*$';

/** A folder: anything but an empty string or a NUL. */
const FOLDER = '^[^\\u0000]+$';

/** An operation's name as the catalog uses it (`opinion`, `supplement`); no `:`, which separates the parts of an idempotency key. */
const OPERATION_NAME = '^[A-Za-z][A-Za-z0-9_.-]{0,63}$';

/**
 * The name of an operation's file when its settings give none: the case, the operation, and the
 * first 12 hex digits of the sha256 of the message's idempotency key (unique per message, the same
 * on every attempt), so it sorts beside the case file and never replaces it.
 */
export const DEFAULT_OPERATION_FILE_NAME = '{caseId}.{operation}.{key}.{ext}';

/**
 * The settings of one file-drop connector (JSON Schema, draft 2020-12). The single source of
 * truth: the registry validates `systems.yaml` against it and applies its defaults before
 * `create()`, `docs/adapters/file.md` describes the same settings, and {@link FileConfig} is its
 * TypeScript shape.
 *
 * `xml` and `csv` are required only for their format, with `if`/`then` on `format` (as the REST
 * schema does for `auth`), so a JSON system carries neither.
 */
export const fileConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:owh:schema:adapter:file:1',
  title: 'File-drop connector',
  description:
    'Delivers each case as one file dropped into the system\'s outbox folder (JSON, XML or CSV, in UTF-8 or GB18030), written under a temporary name and renamed, so the department never sees half a file; picks up result files from its inbox folder.',
  type: 'object',
  required: ['outbox'],
  additionalProperties: false,
  properties: {
    outbox: {
      description:
        'Folder where case files are dropped for the department to take (often a network share). Relative to the catalog folder unless absolute. It must exist: the hub never creates it, so a share that is not mounted is noticed (the delivery waits and is tried again) instead of filling a local folder nobody reads.',
      type: 'string',
      pattern: FOLDER,
      examples: ['shares/nrp-realestate/in', '/mnt/culture-licensing/cases'],
    },
    inbox: {
      description:
        'Folder where the department puts its result files (受理结果, 办结结果). Relative to the catalog folder unless absolute. When absent, the connector picks up nothing (the system pushes results, or sends none). A missing inbox at start is reported by the health check; pickup begins when it appears.',
      type: 'string',
      pattern: FOLDER,
      examples: ['shares/nrp-realestate/out', '/mnt/culture-licensing/results'],
    },
    format: {
      description: 'How a case file is written: json (the payload as JSON), xml (the payload as one XML document, see xml), csv (one row per record, see csv).',
      type: 'string',
      enum: ['json', 'xml', 'csv'],
      default: 'json',
      examples: ['xml', 'csv'],
    },
    encoding: {
      description: 'Character encoding of case files: utf-8 (no byte-order mark), or gb18030 for older systems that read GBK/GB2312 (GB18030 is their superset, so every character the hub holds can be written).',
      type: 'string',
      enum: ['utf-8', 'gb18030'],
      default: 'utf-8',
      examples: ['utf-8', 'gb18030'],
    },
    fileName: {
      description:
        'Name of each case file: literal letters, digits, `.`, `_`, `-` and CJK, with placeholders {caseId}, {itemCode}, {systemId}, {idempotencyKey}, {date} (YYYYMMDD, China Standard Time) and {ext} (json, xml or csv). Must contain {caseId} or {idempotencyKey}: the name is how a re-send finds the file it already wrote. Placeholder values are sanitised (see the docs), so no value can leave the outbox.',
      type: 'string',
      allOf: [
        { pattern: `^(?!\\.)(?!.*\\.\\.)(?:[${NAME_CHAR}]|\\{(?:caseId|itemCode|systemId|idempotencyKey|date|ext)\\})+$` },
        { pattern: '\\{(?:caseId|idempotencyKey)\\}' },
      ],
      default: '{caseId}.{ext}',
      examples: ['{caseId}.{ext}', '{itemCode}_{caseId}.{ext}', 'SQ_{date}_{caseId}.xml'],
    },
    operations: {
      description:
        'Other messages about a case (a co-handler\'s opinion for the lead department, a supplement of material the applicant brought later) are written like the case under names of their own that show the operation; list an operation here, as {fileName}, only to name its files otherwise. A file says what it is, so every operation is carried: to the same outbox, in the same format and encoding, atomically, with its materials copied beside it as for a case, by default as `{caseId}.{operation}.{key}.{ext}`.',
      type: 'object',
      propertyNames: { pattern: OPERATION_NAME },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          fileName: {
            description:
              'Name of this operation\'s files, as fileName but with three more placeholders: {operation} (the operation\'s name), {ref} (what the idempotency key `<caseId>:<systemId>:<operation>:<ref>` says after the operation, e.g. the opinion\'s or the supplement\'s own id) and {key} (the first 12 hex digits of the key\'s sha256). Must contain {key} or {idempotencyKey}, or all of {caseId}, {operation} and {ref}: each message needs a name of its own, the same on every attempt.',
            type: 'string',
            allOf: [
              { pattern: `^(?!\\.)(?!.*\\.\\.)(?:[${NAME_CHAR}]|\\{(?:caseId|itemCode|systemId|idempotencyKey|date|ext|operation|ref|key)\\})+$` },
              { pattern: '\\{(?:key|idempotencyKey)\\}|^(?=.*\\{caseId\\})(?=.*\\{operation\\})(?=.*\\{ref\\})' },
            ],
            default: DEFAULT_OPERATION_FILE_NAME,
            examples: [DEFAULT_OPERATION_FILE_NAME, 'YJ_{caseId}_{operation}_{ref}.xml', '{operation}_{date}_{key}.{ext}'],
          },
        },
      },
      default: {},
      examples: [{ opinion: { fileName: 'YJ_{caseId}_{operation}_{ref}.xml' }, supplement: { fileName: 'BZ_{date}_{caseId}_{key}.{ext}' } }],
    },
    xml: {
      description: 'How the payload becomes XML (format: xml), through the xml2js builder: keys become elements (a `prefix:name` key an element in that namespace), arrays repeated elements, `$` attributes and `_` text.',
      type: 'object',
      required: ['root'],
      additionalProperties: false,
      properties: {
        root: {
          description: 'Name of the root element the payload is written under, with its namespace prefix if it has one (declare the prefix in namespaces).',
          type: 'string',
          pattern: XML_NAME,
          examples: ['bdc:sqxx', 'Application'],
        },
        namespaces: {
          description: 'Namespaces declared on the root element, prefix → URI. The empty prefix `""` declares the default namespace (xmlns="…").',
          type: 'object',
          propertyNames: { pattern: '^(?:[A-Za-z_][A-Za-z0-9_.-]*)?$' },
          additionalProperties: { type: 'string', minLength: 1 },
          default: {},
          examples: [{ bdc: 'http://www.nbbdc.gov.cn/schema/sqxx/1' }, { '': 'urn:example:dept:case' }],
        },
        declaration: {
          description: 'Write the XML declaration (`<?xml version="1.0" encoding="…"?>`, naming the file\'s encoding) at the top.',
          type: 'boolean',
          default: true,
          examples: [true],
        },
      },
      examples: [{ root: 'bdc:sqxx', namespaces: { bdc: 'http://www.nbbdc.gov.cn/schema/sqxx/1' } }],
    },
    csv: {
      description: 'How the payload becomes CSV (format: csv): one row for an object payload, one row per element for an array payload; values quoted as RFC 4180 says (a value with the separator, a quote or a line break is enclosed in quotes, its quotes doubled).',
      type: 'object',
      required: ['columns'],
      additionalProperties: false,
      properties: {
        columns: {
          description: 'The columns in the order the system reads them: `name` (the header) and `path` (a dot path into the record). A missing value is an empty field; a value that is an object or a list cannot stand in a field and the delivery is refused.',
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['name', 'path'],
            additionalProperties: false,
            properties: {
              name: { description: 'The column\'s header.', type: 'string', minLength: 1, examples: ['办件编号', 'CASE_NO'] },
              path: { description: 'Dot path of the value in the record (numbers index lists).', type: 'string', pattern: DOT_PATH, examples: ['ywlsh', 'sqr.xm', 'cl.0.mc'] },
            },
          },
          examples: [[{ name: '办件编号', path: 'ywlsh' }, { name: '申请人', path: 'sqr.xm' }]],
        },
        header: {
          description: 'Write the column names as the first line.',
          type: 'boolean',
          default: true,
          examples: [true, false],
        },
        separator: {
          description: 'Field separator.',
          type: 'string',
          enum: [',', ';', '\t', '|'],
          default: ',',
          examples: [',', '|'],
        },
        lineEnding: {
          description: 'What ends each line (the last one too): CRLF, as RFC 4180 and older Windows systems expect, or LF.',
          type: 'string',
          enum: ['\r\n', '\n'],
          default: '\r\n',
          examples: ['\r\n'],
        },
      },
      examples: [{ columns: [{ name: 'BJBH', path: 'ywlsh' }, { name: 'SQR', path: 'sqr.xm' }], header: true, separator: ',', lineEnding: '\r\n' }],
    },
    materials: {
      description:
        'What happens to the case\'s materials (申请材料). none: only the case file is written. copy: before the case file, each material listed in the payload is copied into a folder named after the case (the case file\'s name without its extension) beside it, its sha256 checked.',
      type: 'object',
      additionalProperties: false,
      properties: {
        mode: {
          description: 'none or copy.',
          type: 'string',
          enum: ['none', 'copy'],
          default: 'none',
          examples: ['copy'],
        },
        from: {
          description: 'Dot path of the list of materials in the payload (the request mapping\'s output).',
          type: 'string',
          pattern: DOT_PATH,
          default: 'materials',
          examples: ['materials', 'cl'],
        },
        uriField: {
          description: 'Field of a list entry that holds where the bytes are: a file:// URI under root, or the hub\'s material URL of an inline material (found by sha256 in root, laid out as the hub\'s materials.path).',
          type: 'string',
          pattern: DOT_PATH,
          default: 'uri',
          examples: ['uri', 'wjlj'],
        },
        sha256Field: {
          description: 'Field of a list entry that holds the material\'s sha256 (hex); the copied bytes must match it.',
          type: 'string',
          pattern: DOT_PATH,
          default: 'sha256',
          examples: ['sha256', 'hash'],
        },
        fileNameField: {
          description: 'Field of a list entry that holds the name to copy it under (sanitised like case file names); when absent, the last part of the URI.',
          type: 'string',
          pattern: DOT_PATH,
          default: 'fileName',
          examples: ['fileName', 'wjm'],
        },
        root: {
          description:
            'The materials folder (relative to the catalog folder unless absolute): file:// URIs must point inside it, and inline materials are found in it by sha256. Required for copy. The adapter reads no HTTP: point it at the hub\'s materials.path or a share the platform fills.',
          type: 'string',
          pattern: FOLDER,
          examples: ['../data/materials', '/mnt/materials'],
        },
      },
      allOf: [{ if: { properties: { mode: { const: 'copy' } }, required: ['mode'] }, then: { required: ['root'] } }],
      default: { mode: 'none' },
      examples: [{ mode: 'copy', from: 'cl', uriField: 'uri', sha256Field: 'sha256', fileNameField: 'fileName', root: '../data/materials' }],
    },
    results: {
      description: 'How result files are picked up from inbox: the folder is watched and also polled (watchers miss events on network shares); a file is read once it is stable, handed to the hub, then moved to processedFolder, or to errorFolder with a .reason.txt when it cannot be read or the hub refuses it.',
      type: 'object',
      additionalProperties: false,
      properties: {
        pattern: {
          description:
            'Which files in inbox are results: a glob (`*` any run of characters, `?` one character; matched without regard to case, as on Windows shares) or a regular expression written between slashes (`/^JG_\\d+\\.xml$/i`). When absent, `*.<results.format>`. Names starting with `.` are never results.',
          type: 'string',
          minLength: 1,
          examples: ['*.xml', 'JG_*.csv', '/^result-[A-Za-z0-9_.-]+\\.json$/'],
        },
        format: {
          description: 'How result files are read: json (an object, or a list of results), xml (one document, parsed with xml2js: namespace prefixes dropped, single elements as values, repeated ones as lists, attributes under `$`), csv (a header line, then one result per row, keyed by the header\'s names).',
          type: 'string',
          enum: ['json', 'xml', 'csv'],
          default: 'json',
          examples: ['xml', 'csv'],
        },
        encoding: {
          description: 'Character encoding of result files. A utf-8 file that is not valid UTF-8 is set aside (it is most likely GB18030: say so here).',
          type: 'string',
          enum: ['utf-8', 'gb18030'],
          default: 'utf-8',
          examples: ['gb18030'],
        },
        separator: {
          description: 'Field separator of CSV result files.',
          type: 'string',
          enum: [',', ';', '\t', '|'],
          default: ',',
          examples: [',', '|'],
        },
        pollIntervalMs: {
          description: 'How often the inbox is listed, besides the watcher\'s events.',
          type: 'integer',
          minimum: 50,
          default: 2000,
          examples: [2000, 10000],
        },
        stableMs: {
          description: 'How long a file\'s size and modification time must stay unchanged before it is read, so a file the department is still writing is left alone. 0 reads a file when first seen (only for departments that write under a temporary name and rename).',
          type: 'integer',
          minimum: 0,
          default: 1000,
          examples: [1000, 5000],
        },
        processedFolder: {
          description: 'Where a result file goes once the hub has stored its results; relative to inbox unless absolute. Created when missing (its parent must exist). A name already there gets a suffix (`-1`, `-2`, …).',
          type: 'string',
          pattern: FOLDER,
          default: 'processed',
          examples: ['processed', '/mnt/archive/nrp-realestate'],
        },
        errorFolder: {
          description: 'Where a result file goes when it cannot be read or the hub refuses it, with `<name>.reason.txt` beside it (code, message, fix, time; personal data masked). Relative to inbox unless absolute.',
          type: 'string',
          pattern: FOLDER,
          default: 'error',
          examples: ['error'],
        },
      },
      default: {},
      examples: [{ pattern: '*.xml', format: 'xml', encoding: 'utf-8', pollIntervalMs: 2000, stableMs: 1000 }],
    },
    maxResultBytes: {
      description: 'Largest result file read; a larger one is set aside in errorFolder.',
      type: 'integer',
      minimum: 1,
      default: 10485760,
      examples: [10485760],
    },
    timeoutMs: {
      description:
        'How long one delivery (materials and the case file) may take before it counts as timed out and is tried again; a share that hangs is as common as one that is gone. When absent, the delivery policy\'s default timeout. Also bounds the health check.',
      type: 'integer',
      minimum: 1,
      examples: [30000],
    },
  },
  allOf: [
    { if: { properties: { format: { const: 'xml' } }, required: ['format'] }, then: { required: ['xml'] } },
    { if: { properties: { format: { const: 'csv' } }, required: ['format'] }, then: { required: ['csv'] } },
  ],
  examples: [
    {
      outbox: 'shares/nrp-realestate/in',
      inbox: 'shares/nrp-realestate/out',
      format: 'xml',
      xml: { root: 'bdc:sqxx', namespaces: { bdc: 'http://www.nbbdc.gov.cn/schema/sqxx/1' } },
      fileName: '{itemCode}_{caseId}.{ext}',
      operations: { opinion: { fileName: 'YJ_{caseId}_{operation}_{ref}.xml' } },
      materials: { mode: 'copy', from: 'cl', root: '../data/materials' },
      results: { pattern: '*.xml', format: 'xml' },
    },
    {
      outbox: '/mnt/culture-licensing/cases',
      inbox: '/mnt/culture-licensing/results',
      format: 'csv',
      encoding: 'gb18030',
      csv: { columns: [{ name: '办件编号', path: 'ywlsh' }, { name: '事项编码', path: 'sxbm' }, { name: '申请人', path: 'sqr.xm' }, { name: '联系电话', path: 'sqr.lxdh' }] },
      fileName: 'WH_{date}_{caseId}.{ext}',
      results: { pattern: 'JG_*.csv', format: 'csv', encoding: 'gb18030', pollIntervalMs: 10000, stableMs: 5000 },
      timeoutMs: 30000,
    },
    {
      outbox: 'shares/civil-affairs/in',
    },
  ],
} as const;

export type FileFormat = 'json' | 'xml' | 'csv';
export type FileEncoding = 'utf-8' | 'gb18030';

export interface CsvColumn {
  name: string;
  path: string;
}

/** The settings of a file-drop connector after validation (defaults applied); see {@link fileConfigSchema}. */
export interface FileConfig {
  outbox: string;
  /** Absent: no pickup. */
  inbox?: string;
  format: FileFormat;
  encoding: FileEncoding;
  fileName: string;
  /**
   * By operation name; an operation not listed is written under {@link DEFAULT_OPERATION_FILE_NAME}
   * (absent only when built without the registry, which applies the default `{}`: the same).
   */
  operations?: Record<string, { fileName: string }>;
  /** Present (and required) for format xml. */
  xml?: { root: string; namespaces: Record<string, string>; declaration: boolean };
  /** Present (and required) for format csv. */
  csv?: { columns: CsvColumn[]; header: boolean; separator: ',' | ';' | '\t' | '|'; lineEnding: '\r\n' | '\n' };
  materials: {
    mode: 'none' | 'copy';
    from: string;
    uriField: string;
    sha256Field: string;
    fileNameField: string;
    /** Required for copy. */
    root?: string;
  };
  results: {
    /** Absent: `*.<format>`. */
    pattern?: string;
    format: FileFormat;
    encoding: FileEncoding;
    separator: ',' | ';' | '\t' | '|';
    pollIntervalMs: number;
    stableMs: number;
    processedFolder: string;
    errorFolder: string;
  };
  maxResultBytes: number;
  /** Absent: the delivery policy's default timeout. */
  timeoutMs?: number;
}
