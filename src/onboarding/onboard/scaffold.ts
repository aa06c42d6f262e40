import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Catalog } from '../../catalog/types';
import { requiredPaths } from '../coverage';
import { targetFields, TargetField } from './target-schema';

type Json = Record<string, any>;

export const SCAFFOLD_RECORD = '.owh-scaffold.json';

/** Where a system's own schema is kept in the catalog (written by onboard, read for new mappings of the system). */
export const systemSchemaFile = (system: string): string => `api/${system}.schema.json`;

/** What onboard did with one file of a mapping folder. */
export type FileOutcome = 'written' | 'regenerated' | 'unchanged' | 'kept' | 'overwritten';

export interface ScaffoldResult {
  item: string;
  folder: string;
  mapping: FileOutcome;
  /** Set when the engineer's mapping was kept and the new skeleton written beside it. */
  newFile?: string;
  fixtures: Record<string, FileOutcome>;
  fields: { total: number; required: number; mapped: number; unmappedRequired: string[] };
}

/** The envelope fields a case always has, as sources, and the target names that obviously mean them. */
const ENVELOPE_SOURCES = ['caseId', 'itemCode', 'jurisdiction', 'channel', 'submittedAt', 'acceptedAt.servicePoint', 'acceptedAt.district', 'applicant.type', 'applicant.name', 'applicant.idType', 'applicant.idNumber', 'applicant.phone', 'applicant.address'];
const SYNONYMS: Record<string, string[]> = {
  caseId: ['caseid', 'caseno', 'casenumber', 'ywlsh', 'applicationno', 'applicationid', 'bjbh'],
  itemCode: ['itemcode', 'sxbm', 'servicecode'],
  jurisdiction: ['jurisdiction', 'gsd', 'districtcode', 'regioncode'],
  'applicant.name': ['applicantname', 'xm', 'sqrxm', 'sqrmc'],
  'applicant.idNumber': ['idnumber', 'idno', 'zjhm', 'applicantidnumber', 'sqrzjhm'],
};
const norm = (s: string) => s.toLowerCase().replace(/[_\-\s]/g, '');

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The source a target field obviously comes from: the same name in the e-form or the envelope, or a well-known synonym. */
export function obviousSource(target: string, formFields: string[]): string | undefined {
  const leaf = norm(target.split('.').at(-1)!);
  const whole = norm(target);
  const formHit = formFields.find((f) => norm(f) === leaf || norm(f) === whole);
  if (formHit) return `form.${formHit}`;
  const envHit = ENVELOPE_SOURCES.find((s) => norm(s) === whole || norm(s.split('.').at(-1)!) === leaf && !['name', 'type', 'phone', 'address'].includes(leaf));
  if (envHit) return envHit;
  for (const [source, names] of Object.entries(SYNONYMS)) if (names.includes(leaf) || names.includes(whole)) return source;
  return undefined;
}

const scalar = (s: string) => (/^[A-Za-z_][A-Za-z0-9_.\-\[\]]*$/.test(s) ? s : JSON.stringify(s));

/** The skeleton's text and what it maps; the same inputs give the same text (no dates in it). */
export function renderSkeleton(input: { form: string; formTitle?: string; formSchema: Json; system: string; systemName: string; targetSchema?: Json; targetSource?: string; schemaRef?: string; format: 'json' | 'xml' | 'csv' }): { text: string; fields: ScaffoldResult['fields'] } {
  const formProps = (input.formSchema.properties ?? {}) as Record<string, Json>;
  const formRequired = new Set<string>((input.formSchema.required ?? []) as string[]);
  const formFields = Object.keys(formProps);
  const fields: TargetField[] = input.targetSchema ? targetFields(input.targetSchema) : [];
  const lines: string[] = [];
  const unmappedRequired: string[] = [];
  let mapped = 0;
  const rules: string[] = [];
  for (const f of fields) {
    const source = f.list ? undefined : obviousSource(f.path, formFields);
    const why = f.required ? `required by ${input.system}` : 'optional';
    const title = f.title ? `  ${String(f.title).replace(/\s+/g, ' ')}` : '';
    if (source) {
      mapped++;
      rules.push(`  - { to: ${scalar(f.path)}, from: ${scalar(source)} }  # ${why}${title}`);
    } else {
      if (f.required) unmappedRequired.push(f.path);
      const hint = f.list ? `each: ??, rules: [ … ]` : 'from: ??';
      rules.push(`  # - { to: ${scalar(f.path.replace(/\[\]$/, ''))}, ${hint} }  # UNMAPPED — ${why}${f.type ? ` (${f.type})` : ''}${title}`);
    }
  }
  // A required object whose own fields are all optional (requiredPaths ends there): it must be written too.
  const mappedPaths = rules.filter((r) => !r.trimStart().startsWith('#')).map((r) => /to: ("[^"]+"|[^,]+),/.exec(r)?.[1] ?? '');
  const listed = new Set(fields.filter((f) => f.required).map((f) => f.path));
  for (const path of new Set(input.targetSchema ? requiredPaths(input.targetSchema).map((p) => p.split('[]')[0]) : [])) {
    if (listed.has(path) || mappedPaths.some((m) => m === path || m.startsWith(`${path}.`))) continue;
    unmappedRequired.push(path);
    rules.push(`  # - { to: ${scalar(path)}, rules: [ … ] }  # UNMAPPED — required by ${input.system} (an object; its fields are listed above)`);
  }
  lines.push(`# Request mapping skeleton: ${input.formTitle ?? input.form} (${input.form}) → ${input.systemName} (${input.system}).`);
  lines.push('# Written by `owh onboard`. Edit it: onboard never overwrites an edited mapping (it keeps the hash of what it');
  lines.push(`# wrote in ${SCAFFOLD_RECORD} and writes mapping.yaml.new beside yours instead).`);
  if (input.targetSchema) {
    lines.push(`# Target: ${input.targetSource ?? 'schema'}: ${fields.length} fields, ${fields.filter((f) => f.required).length} required, ${unmappedRequired.length} required field(s) UNMAPPED.`);
    lines.push('# Each UNMAPPED line is a rule to write (from:, value:, concat:, each: …; see schemas/mapping.schema.json) — then uncomment it.');
  } else {
    lines.push(`# No schema of ${input.system} was given (--schema), so there are no target fields: write the rules by hand.`);
  }
  lines.push('#');
  lines.push(`# Sources: the case envelope (${ENVELOPE_SOURCES.join(', ')})`);
  lines.push(`# and the e-form ${input.form} (form.<field>):`);
  for (const name of formFields) {
    const p = formProps[name] ?? {};
    lines.push(`#   form.${name}  (${Array.isArray(p.type) ? p.type.join('|') : p.type ?? 'any'}${formRequired.has(name) ? ', required' : ''})${p.title ? `  ${String(p.title).replace(/\s+/g, ' ')}` : ''}`);
  }
  lines.push('');
  lines.push('kind: request');
  lines.push(`form: ${scalar(input.form)}`);
  lines.push(`system: ${scalar(input.system)}`);
  if (input.schemaRef) lines.push(`target: { schema: ${scalar(input.schemaRef)}, format: ${input.format} }`);
  lines.push(rules.some((r) => !r.trimStart().startsWith('#')) ? 'rules:' : 'rules: []');
  lines.push(...rules);
  return { text: `${lines.join('\n')}\n`, fields: { total: fields.length, required: fields.filter((f) => f.required).length, mapped, unmappedRequired } };
}

/** A case of the item for the fixture: the demo sample of the form when there is one, else a minimal case from the required fields. */
export function sampleCase(catalog: Catalog, itemCode: string, form: string, samplesDirs: string[]): Json {
  for (const dir of samplesDirs) {
    const file = join(dir, `${form}.case.json`);
    if (existsSync(file)) return { ...(JSON.parse(readFileSync(file, 'utf8')) as Json), itemCode };
  }
  const formSchema = catalog.forms.get(form)?.schema ?? {};
  const district = catalog.districts.city ?? '330200';
  return {
    caseId: 'SAMPLE-0001',
    itemCode,
    applicant: { type: 'natural-person', name: '张三', idType: 'resident-id', idNumber: '330203199001011234', phone: '13800000000' },
    channel: 'window',
    acceptedAt: { servicePoint: `${district}-ZWFW-01`, district },
    jurisdiction: district,
    submittedAt: '2026-01-05T09:30:00+08:00',
    form: minimal(formSchema),
    materials: [],
  };
}

function minimal(schema: Json, depth = 0): unknown {
  if (!schema || depth > 5) return null;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(((schema.required ?? []) as string[]).map((k) => [k, minimal(schema.properties?.[k] ?? {}, depth + 1)]));
    case 'array':
      return schema.minItems ? [minimal(schema.items ?? {}, depth + 1)] : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      return schema.format === 'date' ? '2026-01-05' : schema.format === 'date-time' ? '2026-01-05T09:30:00+08:00' : 'TODO';
  }
}

/** What onboard wrote in a mapping folder, by file (relative to the folder), with the inputs' hash. */
interface ScaffoldRecord {
  generator: 'owh onboard';
  inputs: string;
  files: Record<string, string>;
}

/**
 * Writes generated files into a mapping folder without ever overwriting an engineer's edit: a file
 * is (re)written only when absent, or when it is exactly what onboard wrote last time (its hash in
 * .owh-scaffold.json) and the inputs changed. An edited file is kept; `decide` says whether to
 * overwrite it (interactive) — when not, mapping.yaml gets its new version as mapping.yaml.new.
 */
export class ScaffoldWriter {
  private readonly record: ScaffoldRecord;
  private readonly recordFile: string;
  private readonly previousInputs?: string;

  constructor(private readonly folder: string, private readonly inputs: string) {
    this.recordFile = join(folder, SCAFFOLD_RECORD);
    const previous = existsSync(this.recordFile) ? (JSON.parse(readFileSync(this.recordFile, 'utf8')) as ScaffoldRecord) : undefined;
    this.previousInputs = previous?.inputs;
    this.record = { generator: 'owh onboard', inputs, files: { ...(previous?.files ?? {}) } };
  }

  async write(name: string, text: string, decide: (file: string) => Promise<boolean>): Promise<{ outcome: FileOutcome; newFile?: string }> {
    const file = join(this.folder, name);
    const put = (path: string) => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    };
    if (!existsSync(file)) {
      put(file);
      this.record.files[name] = sha256(text);
      return { outcome: 'written' };
    }
    const onDisk = readFileSync(file, 'utf8');
    if (onDisk === text) {
      this.record.files[name] = sha256(text);
      return { outcome: 'unchanged' };
    }
    const ours = this.record.files[name] === sha256(onDisk);
    if (ours) {
      // Untouched since onboard wrote it: regenerate only when what it is made from changed.
      if (this.previousInputs === this.inputs) return { outcome: 'unchanged' };
      put(file);
      this.record.files[name] = sha256(text);
      return { outcome: 'regenerated' };
    }
    if (await decide(relative(process.cwd(), file) || file)) {
      put(file);
      this.record.files[name] = sha256(text);
      return { outcome: 'overwritten' };
    }
    if (name === 'mapping.yaml') {
      put(`${file}.new`);
      return { outcome: 'kept', newFile: `${file}.new` };
    }
    return { outcome: 'kept' };
  }

  save(): void {
    mkdirSync(this.folder, { recursive: true });
    writeFileSync(this.recordFile, `${JSON.stringify(this.record, null, 2)}\n`);
  }
}
