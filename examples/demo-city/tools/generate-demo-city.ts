/**
 * Generates the demo city (examples/demo-city): Ningbo's phase 1 with 11 departments,
 * 14 systems, 118 service items and 59 e-forms; the request, response and result mappings of its
 * REST systems with their fixtures; one sample case per form; the simulators' settings; and the
 * README. Deterministic: the same files on every run.
 *
 *   npx tsc -p tsconfig.build.json && node dist/examples/demo-city/tools/generate-demo-city.js
 *
 * The data lives in city.ts (departments, districts, systems, code tables), fields.ts (the form
 * field dictionary), forms.ts (forms and items); mappings.ts keeps every mapping rule beside the
 * code that computes its expected output.
 */
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageRoot } from '../../../src/util/package-root';
import { CODE_TABLES, DEPARTMENTS, DISTRICTS, instancePort, LOCAL_DISTRICTS, SYSTEMS, SystemDef, systemById, upperSnake, baseUrl, CITY } from './city';
import { residentId } from './people';
import { CERTIFICATE_LOOKUP, isRest, itemMappings, ITEMS, requestMappings } from './catalog';
import { FieldDef } from './fields';
import { FORMS } from './forms';
import {
  BuiltMapping,
  certificateAnswerMapping,
  certificateRequestMapping,
  csvColumns,
  itemRequestMapping,
  operationPath,
  opinionFixtures,
  opinionMapping,
  requestMapping,
  responseFixture,
  responseMapping,
  resultFixtures,
  resultMapping,
  SOAP_MESSAGE_OPERATIONS,
  supplementFixture,
  supplementMapping,
} from './mappings';
import { wsdlOf } from './wsdl';
import { buildItemSamples, buildSamples, CaseEnvelope, formFields } from './samples';
import { lookUpInsurance } from '../simulators/social-insurance-register';
import { apiSchema, formSchema } from './schemas';
import { header, REGENERATE, writeJson, writeText, writeYaml, writtenFiles } from './write';

const ROOT = join(packageRoot(), 'examples', 'demo-city');
const CATALOG = join(ROOT, 'catalog');

const MAPPING_STYLE = { flow: ['transform', 'when', 'target'], flowEntries: ['codeTables'] };

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`demo city: ${message}`);
}

/** The facts the demo city promises (mission.md, phase 1), checked before anything is written. */
function checkInvariants(): void {
  check(DEPARTMENTS.length === 11, `11 departments, not ${DEPARTMENTS.length}`);
  check(SYSTEMS.length === 14, `14 systems, not ${SYSTEMS.length}`);
  check(FORMS.length === 59, `59 forms, not ${FORMS.length}`);
  check(ITEMS.length === 118, `118 items, not ${ITEMS.length}`);
  check(new Set(ITEMS.map((i) => i.code)).size === ITEMS.length, 'item codes are unique');
  check(new Set(FORMS.map((f) => f.id)).size === FORMS.length, 'form ids are unique');
  for (const form of FORMS) {
    const fields = formFields(form);
    check(fields.length >= 6, `form ${form.id} has at least 6 fields`);
    check(new Set(fields.map((f) => f.gov)).size === fields.length, `form ${form.id}: gov names are unique`);
    check(!fields.some((f) => f.gov === 'lxrxx'), `form ${form.id}: lxrxx is reserved for the contact concat`);
  }
  const threeRest = ITEMS.filter((i) => i.targets.length === 3 && i.targets.every((t) => isRest(t.system)));
  const twoRest = ITEMS.filter((i) => i.targets.length === 2 && i.targets.every((t) => isRest(t.system)));
  check(threeRest.length >= 6, `at least 6 items with three REST targets, not ${threeRest.length}`);
  check(twoRest.length >= 6, `at least 6 items with two REST targets, not ${twoRest.length}`);
  for (const item of ITEMS) {
    for (const [district, variant] of Object.entries(item.jurisdictions ?? {})) {
      check(LOCAL_DISTRICTS.some((d) => d.code === district), `${item.code}: jurisdiction ${district} is a district of the city`);
      check(variant.targets.filter((t) => t.role === 'lead').length === 1, `${item.code}: the targets of ${district} have one lead`);
    }
    if (item.parallel) check(item.targets.length > 1, `${item.code}: parallel rules only for an item with co-handlers`);
    for (const lookup of item.lookups ?? []) check(SYSTEMS.some((x) => x.id === lookup.system && x.soap?.certificate), `${item.code}: lookup ${lookup.name} from a system that answers it`);
  }
}

/** Systems that take the hub's messages about cases (a co-handler's opinion, a supplement): every REST and SOAP system, and the file drops. */
function takesMessages(system: SystemDef): boolean {
  return system.adapter !== 'amqp';
}

/**
 * Systems whose opinion and supplement messages are renamed into their dialect by a mapping: the
 * gov-dialect ones (REST, SOAP, XML file drop). Open-dialect systems take the hub's documents as
 * they are; culture-licensing's CSV layout is its case row's, which holds no opinion.
 */
function hasMessageMappings(system: SystemDef): boolean {
  return takesMessages(system) && system.dialect === 'gov' && system.file?.format !== 'csv';
}

// ---- catalog lists ----

function writeDepartments(): void {
  writeYaml(join(CATALOG, 'departments.yaml'), { departments: DEPARTMENTS.map((d) => ({ ...d })) }, header('The demo city\'s departments (部门): the 11 city departments of phase 1.'));
}

function writeDistricts(): void {
  writeYaml(
    join(CATALOG, 'districts.yaml'),
    { city: CITY.code, districts: DISTRICTS.map((d) => ({ ...d })) },
    [
      ...header('Ningbo and its districts (GB/T 2260).'),
      '江东区 (330204) was merged into 鄞州区 and 奉化市 (330283) became 奉化区 on 2016-09-30;',
      'their codes live on in older ID numbers and documents, so they stay as aliases.',
    ],
    { flowEntries: ['aliases'] },
  );
}

function secret(env: string, demoValue: string): { env: string; demoValue: string } {
  return { env, demoValue };
}

function restConnector(system: SystemDef, withBaseUrl: boolean): Record<string, unknown> {
  return {
    ...(withBaseUrl ? { baseUrl: baseUrl(system) } : {}),
    path: system.path,
    method: 'POST',
    headers: { Accept: 'application/json' },
    auth: { type: 'bearer', token: secret(`OWH_${upperSnake(system.id)}_TOKEN`, `demo-token-${system.id}`) },
    timeoutMs: 10000,
    operations: {
      opinion: { method: 'POST', path: operationPath(system, 'opinion') },
      supplement: { method: 'POST', path: operationPath(system, 'supplement') },
    },
  };
}

/** The mappings of the messages a system takes, for its systems.yaml entry. */
function messageMappings(system: SystemDef): Record<string, string> {
  return hasMessageMappings(system) ? { opinionMapping: `mappings/${system.id}/opinion`, supplementMapping: `mappings/${system.id}/supplement` } : {};
}

/** File names of a file-drop system's messages, in its own words: 协办意见 XBYJ_, 补正材料 BZCL_. */
const FILE_MESSAGE_NAMES = { opinion: 'XBYJ_{caseId}_{key}.{ext}', supplement: 'BZCL_{caseId}_{key}.{ext}' };

function systemEntry(system: SystemDef): Record<string, unknown> {
  const results = {
    token: secret(`OWH_RESULT_TOKEN_${upperSnake(system.id)}`, `demo-result-token-${system.id}`),
    mapping: `mappings/${system.id}/result`,
  };
  const head = { id: system.id, name: system.name, department: system.department, adapter: system.adapter };
  switch (system.adapter) {
    case 'rest': {
      const description = system.perDistrict
        ? `REST, ${system.dialect} dialect, one instance per district (the case's jurisdiction picks it); simulators on ports ${system.perDistrict.firstPort}–${system.perDistrict.firstPort + LOCAL_DISTRICTS.length - 1}.`
        : `REST, ${system.dialect} dialect; simulator on port ${system.port}.`;
      return {
        ...head,
        description,
        connector: restConnector(system, !system.perDistrict),
        ...(system.perDistrict
          ? {
              instances: Object.fromEntries(
                LOCAL_DISTRICTS.map((d) => [d.code, { name: `${d.name}${system.name}`, connector: { baseUrl: baseUrl(system, d.code) } }]),
              ),
            }
          : {}),
        results,
        responseMapping: `mappings/${system.id}/response`,
        ...messageMappings(system),
      };
    }
    case 'soap': {
      const soap = system.soap!;
      return {
        ...head,
        description:
          `SOAP ${soap.version} web service from its WSDL (wsdl/${system.id}.wsdl), WS-Security UsernameToken; simulator on port ${system.port}. ` +
          (soap.results === 'poll'
            ? 'Results are polled: the hub calls QueryResults.'
            : 'Results are pushed: the system calls the hub\'s SOAP callback (SubmitResult, /soap/results) with its id and result token.'),
        connector: {
          wsdl: `wsdl/${system.id}.wsdl`,
          endpoint: `http://127.0.0.1:${system.port}${soap.endpointPath}`,
          service: soap.service,
          port: soap.port,
          operation: soap.operation,
          operations: { ...SOAP_MESSAGE_OPERATIONS, ...(soap.certificate ? { certificate: soap.certificate } : {}) },
          auth: { type: 'wsSecurity', username: 'owh', password: secret(`OWH_${upperSnake(system.id)}_SOAP_PASSWORD`, `demo-soap-${system.id}`) },
          timeoutMs: 10000,
          health: { operation: 'Ping' },
          ...(soap.results === 'poll' ? { poll: { operation: 'QueryResults', intervalMs: 2000, args: { maxCount: 100 }, resultsPath: 'results.result' } } : {}),
        },
        results,
        responseMapping: `mappings/${system.id}/response`,
        ...messageMappings(system),
      };
    }
    case 'file': {
      const file = system.file!;
      const drop = `../../../data/demo-city/drop/${system.id}`;
      const ext = file.format;
      return {
        ...head,
        description:
          `File drop: each case ${ext === 'xml' ? 'an' : 'a'} ${ext.toUpperCase()} file${file.encoding ? ` in ${file.encoding.toUpperCase()}` : ''} in outbox (data/demo-city/drop/${system.id}/outbox, which the department's side creates); ` +
          `its results are ${ext.toUpperCase()} files ${file.resultPrefix}*.${ext} in inbox, picked up by the hub.`,
        connector: {
          outbox: `${drop}/outbox`,
          inbox: `${drop}/inbox`,
          format: file.format,
          ...(file.encoding ? { encoding: file.encoding } : {}),
          ...(file.xml ? { xml: { root: `${file.xml.prefix}:${file.xml.root}`, namespaces: { [file.xml.prefix]: file.xml.namespace } } } : {}),
          ...(file.format === 'csv' ? { csv: { columns: csvColumns(systemFields(system)).map((c) => ({ ...c })) } } : {}),
          fileName: file.fileName,
          operations: { opinion: { fileName: FILE_MESSAGE_NAMES.opinion }, supplement: { fileName: FILE_MESSAGE_NAMES.supplement } },
          results: {
            pattern: `${file.resultPrefix}*.${ext}`,
            format: file.format,
            ...(file.encoding ? { encoding: file.encoding } : {}),
            pollIntervalMs: 1000,
            stableMs: 500,
          },
          timeoutMs: 10000,
        },
        results,
        responseMapping: `mappings/${system.id}/response`,
        ...messageMappings(system),
      };
    }
    case 'amqp': {
      const amqp = system.amqp!;
      return {
        ...head,
        description: `AMQP 0-9-1 (RabbitMQ on 127.0.0.1:5672): cases published to the ${amqp.exchange} exchange with routing key ${amqp.routingKey} (the department's queue ${amqp.queue} is bound to it), results consumed from ${amqp.replyQueue}.`,
        connector: {
          url: 'amqp://127.0.0.1:5672',
          username: 'guest',
          password: secret('OWH_AMQP_PASSWORD', 'guest'),
          exchange: amqp.exchange,
          routingKey: amqp.routingKey,
          replyQueue: amqp.replyQueue,
          confirmTimeoutMs: 10000,
        },
        results,
        responseMapping: `mappings/${system.id}/response`,
      };
    }
  }
}

function writeSystems(): void {
  writeYaml(
    join(CATALOG, 'systems.yaml'),
    { systems: SYSTEMS.map(systemEntry) },
    [
      ...header('The demo city\'s department systems (部门自建系统): 8 REST, 3 SOAP, 2 file drop, 1 AMQP.'),
      'Secrets are named by environment variable; a demoValue stands in only when the hub listens on loopback.',
    ],
    { flow: ['token', 'password', 'headers', 'health', 'poll', 'xml'], flowEntries: ['instances', 'columns', 'operations'] },
  );
}

function writeItems(): void {
  const comments = new Map<number, string>();
  DEPARTMENTS.forEach((d) => {
    const first = ITEMS.findIndex((i) => i.department === d.id);
    if (first >= 0) comments.set(first, `${d.name}（${d.id}）`);
  });
  writeYaml(
    join(CATALOG, 'items.yaml'),
    {
      items: ITEMS.map((i) => ({
        code: i.code,
        name: i.name,
        department: i.department,
        form: i.form,
        timeLimitDays: i.timeLimitDays,
        level: i.level,
        phase: i.phase,
        targets: i.targets.map((t) => ({ ...t })),
        ...(i.jurisdictions
          ? { jurisdictions: Object.fromEntries(Object.entries(i.jurisdictions).map(([d, v]) => [d, { targets: v.targets.map((t) => ({ ...t })) }])) }
          : {}),
        ...(i.parallel ? { parallel: { ...i.parallel } } : {}),
        ...(i.lookups ? { lookups: i.lookups.map((l) => ({ ...l })) } : {}),
      })),
    },
    [
      ...header('The demo city\'s service items (事项): the 118 items of phase 1.'),
      'Code: type of power + main item (department no. × 100 + form no.) + sub-item. The first target is the lead (牵头).',
      'parallel: how a parallel approval comes to its result (default: after all opinions, any refusal refuses);',
      'jurisdictions: lead and co-handlers for cases of a district; lookups: data fetched from another department first (数据共享).',
    ],
    { flow: ['parallel'], flowEntries: ['targets'], comments: { list: 'items', byIndex: comments } },
  );
}

function writeCodeTables(): void {
  for (const [name, { description, table }] of Object.entries(CODE_TABLES)) {
    writeYaml(join(CATALOG, 'code-tables', `${name}.yaml`), { ...table }, [...header(`Code table ${name}.`), description]);
  }
}

// ---- forms, APIs, mappings, samples ----

function writeForms(): void {
  for (const form of FORMS) {
    writeJson(join(CATALOG, 'forms', `${form.id}.schema.json`), formSchema(form, formFields(form), ITEMS.filter((i) => i.form === form.id)));
  }
}

function writeMapping(folder: string, built: BuiltMapping, title: string, fixtures: Record<string, unknown>): void {
  writeYaml(join(folder, 'mapping.yaml'), built.doc, [...header(title), 'Its fixtures/*.expected.json are computed by the generator, independently of the mapping engine.'], MAPPING_STYLE);
  for (const [name, input] of Object.entries(fixtures)) {
    writeJson(join(folder, 'fixtures', `${name}.input.json`), input);
    writeJson(join(folder, 'fixtures', `${name}.expected.json`), built.expected(input));
  }
}

/** Every form field some request mapping sends the system (the union over its forms, in form order). */
function systemFields(system: SystemDef): FieldDef[] {
  const fields = new Map<string, FieldDef>();
  for (const ref of requestMappings().filter((r) => r.system.id === system.id)) for (const f of formFields(ref.form)) fields.set(f.key, f);
  const list = [...fields.values()];
  check(new Set(list.map((f) => f.gov)).size === list.length, `${system.id}: the gov names of its forms' fields are unique`);
  return list;
}

/** The lookup's answer for a sample's applicant, as the hub keeps it (shared.<name>): the register's answer on the sample's day, through the answer mapping. */
function sharedFor(sample: CaseEnvelope): { answer: unknown; kept: Record<string, unknown> } {
  const applicant = sample.applicant as { idNumber: string; name: string };
  const register = lookUpInsurance(applicant.idNumber, applicant.name, new Date(`${sample.submittedAt.slice(0, 10)}T10:00:00+08:00`));
  const answer = { status: 200, body: { ...register, code: '0000', msg: register.found ? '查询成功' : '未查询到参保记录' } };
  return { answer, kept: certificateAnswerMapping().expected(answer) };
}

function writeApisAndMappings(samples: Map<string, CaseEnvelope>, itemSamples: Map<string, CaseEnvelope>): void {
  const refs = requestMappings();
  const itemRefs = itemMappings();
  rmSync(join(CATALOG, 'wsdl'), { recursive: true, force: true });
  for (const system of SYSTEMS) {
    rmSync(join(CATALOG, 'mappings', system.id), { recursive: true, force: true });
    const mine = refs.filter((r) => r.system.id === system.id);
    const fields = systemFields(system);
    const columns = system.file?.format === 'csv' ? csvColumns(fields) : undefined;
    const shared = itemRefs.some((r) => r.system.id === system.id) ? SHARED_CERTIFICATE : undefined;
    writeJson(join(CATALOG, 'api', `${system.id}.schema.json`), apiSchema(system, fields, columns, shared));
    if (system.soap) writeText(join(CATALOG, 'wsdl', `${system.id}.wsdl`), wsdlOf(system, fields));

    for (const ref of mine) {
      const sample = samples.get(ref.form.id)!;
      check(ref.items.some((i) => i.code === sample.itemCode), `the sample of ${ref.form.id} is for an item that reaches ${system.id}`);
      writeMapping(
        join(CATALOG, 'mappings', system.id, 'request', ref.form.id),
        requestMapping(ref, formFields(ref.form)),
        `Request mapping: ${ref.form.title} → ${system.name}.`,
        { sample },
      );
    }
    // The system's answers are about one of its own cases.
    const fixtureForm = system.fixture?.form ?? mine[0].form.id;
    check(mine.some((r) => r.form.id === fixtureForm), `${system.id}'s fixture form ${fixtureForm} is one it receives`);
    const sample = samples.get(fixtureForm)!;
    writeMapping(join(CATALOG, 'mappings', system.id, 'response'), responseMapping(system), `Response mapping: ${system.name}'s answer to a delivery → {receipt}.`, {
      sample: responseFixture(system, sample),
    });
    const urlBase = system.perDistrict ? baseUrl(system, sample.jurisdiction) : system.port ? baseUrl(system) : '';
    writeMapping(
      join(CATALOG, 'mappings', system.id, 'result'),
      resultMapping(system),
      `Result mapping: what ${system.name} ${system.adapter === 'rest' ? 'posts' : 'sends back'} → the hub's result (schemas/result.schema.json).`,
      resultFixtures(system, sample, urlBase),
    );

    for (const ref of itemRefs.filter((r) => r.system.id === system.id)) {
      const item = ref.items[0];
      const itemSample = itemSamples.get(item.code);
      check(itemSample !== undefined, `item ${item.code} with its own request mapping has its own sample`);
      const lookup = item.lookups?.[0];
      check(lookup !== undefined, `item ${item.code}: its own request mapping reads a lookup`);
      writeMapping(
        join(CATALOG, ref.folder),
        itemRequestMapping(ref, formFields(ref.form), lookup!),
        `Request mapping: ${ref.form.title} → ${system.name}, for ${item.code} ${item.name} (with the shared ${lookup!.name}).`,
        { sample: { ...itemSample!, shared: { [lookup!.name]: sharedFor(itemSample!).kept } } },
      );
    }

    if (hasMessageMappings(system)) {
      // The opinion of a co-handler of an item this system leads (any other system's, if it leads none).
      const led = ITEMS.find((i) => i.targets[0].system === system.id && i.targets.length > 1);
      const coHandler = led ? systemById(led.targets[1].system) : SYSTEMS.find((x) => x.id !== system.id && x.department !== system.department)!;
      const department = DEPARTMENTS.find((d) => d.id === coHandler.department)!;
      const caseId = sample.caseId;
      const itemCode = led?.code ?? sample.itemCode;
      writeMapping(
        join(CATALOG, 'mappings', system.id, 'opinion'),
        opinionMapping(system),
        `Opinion mapping: a co-handler's opinion (the hub's OpinionDocument) → ${system.name} as the lead department.`,
        opinionFixtures(caseId, itemCode, { system: coHandler.id, department: department.id, departmentName: department.name, receiptPrefix: coHandler.receiptPrefix ?? 'SJ' }),
      );
      writeMapping(
        join(CATALOG, 'mappings', system.id, 'supplement'),
        supplementMapping(system),
        `Supplement mapping: material the applicant supplied after a request for more (the hub's SupplementDocument) → ${system.name}.`,
        { sample: supplementFixture(caseId, itemCode, coHandler.id) },
      );
    }
  }

  // The certificate lookup (数据共享): for the sample of the item that uses it, and for someone the register does not know.
  const lookupSample = itemSamples.get(ITEMS.find((i) => i.lookups?.some((l) => l.name === CERTIFICATE_LOOKUP.name))!.code)!;
  const stranger = { ...lookupSample, applicant: { ...lookupSample.applicant, name: '查无此人', idNumber: STRANGER_ID } };
  writeMapping(join(CATALOG, CERTIFICATE_LOOKUP.request), certificateRequestMapping(CERTIFICATE_LOOKUP), 'Lookup request mapping: a case → 社会保险业务系统 QueryCertificate (参保证明查询).', {
    sample: lookupSample,
  });
  writeMapping(join(CATALOG, CERTIFICATE_LOOKUP.answer), certificateAnswerMapping(), 'Lookup answer mapping: 社会保险业务系统\'s certificate → what the hub keeps (an allow-list).', {
    insured: sharedFor(lookupSample).answer,
    'not-found': sharedFor(stranger).answer,
  });
}

/** An ID number with a correct check character that the simulated register does not know. */
const STRANGER_ID = (() => {
  for (let seq = 1; seq < 999; seq += 2) {
    const id = residentId('330281', '1975-06-01', seq);
    if (!lookUpInsurance(id, '查无此人').found) return id;
  }
  throw new Error('demo city: no ID number the register does not know');
})();

/** What nrp-land takes besides a case's form: the shared social insurance certificate (sbzm). */
const SHARED_CERTIFICATE = {
  sbzm: {
    title: '社会保险参保证明（数据共享，由人力社保局社会保险业务系统提供）',
    type: 'object',
    required: ['cbzt'],
    additionalProperties: false,
    properties: {
      sbzmbh: { title: '参保证明编号', type: 'string' },
      cbzt: { title: '参保状态：1 正常参保，0 未参保', type: 'string', enum: ['0', '1'] },
      jfys: { title: '累计缴费月数', type: 'integer', minimum: 0 },
      yxqz: { title: '证明有效期至（YYYYMMDD）', type: 'string', pattern: '^[0-9]{8}$' },
      sjly: { title: '数据来源', type: 'string' },
    },
  },
};

function writeSamples(samples: Map<string, CaseEnvelope>, itemSamples: Map<string, CaseEnvelope>): void {
  for (const [formId, sample] of samples) writeJson(join(ROOT, 'samples', `${formId}.case.json`), sample);
  for (const [code, sample] of itemSamples) {
    const item = ITEMS.find((i) => i.code === code)!;
    writeJson(join(ROOT, 'samples', `${item.form}.${code}.case.json`), sample);
  }
}

/** A system's entry in simulators.yaml: how the demo city's copy of it behaves. */
function simulatorEntry(s: SystemDef): Record<string, unknown> {
  const common = { system: s.id, dialect: s.dialect, receiptPrefix: s.receiptPrefix, completion: { approveShare: 0.9 } };
  switch (s.adapter) {
    case 'rest':
      return common;
    case 'soap':
      return { ...common, soap: { results: s.soap!.results } };
    case 'file': {
      const xml = s.file!.xml;
      return {
        ...common,
        file: {
          resultPrefix: s.file!.resultPrefix,
          archiveFolder: 'imported',
          ...(xml ? { resultRoot: `${xml.prefix}:${xml.resultRoot}`, resultNamespaces: { [xml.prefix]: xml.resultNamespace } } : {}),
        },
      };
    }
    case 'amqp':
      return { ...common, amqp: { queue: s.amqp!.queue } };
  }
}

function writeSimulators(): void {
  writeYaml(
    join(ROOT, 'simulators.yaml'),
    { simulators: SYSTEMS.map(simulatorEntry) },
    [
      ...header('Settings of the demo city\'s department simulators (one per system; ports, folders and queues from systems.yaml).'),
      'approveShare: the share of accepted cases the simulator approves; the rest it denies, with a reason.',
      'soap.results: poll (the hub calls QueryResults) or push (the simulator calls the hub\'s SOAP callback); it must match systems.yaml.',
      'file: resultPrefix of the result files it writes into the inbox (XML ones under resultRoot); archiveFolder (inside the outbox) where it moves the case files it has read.',
      'amqp.queue: the department\'s own queue, bound to the connector\'s exchange with its routing key.',
    ],
    { flow: ['completion', 'soap', 'file', 'amqp', 'resultNamespaces'] },
  );
}

// ---- README ----

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function writeReadme(samples: Map<string, CaseEnvelope>, itemSamples: Map<string, CaseEnvelope>): void {
  const dept = (id: string): string => DEPARTMENTS.find((d) => d.id === id)?.name ?? id;
  const ports = (s: SystemDef): string =>
    s.perDistrict ? `${s.perDistrict.firstPort}–${s.perDistrict.firstPort + LOCAL_DISTRICTS.length - 1} (per district)` : s.port ? String(s.port) : '—';
  const format = (s: SystemDef): string => {
    switch (s.adapter) {
      case 'soap':
        return `SOAP ${s.soap!.version}, gov`;
      case 'file':
        return s.file!.format === 'xml' ? `XML \`<${s.file!.xml!.prefix}:${s.file!.xml!.root}>\`, gov` : `CSV ${s.file!.encoding?.toUpperCase() ?? 'UTF-8'}, gov (one row)`;
      case 'amqp':
        return `JSON, ${s.dialect}`;
      default:
        return `JSON, ${s.dialect}`;
    }
  };
  const where = (s: SystemDef): string => {
    switch (s.adapter) {
      case 'soap':
        return `${s.port} \`${s.soap!.endpointPath}\``;
      case 'file':
        return `\`data/demo-city/drop/${s.id}/\` \`outbox/\`, \`inbox/\``;
      case 'amqp':
        return `broker 127.0.0.1:5672, exchange \`${s.amqp!.exchange}\`, key \`${s.amqp!.routingKey}\``;
      default:
        return ports(s);
    }
  };
  const resultsWay = (s: SystemDef): string => {
    switch (s.adapter) {
      case 'soap':
        return s.soap!.results === 'poll' ? 'polled: the hub calls `QueryResults`' : 'pushed: it calls the hub\'s SOAP callback `SubmitResult` (`/soap/results`)';
      case 'file':
        return `picked up: \`${s.file!.resultPrefix}*.${s.file!.format}\` files in \`inbox/\``;
      case 'amqp':
        return `consumed: replies on \`${s.amqp!.replyQueue}\``;
      default:
        return 'posted to `/api/v1/cases/{caseId}/results`';
    }
  };
  const systemsTable = table(
    ['id', 'system', 'department', 'adapter', 'format, dialect', 'where', 'results come back'],
    SYSTEMS.map((s) => [`\`${s.id}\``, s.name, dept(s.department), s.adapter, format(s), where(s), resultsWay(s)]),
  );
  const soapSystems = SYSTEMS.filter((s) => s.soap);
  const fileSystems = SYSTEMS.filter((s) => s.file);
  const amqpSystem = SYSTEMS.find((s) => s.amqp)!;
  const multi = ITEMS.filter((i) => i.targets.length > 1);
  const parallelTable = table(
    ['code', 'item', 'lead (牵头)', 'co-handlers (协办)'],
    multi.map((i) => {
      const [lead, ...co] = i.targets;
      const label = (id: string): string => `\`${id}\`${isRest(id) ? '' : ` (${SYSTEMS.find((s) => s.id === id)?.adapter})`}`;
      return [i.code, i.name, label(lead.system), co.map((t) => label(t.system)).join(', ')];
    }),
  );
  const marriage = SYSTEMS.find((s) => s.perDistrict)!;
  const instancesTable = table(
    ['district', 'instance', 'base URL'],
    LOCAL_DISTRICTS.map((d) => [`${d.code} ${d.name}`, `${d.name}${marriage.name}`, `http://127.0.0.1:${instancePort(marriage, d.code)}`]),
  );
  const deptCounts = table(
    ['department', 'systems', 'forms', 'items'],
    DEPARTMENTS.map((d) => [
      `${d.name} (\`${d.id}\`)`,
      SYSTEMS.filter((s) => s.department === d.id).map((s) => `\`${s.id}\``).join(', '),
      String(FORMS.filter((f) => f.department === d.id).length),
      String(ITEMS.filter((i) => i.department === d.id).length),
    ]),
  );
  const requestCount = requestMappings().length;
  const firstSample = samples.keys().next().value as string;
  const rulesOf = (i: (typeof ITEMS)[number]): string =>
    `decision \`${i.parallel?.decision ?? 'after-all-opinions'}\`, refusal \`${i.parallel?.refusal ?? 'any-refusal-refuses'}\``;
  const threeDepartments = ITEMS.find((i) => i.code === 'XK00301001')!;
  const rulesTable = table(
    ['code', 'item', 'lead, co-handlers', 'rules'],
    [threeDepartments, ...ITEMS.filter((i) => i.parallel)].map((i) => [i.code, i.name, i.targets.map((t) => `\`${t.system}\``).join(', '), rulesOf(i)]),
  );
  const variants = ITEMS.filter((i) => i.jurisdictions).flatMap((i) =>
    Object.entries(i.jurisdictions!).map(([d, v]) => [
      i.code,
      i.name,
      `${d} ${DISTRICTS.find((x) => x.code === d)?.name ?? ''}`,
      v.targets.map((t) => `\`${t.system}\`${t.role === 'lead' ? ' (lead)' : ''}`).join(', '),
      i.targets.map((t) => `\`${t.system}\``).join(', '),
    ]),
  );
  const variantTable = table(['code', 'item', 'jurisdiction', 'targets there', 'targets elsewhere'], variants);
  const lookupItem = ITEMS.find((i) => i.lookups?.length)!;
  const lookup = lookupItem.lookups![0];
  const lookupSample = itemSamples.get(lookupItem.code)!;
  const lookupTarget = lookupItem.targets.find((t) => t.mapping)!;
  const messageRows = SYSTEMS.filter(takesMessages).map((x) => {
    const where =
      x.adapter === 'rest'
        ? [`\`POST ${operationPath(x, 'opinion')}\``, `\`POST ${operationPath(x, 'supplement')}\``]
        : x.adapter === 'soap'
          ? [`\`${SOAP_MESSAGE_OPERATIONS.opinion}\``, `\`${SOAP_MESSAGE_OPERATIONS.supplement}\``]
          : [`\`${FILE_MESSAGE_NAMES.opinion}\` in \`outbox/\``, `\`${FILE_MESSAGE_NAMES.supplement}\` in \`outbox/\``];
    const mappings = hasMessageMappings(x)
      ? `\`mappings/${x.id}/opinion\`, \`…/supplement\``
      : x.file?.format === 'csv'
        ? 'none: the file is one row of its case layout, which holds no opinion (see below)'
        : 'the documents as they are';
    return [`\`${x.id}\``, ...where, mappings];
  });
  const messagesTable = table(['system', 'opinion (协办意见)', 'supplement (补正材料)', 'mappings'], messageRows);
  const text = `# The demo city: Ningbo, phase 1

<!-- Generated by examples/demo-city/tools/generate-demo-city.ts: do not edit by hand. -->

The demo city is the data onewindow-hub ships, and what \`npm start\`, the end-to-end tests and the
benchmarks run against. It is modelled on phase 1 of Ningbo's unified acceptance platform
(统一受理平台): the items handled in the city's administrative service centre, which connected
**${DEPARTMENTS.length} city departments, ${SYSTEMS.length} department systems, ${ITEMS.length} service items and ${FORMS.length} e-forms**.
The names, codes and formats are realistic; the people, companies and numbers are invented (their
ID numbers and credit codes carry correct check characters, so intake accepts them).

## What is where

| path | what |
|---|---|
| \`catalog/departments.yaml\` | the ${DEPARTMENTS.length} departments |
| \`catalog/districts.yaml\` | 宁波市 (330200) and its 10 districts, with the retired codes of 江东区 and 奉化市 as aliases |
| \`catalog/systems.yaml\` | the ${SYSTEMS.length} systems: adapter, connector settings, result token and mappings |
| \`catalog/items.yaml\` | the ${ITEMS.length} items: code, form, time limit, level and targets (the first is the lead) |
| \`catalog/forms/<form>.schema.json\` | the ${FORMS.length} e-forms (JSON Schema 2020-12, \`$id\` \`urn:owh:form:<form>:1\`) |
| \`catalog/code-tables/*.yaml\` | code tables shared by the mappings (gender, id types, channels, district names, result codes) |
| \`catalog/api/<system>.schema.json\` | what each system accepts: the target of its request mappings |
| \`catalog/wsdl/<system>.wsdl\` | the WSDLs of the SOAP systems |
| \`catalog/mappings/<system>/request/<form>/\` | ${requestCount} request mappings (case → system), each with \`fixtures/sample.{input,expected}.json\` |
| \`catalog/mappings/<system>/response/\` | the system's answer to a delivery → \`{receipt}\` |
| \`catalog/mappings/<system>/result/\` | what the system posts back → the hub's result, with acceptance, rejection, completion and supplement (补正告知) fixtures |
| \`catalog/mappings/<system>/opinion/\`, \`…/supplement/\` | a co-handler's opinion for the lead, and material supplied later, in the gov dialect (see below) |
| \`catalog/${lookup.request}/\`, \`…/answer/\` | the social insurance certificate lookup (数据共享): what leaves the hub, and what it keeps |
| \`samples/<form>.case.json\` | one valid case per e-form, ready to POST |
| \`samples/<form>.<item>.case.json\` | a case of an item unlike its form's sample (${[...itemSamples.keys()].join(', ')}: a person applicant, for the lookup) |
| \`simulators.yaml\` | settings of the department simulators |
| \`tools/\` | the generator (all of the above comes from it) |
| \`simulators/\` | the department simulators (written by hand; they read \`catalog/\` and \`simulators.yaml\`) |

${deptCounts}

## Systems

${systemsTable}

The REST systems speak one of two dialects, as real department systems do:

- **gov**: pinyin abbreviations (\`ywlsh\` 业务流水号, \`sxbm\` 事项编码, \`sqr\` 申请人, \`slsj\` 受理时间 as
  \`YYYYMMDDHHmmss\`, \`gsd\` 属地, \`qd\` 渠道, \`bdsj\` 表单数据, \`cl\` 材料), national codes (gender \`1\`/\`2\`,
  ID type \`111\`, …), dates \`YYYYMMDD\`, amounts as strings with two decimals. Receipts come back in
  \`data.sjbh\`; results are posted as \`{ywlsh, jglx, jgdm, yj, blr, jgsj, sjbh, wsxx}\`.
- **open**: English (\`applicationNo\`, \`serviceCode\`, \`applicant\`, \`submittedTime\` in RFC 3339,
  \`acceptancePoint\`, \`region\`, \`channel\`, \`formData\`, \`attachments\`), ISO dates, amounts as integers in
  yuan or fen; \`housing-construction\` writes its form fields in snake_case. Receipts come back in
  \`receiptNo\`; results are posted as \`{applicationNo, stage, decision, comment, officer, decidedAt, receiptNo, documents}\`.

The SOAP and file-drop systems speak gov too (culture-licensing's CSV flattens it to one row);
\`transport-permits\` on AMQP speaks open. Each system's request, response and result mappings are
in \`catalog/mappings/<system>/\`. Their result mappings write \`caseId\` (from \`ywlsh\`, \`办件编号\`,
\`applicationNo\` or the callback's \`caseId\`): a polled result or a result file does not say which case it
is for (a reply's \`correlationId\` does, and the two must agree).

### SOAP systems

${soapSystems.map((s) => `- \`${s.id}\` (${s.name}): \`wsdl/${s.id}.wsdl\`, namespace \`${s.soap!.namespace}\`, SOAP ${s.soap!.version}, service \`${s.soap!.service}\`, port \`${s.soap!.port}\`, operation \`${s.soap!.operation}\`${s.soap!.results === 'poll' ? ', \`QueryResults\` polled every 2 s' : ', results pushed to the hub'}.`).join('\n')}

Each WSDL is generated with the rest of the catalog: a submit operation taking the gov envelope
(\`ywlsh\`, \`sxbm\`, \`sxmc\`, \`sqr{…}\`, \`slsj\`, \`sldd{…}\`, \`gsd\`, \`gsdmc\`, \`qd\`, \`bdsj{…}\` with every field of the
system's forms, \`cl[]\`) and answering \`{sjbh, code, msg}\` (the response mapping's receipt is \`sjbh\`),
the idempotency key in the SOAP header \`IdempotencyKey\`, \`ReceiveOpinion\` and \`ReceiveSupplement\` for the hub's
messages about a case (answering \`{sjbh, code, msg}\` too), \`QueryCertificate\` on \`hrss-social-insurance\` (the lookup
below), \`Ping\` for health, and, for the polled systems,
\`QueryResults(maxCount)\` returning \`results/result[]\` of \`{ywlsh, jglx, jgdm, yj, blr, jgsj, sjbh, wsmc, wjm, xzdz, bzclmc, bzclsm}\`
(each result is returned by two polls, then forgotten; the hub stores each once). The hub signs in with
a WS-Security UsernameToken: user \`owh\`, password \`OWH_<SYSTEM>_SOAP_PASSWORD\` (demo value
\`demo-soap-<system>\`). The simulators serve each WSDL with \`soap.listen\` (\`<endpoint>?wsdl\`), refuse a wrong
token with a \`wsse:FailedAuthentication\` fault, apply each key once and answer a repeat with the same \`sjbh\`,
and serve the documents they issue at \`/documents/<file>\`. \`eco-eia\` pushes its results instead: it calls
\`SubmitResult\` on the hub (\`schemas/wsdl/owh-results.wsdl\`) with its id and its result token as UsernameToken.

### File-drop systems

${fileSystems.map((s) => `- \`${s.id}\` (${s.name}): case files \`${s.file!.fileName}\` as ${s.file!.format === 'xml' ? `XML under \`<${s.file!.xml!.prefix}:${s.file!.xml!.root}>\` (\`xmlns:${s.file!.xml!.prefix}="${s.file!.xml!.namespace}"\`), the gov envelope and form` : `${s.file!.encoding?.toUpperCase() ?? 'UTF-8'} CSV, one row under a header of Chinese column names (the envelope, then every single-value field of its forms; tables stay in the materials)`}; results \`${s.file!.resultPrefix}<caseId>_1_sl.${s.file!.format}\` then \`…_2_bj.${s.file!.format}\`${s.file!.format === 'xml' ? ` under \`<${s.file!.xml!.prefix}:${s.file!.xml!.resultRoot}>\`, the document inline (\`wsnr\`, base64)` : ` (\`${'办件编号,结果类型,结果代码,审批意见,经办人,决定时间,收件编号,文书名称,文书文件名'}\`)`}.`).join('\n')}

Folders are \`data/demo-city/drop/<system>/outbox\` and \`…/inbox\` under the repository root (\`data/\` is not in git),
written in \`systems.yaml\` relative to the catalog folder (\`../../../data/…\`). The file adapter never creates an
outbox (an unmounted share must be noticed), so **the simulators create both folders when they start**: they are
the department's side, and \`npm start\` starts them before the hub. A department moves each case file it has
read to \`outbox/imported/\`, applies each case once (a case file written again is a repeat), and writes its result
files under a hidden temporary name first, then renames them; the hub moves what it picked up to \`inbox/processed/\`
(or \`inbox/error/\` with a reason). The response mapping's receipt is the case file's name. A request for more material
is a result file \`…_2_bz\` (\`…_1_bz\` when it comes before the acceptance), so a listing in name order reads a case's
results in the order they were made.

### The AMQP system

\`${amqpSystem.id}\` (${amqpSystem.name}) takes cases from the exchange \`${amqpSystem.amqp!.exchange}\` (direct, durable) with routing key
\`${amqpSystem.amqp!.routingKey}\`, on the RabbitMQ broker at 127.0.0.1:5672 (user \`guest\`, password \`OWH_AMQP_PASSWORD\`, demo
value \`guest\`). Its simulator consumes its own durable queue \`${amqpSystem.amqp!.queue}\` bound to that exchange, applies each
message once by its \`messageId\` (the hub's idempotency key), and publishes its acceptance and then its completion
to the reply queue \`${amqpSystem.amqp!.replyQueue}\` (declared by the hub's connector) with the message's \`correlationId\`,
documents inline (base64). The response mapping's receipt is the \`messageId\`. **Without a broker** the simulator is
skipped with a message naming the broker and how to start it (\`rabbitmq-server -detached\`); the rest of the city
runs, and the hub's deliveries to it wait in the outbox until the broker is there.

### The simulators

\`simulators/index.ts\` \`startSimulators()\` starts all of them (what \`npm start\` and the tests use); \`simulators/main.ts\`
runs them as a process of their own. Besides \`ports\` (\`'*': 0\` for free ports) and \`systems\`, it takes \`kinds\`
(only some adapter kinds), \`dataDir\` (file-drop folders under \`<dataDir>/<system>/\`, for tests) and
\`amqpNamespace\` (prefixes the exchange and queue names, so test fleets on the shared broker never meet);
\`connectorOverrides()\` gives the hub what reaches each simulator (REST \`baseUrl\`, SOAP \`endpoint\`, file
\`outbox\`/\`inbox\`, and the AMQP names only when they were prefixed), \`skipped\` what could not start and why.

Each department decides a case the same way on every run (a PRNG seeded by the case id). A test can **script** one
department's results for one case instead, before the case reaches it:

\`\`\`ts
fleet.script('drc-projects', caseId, { supplement: { reason: '请补正节能报告', materials: [{ name: '节能报告', note: '须加盖公章' }] } });
fleet.script('housing-construction', caseId, { completion: { outcome: 'denied', reason: '不符合规划条件' } });
fleet.script('nrp-land', caseId, { waitForOpinions: 4 });       // the lead: its completion waits for four opinions
const opinions = fleet.opinionsReceived('nrp-land', caseId);       // [{operation, caseId, idempotencyKey, receipt, receivedAt, payload}]
const supplements = fleet.supplementsReceived('drc-projects', caseId);
\`\`\`

\`script(system, caseId, {acceptance?, completion?, supplement?, waitForOpinions?})\` (\`system\`: a system id, every instance of
it, or one connector id) overrides the seeded decisions: \`acceptance\` (\`accepted\` or \`rejected\`, with a \`reason\`),
\`completion\` (\`approved\` or \`denied\`); \`supplement: {reason, materials, stage?}\` posts a request for more material
after the acceptance (\`stage: 'before-acceptance'\`: instead of accepting first), then **waits** until the hub sends the
case's \`supplement\` message, and only then goes on; \`waitForOpinions: n\` holds the completion until n opinions have
come (every opinion message counts: a co-handler's acceptance and its completion are two). Every simulator records
the opinions and supplements it took, once per idempotency key, with the payload as received
(\`opinionsReceived(caseId)\`, \`supplementsReceived(caseId)\` on it and on the fleet; counted in \`stats()\`), and the SOAP
ones the lookups they answered (\`lookupsAnswered()\`). The REST and SOAP simulators show them at
\`GET /__sim/cases/<caseId>/messages\`, and the REST ones take a script at \`POST /__sim/scripts/<caseId>\`. A case waiting for
a supplement or opinions keeps \`settled()\` waiting (up to its timeout).

### One marriage registration system per district

\`civil-marriage\` (${marriage.name}) runs once per district: the case's jurisdiction (属地), not the
place it was accepted, picks the instance. Its marriage items are \`level: district\`.

${instancesTable}

## Parallel approval (并联审批) and other multi-department items

${multi.length} items go to more than one system: all of them at once, the first (the lead) collecting the
co-handlers' results and returning one result. Systems that are not REST are marked with their adapter.

${parallelTable}

### Opinions, supplements and the rules of a parallel approval

Each co-handler's result (its acceptance, its completion, or a request for more material) is the co-handler's
**opinion**: the hub forwards it to the lead's system as a message with operation \`opinion\`. When the applicant
supplies the material a department asked for (\`POST /api/v1/cases/{caseId}/supplements\` on the hub), the hub
sends it with operation \`supplement\` to the departments concerned. Each system takes them the way its connector's
\`operations\` say; gov-dialect systems have them renamed by their \`opinionMapping\` and \`supplementMapping\`
(pinyin: \`xbbm\` 协办部门, \`yjlx\` 意见类型, \`bzcl\` 要求补正的材料, \`bzbh\` 补正编号, …), open-dialect systems
take the hub's documents (src/model/messages.ts) as they are:

${messagesTable}

The file drops' message files are written like their case files (the same format, encoding and layout), named as above; the
simulators read them by those names. \`culture-licensing\`'s CSV layout is its case row's columns, so its opinion and
supplement files say which case they are about and little else, until the file adapter takes a layout per operation.

A request for more material (补正告知) comes back as a result of kind \`supplement\`, outcome \`requested\`, with
\`reason\` and \`materials: [{name, note}]\`; each dialect writes it its own way and its result mapping turns it into that:
gov \`jglx: bz\`, \`jgdm: '05'\`, \`bzcl: [{clmc, sm}]\`; open \`stage: SUPPLEMENT\`, \`decision: REQUESTED\`,
\`requiredMaterials: [{name, note}]\`; the flat results (SOAP \`QueryResults\`, XML files) \`bzclmc\` and \`bzclsm\`, and the
CSV files \`补正材料\` and \`补正说明\`, each list joined by \`；\`; \`eco-eia\` pushes \`SubmitResult\` with \`kind: supplement\`.

How the lead's decision and the co-handlers' opinions make the case's one result is the item's \`parallel\`
setting. \`${threeDepartments.code}\` (${threeDepartments.name}), the three-department parallel approval the tests use,
keeps the defaults; two items set one rule each:

${rulesTable}

### Lead and co-handlers by jurisdiction

An item's \`jurisdictions\` replace its targets for cases of a district (the case's jurisdiction, 属地):

${variantTable}

The sample \`samples/nrp-land-preexamination.case.json\` is a case of 余姚市 (330281), so it goes to all three
departments; give it \`"jurisdiction": "330226"\` to see the variant.

## Data sharing (数据共享): the social insurance certificate

\`${lookupItem.code}\` (${lookupItem.name}, lead \`${lookupItem.targets[0].system}\`) declares a required lookup
\`${lookup.name}\`: before delivering the case, the hub calls \`${lookup.system}\`'s connector with operation
\`${lookup.operation}\` (SOAP \`QueryCertificate\` of \`wsdl/${lookup.system}.wsdl\`), on this legal basis:

> ${lookup.legalBasis}

Purpose: ${lookup.purpose}.

- \`${lookup.request}\`: the request. Of the applicant, only \`idNumber\` and \`name\` leave the hub (with the case id and the
  purpose, which the department records as 查询事由).
- \`${lookup.answer}\`: the answer, an allow-list. The register answers \`{found, code, msg, certificate: {certificateNo, name,
  idNumber, insured, insuranceTypes, monthsPaid, currentEmployer, issuedOn, validUntil}}\`; the hub keeps only \`certificateNo\`,
  \`insured\`, \`monthsPaid\` and \`validUntil\` (not the employer) as \`shared.${lookup.name}\`. Someone the register does not know
  (\`found: false\`, not a fault) is kept as not insured.
- \`${lookupTarget.mapping}\`: the item's own request mapping for \`${lookupTarget.system}\` (\`targets[].mapping\`), its form as
  usual plus \`sbzm\` (社保证明: \`sbzmbh\` 证明编号, \`cbzt\` 参保状态, \`jfys\` 缴费月数, \`yxqz\` 有效期至, \`sjly\` 数据来源).

The simulated register (\`simulators/social-insurance-register.ts\`) answers from the ID number's hash: about four in five
people insured, one in ten known but not insured now, one in ten not found; a number with a wrong check character is never
found. \`samples/${lookupItem.form}.${lookupItem.code}.case.json\` is a villager of 余姚市梁弄镇 (${String((lookupSample.applicant as { name: string }).name)})
whom it knows as insured.

## Try it

\`\`\`sh
npm start    # the hub and the simulators, on 127.0.0.1
curl -s -X POST http://127.0.0.1:8080/api/v1/cases -H 'X-Api-Key: demo-key' -H 'content-type: application/json' \\
     --data-binary @examples/demo-city/samples/${firstSample}.case.json
\`\`\`

Secrets in \`systems.yaml\` are environment variables (\`OWH_<SYSTEM>_TOKEN\`, \`OWH_<SYSTEM>_SOAP_PASSWORD\`,
\`OWH_RESULT_TOKEN_<SYSTEM>\`, \`OWH_AMQP_PASSWORD\`); their \`demoValue\`s are used only when the hub listens on a
loopback address. The simulators read the same variables (else the same demo values), so both sides agree.

## Regenerate

Everything here except \`tools/\` and \`simulators/\` is generated. Change \`tools/\` (forms and items in \`forms.ts\`, fields in
\`fields.ts\`, systems in \`city.ts\`, mappings in \`mappings.ts\`), then:

\`\`\`sh
${REGENERATE}
npx jest test/unit/demo-city
\`\`\`

The generator writes the same bytes on every run. It replaces \`catalog/forms\`, \`catalog/api\`,
\`catalog/wsdl\`, \`samples\` and every system's mapping folder.
`;
  writeText(join(ROOT, 'README.md'), text);
}

function main(): void {
  checkInvariants();
  const samples = buildSamples();
  const itemSamples = buildItemSamples();
  for (const dir of [join(CATALOG, 'forms'), join(CATALOG, 'api'), join(ROOT, 'samples')]) rmSync(dir, { recursive: true, force: true });
  writeDepartments();
  writeDistricts();
  writeSystems();
  writeItems();
  writeCodeTables();
  writeForms();
  writeApisAndMappings(samples, itemSamples);
  writeSamples(samples, itemSamples);
  writeSimulators();
  writeReadme(samples, itemSamples);
  process.stdout.write(`demo city: wrote ${writtenFiles().length} files under ${relative(process.cwd(), ROOT) || '.'}\n`);
}

main();
