/**
 * The demo city as committed: every file valid against its schema, the phase-1 counts, the
 * references between files, and sample cases that intake would accept (formats included, which
 * proves the check characters of their ID numbers and credit codes).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { sharedAjv, validatorFor, ValidateFunction } from '../../../src/validate/ajv';
import { packageRoot } from '../../../src/util/package-root';
import { findMappingFolders, loadMapping, runMappingFixtures } from '../../../src/mapping';
import { AdapterRegistry } from '../../../src/adapters/registry';
import { restAdapter } from '../../../adapters/rest';
import { soapAdapter } from '../../../adapters/soap';
import { fileAdapter } from '../../../adapters/file';
import { amqpAdapter } from '../../../adapters/amqp';

const ROOT = join(packageRoot(), 'examples', 'demo-city');
const CATALOG = join(ROOT, 'catalog');

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

function yamlFile(file: string): Json {
  return parse(readFileSync(file, 'utf8'));
}

function jsonFile(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Validates a copy (the shared ajv applies schema defaults to what it validates) and reports readable errors. */
function errorsOf(validate: ValidateFunction, data: unknown): string[] {
  return validate(structuredClone(data)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

function filesUnder(dir: string, name: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, name));
    else if (entry === name) out.push(full);
  }
  return out;
}

const departments = yamlFile(join(CATALOG, 'departments.yaml'));
const districts = yamlFile(join(CATALOG, 'districts.yaml'));
const systems = yamlFile(join(CATALOG, 'systems.yaml'));
const items = yamlFile(join(CATALOG, 'items.yaml'));

const systemById = new Map<string, Json>(systems.systems.map((s: Json) => [s.id, s]));
const itemByCode = new Map<string, Json>(items.items.map((i: Json) => [i.code, i]));
const formIds = readdirSync(join(CATALOG, 'forms'))
  .filter((f) => f.endsWith('.schema.json'))
  .map((f) => f.replace(/\.schema\.json$/, ''))
  .sort();
const isRest = (systemId: string): boolean => systemById.get(systemId)?.adapter === 'rest';
const simulatorsYaml = yamlFile(join(ROOT, 'simulators.yaml')).simulators;
/** Item samples: samples/<form>.<item code>.case.json. */
const ITEM_SAMPLE = /^(.+)\.((?:XK|CF|QZ|ZS|JF|JC|QR|JL|CJ|QT|GG)[0-9]{8})\.case\.json$/;

const formValidators = new Map<string, ValidateFunction>();
function formValidator(formId: string): ValidateFunction {
  let v = formValidators.get(formId);
  if (!v) {
    v = sharedAjv().compile(jsonFile(join(CATALOG, 'forms', `${formId}.schema.json`)));
    formValidators.set(formId, v);
  }
  return v;
}

const apiValidators = new Map<string, ValidateFunction>();
function apiValidator(file: string): ValidateFunction {
  let v = apiValidators.get(file);
  if (!v) {
    v = sharedAjv().compile(jsonFile(file));
    apiValidators.set(file, v);
  }
  return v;
}

describe('demo city catalog', () => {
  it('has the 11 departments of phase 1, valid against the departments schema', () => {
    expect(errorsOf(validatorFor('urn:owh:schema:catalog:departments:1'), departments)).toEqual([]);
    const ids = departments.departments.map((d: Json) => d.id);
    expect(ids).toEqual(['amr', 'hrss', 'nrp', 'housing', 'psb', 'civil', 'health', 'transport', 'eco', 'culture', 'drc']);
    for (const d of departments.departments) expect(d.name).toMatch(/^宁波市/);
  });

  it('has Ningbo and its districts as mission.md lists them, with the retired codes as aliases', () => {
    expect(errorsOf(validatorFor('urn:owh:schema:catalog:districts:1'), districts)).toEqual([]);
    expect(districts.city).toBe('330200');
    const byCode = Object.fromEntries(districts.districts.map((d: Json) => [d.code, d.name]));
    expect(byCode).toEqual({
      '330200': '宁波市', '330203': '海曙区', '330205': '江北区', '330206': '北仑区', '330211': '镇海区', '330212': '鄞州区',
      '330213': '奉化区', '330225': '象山县', '330226': '宁海县', '330281': '余姚市', '330282': '慈溪市',
    });
    const aliases = districts.districts.flatMap((d: Json) => (d.aliases ?? []).map((a: Json) => `${d.code}<-${a.code} ${a.name} ${a.endedOn}`));
    expect(aliases.sort()).toEqual(['330212<-330204 江东区 2016-09-30', '330213<-330283 奉化市 2016-09-30']);
  });

  it('has 14 systems of existing departments, valid against the systems schema', () => {
    expect(errorsOf(validatorFor('urn:owh:schema:catalog:systems:1'), systems)).toEqual([]);
    expect(systems.systems).toHaveLength(14);
    expect(systemById.size).toBe(14);
    const deptIds = new Set(departments.departments.map((d: Json) => d.id));
    for (const s of systems.systems) expect(deptIds.has(s.department)).toBe(true);
    const byAdapter = (kind: string): string[] => systems.systems.filter((s: Json) => s.adapter === kind).map((s: Json) => s.id);
    expect(byAdapter('rest')).toHaveLength(8);
    expect(byAdapter('soap').sort()).toEqual(['eco-eia', 'hrss-social-insurance', 'psb-household']);
    expect(byAdapter('file').sort()).toEqual(['culture-licensing', 'nrp-realestate']);
    expect(byAdapter('amqp')).toEqual(['transport-permits']);
  });

  it('gives every REST system a base URL on loopback, bearer auth, and its response and result mappings', () => {
    for (const s of systems.systems.filter((x: Json) => x.adapter === 'rest')) {
      const connectors = s.instances ? Object.values(s.instances).map((i: Json) => ({ ...s.connector, ...i.connector })) : [s.connector];
      for (const c of connectors as Json[]) {
        expect(c.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:181[0-9]{2}$/);
        expect(c.path).toMatch(/^\//);
        expect(c.auth).toEqual({ type: 'bearer', token: { env: expect.stringMatching(/^OWH_[A-Z_]+_TOKEN$/), demoValue: `demo-token-${s.id}` } });
        expect(c.timeoutMs).toBe(10000);
      }
      expect(existsSync(join(CATALOG, s.responseMapping, 'mapping.yaml'))).toBe(true);
      expect(existsSync(join(CATALOG, s.results.mapping, 'mapping.yaml'))).toBe(true);
    }
    for (const s of systems.systems) expect(s.results.token.env).toBe(`OWH_RESULT_TOKEN_${s.id.toUpperCase().replace(/-/g, '_')}`);
  });

  it('gives every SOAP, file and AMQP system settings its adapter accepts, and its response and result mappings', () => {
    // The adapters' own schemas, imported directly (adapters/index.ts may not list them yet).
    const registry = new AdapterRegistry([restAdapter, soapAdapter, fileAdapter, amqpAdapter]);
    for (const s of systems.systems) {
      const connectors = s.instances ? Object.values(s.instances).map((i: Json) => ({ ...s.connector, ...i.connector })) : [s.connector];
      for (const c of connectors) expect({ system: s.id, problems: registry.check(s.adapter, c) }).toEqual({ system: s.id, problems: [] });
      expect(existsSync(join(CATALOG, s.responseMapping, 'mapping.yaml'))).toBe(true);
      expect(existsSync(join(CATALOG, s.results.mapping, 'mapping.yaml'))).toBe(true);
    }
    const soap = systems.systems.filter((s: Json) => s.adapter === 'soap');
    expect(soap.map((s: Json) => [s.id, new URL(s.connector.endpoint).port])).toEqual([
      ['hrss-social-insurance', '18111'],
      ['psb-household', '18112'],
      ['eco-eia', '18113'],
    ]);
    for (const s of soap) {
      const wsdl = readFileSync(join(CATALOG, s.connector.wsdl), 'utf8');
      expect(wsdl).toContain(`<wsdl:service name="${s.connector.service}">`);
      expect(wsdl).toContain(`<xsd:element name="${s.connector.operation}">`);
      expect(wsdl).not.toMatch(/<!DOCTYPE|<!ENTITY/);
      expect(s.connector.auth).toEqual({ type: 'wsSecurity', username: 'owh', password: { env: expect.stringMatching(/^OWH_[A-Z_]+_SOAP_PASSWORD$/), demoValue: `demo-soap-${s.id}` } });
      if (s.connector.poll) expect(wsdl).toContain('<xsd:element name="QueryResults">');
    }
    // One of them pushes its results to the hub's SOAP callback; the others are polled.
    expect(soap.filter((s: Json) => !s.connector.poll).map((s: Json) => s.id)).toEqual(['eco-eia']);
    for (const s of systems.systems.filter((x: Json) => x.adapter === 'file')) {
      // Relative to the catalog folder: data/demo-city/drop/<system>/ under the repository root.
      expect(resolve(CATALOG, s.connector.outbox)).toBe(join(packageRoot(), 'data', 'demo-city', 'drop', s.id, 'outbox'));
      expect(resolve(CATALOG, s.connector.inbox)).toBe(join(packageRoot(), 'data', 'demo-city', 'drop', s.id, 'inbox'));
    }
    expect(systemById.get('nrp-realestate').connector.xml).toEqual({ root: 'bdc:sqxx', namespaces: { bdc: expect.stringMatching(/^http:\/\//) } });
    expect(systemById.get('culture-licensing').connector).toMatchObject({ format: 'csv', encoding: 'gb18030', results: { format: 'csv', encoding: 'gb18030' } });
    expect(systemById.get('transport-permits').connector).toEqual({
      url: 'amqp://127.0.0.1:5672',
      username: 'guest',
      password: { env: 'OWH_AMQP_PASSWORD', demoValue: 'guest' },
      exchange: 'owh.transport',
      routingKey: 'permits.apply',
      replyQueue: 'owh.transport.results',
      confirmTimeoutMs: 10000,
    });
  });

  it('runs the marriage registration system once per district, with distinct ports', () => {
    const marriage = systemById.get('civil-marriage');
    const codes = Object.keys(marriage.instances).sort();
    expect(codes).toEqual(['330203', '330205', '330206', '330211', '330212', '330213', '330225', '330226', '330281', '330282']);
    const urls = codes.map((c) => marriage.instances[c].connector.baseUrl);
    expect(new Set(urls).size).toBe(10);
    expect(marriage.instances['330203'].name).toBe('海曙区婚姻登记系统');
  });

  it('has 118 phase-1 items with unique, well-formed codes, valid against the items schema', () => {
    expect(errorsOf(validatorFor('urn:owh:schema:catalog:items:1'), items)).toEqual([]);
    expect(items.items).toHaveLength(118);
    expect(itemByCode.size).toBe(118);
    for (const i of items.items) {
      expect(i.code).toMatch(/^(XK|CF|QZ|ZS|JF|JC|QR|JL|CJ|QT|GG)[0-9]{5}[0-9]{3}$/);
      expect(i.phase).toBe(1);
    }
  });

  it('points every item at an existing department, form and systems, with exactly one lead (in every jurisdiction)', () => {
    const deptIds = new Set(departments.departments.map((d: Json) => d.id));
    const districtCodes = districts.districts.map((d: Json) => d.code).filter((c: string) => c !== districts.city);
    for (const i of items.items) {
      expect(deptIds.has(i.department)).toBe(true);
      expect(formIds).toContain(i.form);
      for (const [where, targets] of [['', i.targets], ...Object.entries<Json>(i.jurisdictions ?? {}).map(([d, v]) => [d, v.targets])] as Array<[string, Json[]]>) {
        if (where) expect(districtCodes).toContain(where);
        expect(targets.filter((t: Json) => t.role === 'lead')).toHaveLength(1);
        expect(new Set(targets.map((t: Json) => t.system)).size).toBe(targets.length);
        for (const t of targets) {
          expect(systemById.has(t.system)).toBe(true);
          const folder = t.mapping ?? `mappings/${t.system}/request/${i.form}`;
          expect({ item: i.code, mapping: existsSync(join(CATALOG, folder, 'mapping.yaml')) }).toEqual({ item: i.code, mapping: true });
        }
      }
      const perDistrict = i.targets.some((t: Json) => systemById.get(t.system).instances);
      expect(i.level).toBe(perDistrict ? 'district' : 'city');
    }
  });

  it('keeps the default rules for the three-department parallel approval, and sets each other rule on one item', () => {
    const preexamination = itemByCode.get('XK00301001');
    expect(preexamination.targets.map((t: Json) => `${t.role} ${t.system}`)).toEqual(['lead nrp-land', 'co-handler drc-projects', 'co-handler housing-construction']);
    expect(preexamination.parallel).toBeUndefined();
    const withRule = (key: string, value: string): string[] => items.items.filter((i: Json) => i.parallel?.[key] === value).map((i: Json) => i.code);
    expect(withRule('decision', 'lead-may-decide-early')).toHaveLength(1);
    expect(withRule('refusal', 'lead-decides')).toHaveLength(1);
    for (const i of items.items.filter((x: Json) => x.parallel)) expect(i.targets.length).toBeGreaterThan(1);
    // One jurisdiction variant: 宁海县's cases of XK00301001 go to nrp-land and drc-projects only.
    const variants = items.items.filter((i: Json) => i.jurisdictions);
    expect(variants.map((i: Json) => i.code)).toEqual(['XK00301001']);
    expect(preexamination.jurisdictions['330226'].targets).toEqual([{ system: 'nrp-land', role: 'lead' }, { system: 'drc-projects', role: 'co-handler' }]);
    // The three-department sample is not of that district: it still reaches all three.
    expect(jsonFile(join(ROOT, 'samples', 'nrp-land-preexamination.case.json')).jurisdiction).not.toBe('330226');
  });

  it('gives every system that leads or co-handles a parallel approval the opinion and supplement operations, and gov-dialect ones their mappings', () => {
    const multi = items.items.filter((i: Json) => i.targets.length > 1);
    const leads = new Set(multi.map((i: Json) => i.targets[0].system));
    expect([...leads].sort()).toEqual([
      'amr-licensing', 'amr-registration', 'culture-licensing', 'drc-projects', 'eco-eia', 'health-licensing', 'housing-construction', 'hrss-employment', 'nrp-land', 'nrp-realestate', 'psb-household',
    ]);
    const involved = new Set(multi.flatMap((i: Json) => i.targets.map((t: Json) => t.system)));
    for (const s of systems.systems) {
      const ops = s.connector.operations;
      if (s.adapter === 'amqp') {
        expect(involved.has(s.id)).toBe(false);
        continue;
      }
      expect(Object.keys(ops ?? {}).filter((o) => o === 'opinion' || o === 'supplement').sort()).toEqual(['opinion', 'supplement']);
      const dialect = simulatorsYaml.find((x: Json) => x.system === s.id).dialect;
      if (s.adapter === 'rest') {
        // gov: beside the case path (…/xbyj 协办意见, …/bzcl 补正材料); open: under the application.
        const dir = s.connector.path.split('/').slice(0, -1).join('/');
        const expected = dialect === 'gov' ? [`${dir}/xbyj`, `${dir}/bzcl`] : [`${s.connector.path}/{caseId}/opinions`, `${s.connector.path}/{caseId}/supplements`];
        expect([ops.opinion.path, ops.supplement.path]).toEqual(expected);
      }
      if (s.adapter === 'soap') {
        expect({ opinion: ops.opinion, supplement: ops.supplement }).toEqual({ opinion: 'ReceiveOpinion', supplement: 'ReceiveSupplement' });
        const wsdl = readFileSync(join(CATALOG, s.connector.wsdl), 'utf8');
        for (const op of Object.values<string>(ops)) {
          expect(wsdl).toContain(`<xsd:element name="${op}">`);
          expect(wsdl).toContain(`<wsdl:operation name="${op}">`);
        }
      }
      if (s.adapter === 'file') expect(ops.opinion.fileName).toMatch(/\{key\}/);
      const gov = dialect === 'gov' && s.connector.format !== 'csv';
      for (const key of ['opinionMapping', 'supplementMapping']) {
        if (!gov) expect(s[key]).toBeUndefined();
        else expect(existsSync(join(CATALOG, s[key], 'mapping.yaml'))).toBe(true);
      }
    }
    expect(systemById.get('nrp-land').connector.operations).toEqual({ opinion: { method: 'POST', path: '/api/gtsp/xbyj' }, supplement: { method: 'POST', path: '/api/gtsp/bzcl' } });
    expect(systemById.get('housing-construction').connector.operations.opinion.path).toBe('/api/v2/permit-applications/{caseId}/opinions');
    expect(systemById.get('hrss-social-insurance').connector.operations.certificate).toBe('QueryCertificate');
  });

  it('has parallel approval across REST systems and items reaching SOAP, file and AMQP systems', () => {
    const allRest = (i: Json): boolean => i.targets.every((t: Json) => isRest(t.system));
    expect(items.items.filter((i: Json) => i.targets.length === 3 && allRest(i)).length).toBeGreaterThanOrEqual(6);
    expect(items.items.filter((i: Json) => i.targets.length === 2 && allRest(i)).length).toBeGreaterThanOrEqual(6);
    const reached = new Set(items.items.flatMap((i: Json) => i.targets.map((t: Json) => systemById.get(t.system).adapter)));
    expect([...reached].sort()).toEqual(['amqp', 'file', 'rest', 'soap']);
    expect(items.items.some((i: Json) => i.targets.length > 1 && !allRest(i))).toBe(true);
    for (const s of systems.systems) expect(items.items.some((i: Json) => i.targets.some((t: Json) => t.system === s.id))).toBe(true);
  });
});

describe('demo city e-forms', () => {
  it('has 59 forms, each used by at least one item', () => {
    expect(formIds).toHaveLength(59);
    for (const id of formIds) expect(items.items.some((i: Json) => i.form === id)).toBe(true);
  });

  it.each(formIds)('%s compiles, names itself and has at least 6 titled fields', (formId) => {
    const schema = jsonFile(join(CATALOG, 'forms', `${formId}.schema.json`));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`urn:owh:form:${formId}:1`);
    expect(schema['x-version']).toBe(1);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties).length).toBeGreaterThanOrEqual(6);
    for (const [key, prop] of Object.entries<Json>(schema.properties)) {
      expect(key).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(prop.title).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(() => formValidator(formId)).not.toThrow();
  });

  it('accepts both written forms of a date where people write dates by hand', () => {
    const schema = jsonFile(join(CATALOG, 'forms', 'amr-individual-business.schema.json'));
    const validate = sharedAjv().compile({ ...schema.properties.birthDate, $id: 'urn:test:dual-date' });
    expect(validate('1988-11-23')).toBe(true);
    expect(validate('1988年11月23日')).toBe(true);
    expect(validate('1988年1月3日')).toBe(true);
    expect(validate('23/11/1988')).toBe(false);
  });
});

describe('demo city sample cases', () => {
  const sampleFiles = readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.case.json')).sort();
  const envelope = validatorFor('urn:owh:schema:case-envelope:1');

  it('has one sample per form and one per item whose case differs, with unique case ids', () => {
    expect(sampleFiles.filter((f) => !ITEM_SAMPLE.test(f)).map((f) => f.replace(/\.case\.json$/, ''))).toEqual(formIds);
    expect(sampleFiles.filter((f) => ITEM_SAMPLE.test(f))).toEqual(['nrp-construction-planning-permit.XK00303002.case.json']);
    const ids = sampleFiles.map((f) => jsonFile(join(ROOT, 'samples', f)).caseId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(sampleFiles)('%s is a valid envelope whose form is valid against its item\'s form', (file) => {
    const sample = jsonFile(join(ROOT, 'samples', file));
    const itemSample = ITEM_SAMPLE.exec(file);
    const formId = itemSample ? itemSample[1] : file.replace(/\.case\.json$/, '');
    if (itemSample) expect(sample.itemCode).toBe(itemSample[2]);
    expect(errorsOf(envelope, sample)).toEqual([]);
    const item = itemByCode.get(sample.itemCode);
    expect(item?.form).toBe(formId);
    expect(errorsOf(formValidator(formId), sample.form)).toEqual([]);
    for (const m of sample.materials) {
      const bytes = Buffer.from(m.content, 'base64');
      expect(bytes.length).toBe(m.size);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(m.sha256);
    }
    for (const t of item.targets) {
      const system = systemById.get(t.system);
      if (system.instances) expect(Object.keys(system.instances)).toContain(sample.jurisdiction);
    }
  });
});

describe('demo city mappings', () => {
  const mappingFiles = filesUnder(join(CATALOG, 'mappings'), 'mapping.yaml');
  const mappingSchema = validatorFor('urn:owh:schema:mapping:1');
  const resultSchema = validatorFor('urn:owh:schema:result:1');

  /** What a mapping folder is for, by where it is: mappings/<system>/<what>/… */
  const roleOf = (file: string): string => file.slice(CATALOG.length + 1).split('/')[2];

  it('has a request mapping for every target of every item, of every adapter kind, and no other', () => {
    const needed = new Set<string>();
    for (const i of items.items) {
      const targets = [i.targets, ...Object.values<Json>(i.jurisdictions ?? {}).map((v) => v.targets)].flat();
      for (const t of targets) needed.add(join(CATALOG, t.mapping ?? join('mappings', t.system, 'request', i.form), 'mapping.yaml'));
    }
    const requests = mappingFiles.filter((f) => roleOf(f) === 'request');
    expect(requests.sort()).toEqual([...needed].sort());
    expect(new Set(mappingFiles.map(roleOf))).toEqual(new Set(['request', 'response', 'result', 'opinion', 'supplement', 'certificate']));
  });

  it.each(mappingFiles.map((f) => [f.slice(CATALOG.length + 1), f]))('%s is a valid mapping whose files exist', (_, file) => {
    const mapping = yamlFile(file);
    expect(errorsOf(mappingSchema, mapping)).toEqual([]);
    const dir = dirname(file);
    for (const table of Object.values<Json>(mapping.codeTables ?? {})) {
      if (!table.$file) continue;
      const path = resolve(dir, table.$file);
      expect(existsSync(path)).toBe(true);
      for (const v of Object.values(yamlFile(path))) expect(typeof v).toBe('string');
    }
    if (mapping.target?.schema) expect(existsSync(resolve(dir, mapping.target.schema))).toBe(true);
    expect(readdirSync(join(dir, 'fixtures')).filter((f) => f.endsWith('.expected.json')).length).toBeGreaterThan(0);

    const fixtures = readdirSync(join(dir, 'fixtures')).filter((f) => f.endsWith('.input.json'));
    const role = roleOf(file);
    for (const input of fixtures) {
      const expected = jsonFile(join(dir, 'fixtures', input.replace('.input.json', '.expected.json')));
      const source = jsonFile(join(dir, 'fixtures', input));
      if (role === 'request') {
        // The form's sample, or an item's own sample with the data the hub fetched for it.
        const { shared, ...sample } = source;
        const own = existsSync(join(ROOT, 'samples', `${mapping.form}.${sample.itemCode}.case.json`)) ? `${mapping.form}.${sample.itemCode}.case.json` : undefined;
        expect(sample).toEqual(jsonFile(join(ROOT, 'samples', own ?? `${mapping.form}.case.json`)));
        const item = itemByCode.get(sample.itemCode);
        if (item.lookups) expect(Object.keys(shared).sort()).toEqual(item.lookups.map((l: Json) => l.name).sort());
        else expect(shared).toBeUndefined();
        expect(errorsOf(apiValidator(resolve(dir, mapping.target.schema)), expected)).toEqual([]);
      } else if (role === 'opinion' || role === 'supplement') {
        expect(mapping.kind).toBe(role);
        expect(source.caseId).toMatch(/^NB[0-9]{13}$/);
        expect(expected.ywlsh).toBe(source.caseId);
      } else if (role === 'certificate') {
        expect(['lookup', 'answer']).toContain(mapping.kind);
        expect(Object.keys(expected).length).toBeGreaterThan(0);
      } else if (mapping.kind === 'result') {
        expect(errorsOf(resultSchema, expected)).toEqual([]);
        // Results a connector brings back itself must name their case (the channel may not).
        if (!isRest(mapping.system)) expect(expected.caseId).toMatch(/^NB[0-9]{13}$/);
      } else {
        expect(typeof expected.receipt).toBe('string');
      }
    }
    if (mapping.kind === 'result') expect(fixtures.sort()).toEqual(['acceptance.input.json', 'completion.input.json', 'rejection.input.json', 'supplement.input.json']);
    if (role === 'opinion') expect(fixtures.sort()).toEqual(['agree.input.json', 'disagree.input.json', 'more-material.input.json']);
  });
});

describe('demo city mappings run by the mapping engine', () => {
  const folders = findMappingFolders(join(CATALOG, 'mappings'));

  it('finds every mapping folder', () => {
    expect(folders).toHaveLength(filesUnder(join(CATALOG, 'mappings'), 'mapping.yaml').length);
  });

  it.each(folders.map((f) => [f.slice(CATALOG.length + 1), f]))('%s: the engine produces the expected output of every fixture', (_, folder) => {
    const results = runMappingFixtures(loadMapping(folder));
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => !r.passed).map((r) => ({ fixture: r.fixture, error: r.error, differences: r.differences }))).toEqual([]);
  });
});

describe('demo city code tables and simulators', () => {
  it('has flat code tables of strings', () => {
    const dir = join(CATALOG, 'code-tables');
    const tables = Object.fromEntries(readdirSync(dir).map((f) => [f.replace(/\.yaml$/, ''), yamlFile(join(dir, f))]));
    for (const table of Object.values<Json>(tables)) for (const v of Object.values(table)) expect(typeof v).toBe('string');
    expect(tables.gender).toEqual({ M: '1', F: '2' });
    expect(tables['id-type']).toEqual({ 'resident-id': '111', passport: '414', 'hk-macao-permit': '516', 'taiwan-permit': '511', 'foreign-permanent-resident': '553', 'credit-code': '001' });
    expect(tables.channel).toEqual({ window: '1', web: '2', app: '3', kiosk: '4' });
    for (const d of districts.districts) expect(tables['district-names'][d.code]).toBe(d.name);
  });

  it('has one simulator per system, with the settings of its kind', () => {
    const sims = yamlFile(join(ROOT, 'simulators.yaml')).simulators;
    expect(sims.map((s: Json) => s.system)).toEqual(systems.systems.map((s: Json) => s.id));
    for (const s of sims) {
      const system = systemById.get(s.system);
      if (system.adapter === 'rest') expect(['gov', 'open']).toContain(s.dialect);
      else expect(Object.keys(s[system.adapter])).not.toHaveLength(0);
      expect(s.receiptPrefix).toMatch(/^[A-Z]+$/);
      expect(s.completion.approveShare).toBeGreaterThan(0);
    }
    // A SOAP simulator returns its results the way the connector expects them.
    for (const s of sims.filter((x: Json) => systemById.get(x.system).adapter === 'soap')) {
      expect(s.soap.results).toBe(systemById.get(s.system).connector.poll ? 'poll' : 'push');
    }
  });
});
