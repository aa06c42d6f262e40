import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AdapterDescription } from '../../adapters/contract';
import type { AdapterRegistry } from '../../adapters/registry';
import { MappingSet } from '../../catalog/mapping-set';
import { loadCatalog } from '../../catalog/load';
import type { Catalog, SystemDef } from '../../catalog/types';
import type { HubConfig } from '../../config/config';
import type { SecretResolver } from '../../config/secrets';
import { OwhError, toOwhError } from '../../errors/owh-error';
import type { Logger } from '../../log/logger';
import { maskText } from '../../log/mask';
import { runMappingFixtures } from '../../mapping/fixtures';
import { loadMapping } from '../../mapping/load';
import { defaultRequestMapping } from '../../routing/route';
import type { OnboardingStore } from '../contract';
import { mappingCoverage } from '../coverage';
import { advance, buildProbeConnector, GateCheck } from '../gates';
import type { Stage } from '../types';
import { addItemTargets, upsertSystemEntry, writeChecked } from './catalog-files';
import type { Prompter } from './prompt';
import { FileOutcome, renderSkeleton, sampleCase, ScaffoldResult, ScaffoldWriter, sha256, systemSchemaFile } from './scaffold';
import { checkConnector, connectorFromFlags, OnboardFlags, OnboardRefusal } from './settings';
import { readTargetSchema, TargetSchema } from './target-schema';

export interface OnboardOptions extends OnboardFlags {
  /** Item codes to add the system to as a target. */
  items?: string[];
  role?: 'lead' | 'co-handler';
  /** The system's own schema: JSON Schema, OpenAPI 3 or a sample payload. */
  schema?: string;
  by: string;
}

export interface OnboardDeps {
  config: HubConfig;
  registry: AdapterRegistry;
  secret: SecretResolver;
  logger: Logger;
  store: OnboardingStore;
  prompter: Prompter;
  /** Folders searched for `<form>.case.json` samples for fixtures. */
  samplesDirs: string[];
}

export interface OnboardReport {
  system: string;
  catalog: string;
  entry: { action: 'added' | 'updated' | 'unchanged'; file: string; before?: Record<string, unknown>; after: Record<string, unknown> };
  targets: { added: string[]; role: 'lead' | 'co-handler'; items: string[] };
  register: { departmentAdded: boolean; system: 'added' | 'changed' | 'unchanged' };
  probe: { connector: string; state: 'up' | 'degraded' | 'down'; detail: string; latencyMs?: number; services?: AdapterDescription['services']; operations?: Array<{ name: string; inputFields?: number }> };
  targetSchema?: { source: string; file: string };
  mappings: Array<ScaffoldResult & { fixturesPassed: number; fixturesTotal: number; missingRequired: string[]; error?: string }>;
  stages: Array<{ item: string; system: string; from: Stage; to: Stage; checks: GateCheck[] }>;
  /** What is still missing, in words, one line each. */
  missing: string[];
}


/**
 * `owh onboard <systemId>`: registers (or updates) a department system in the catalog and the
 * onboarding register, probes it, scaffolds a request mapping per item it handles, runs the
 * fixtures and the stage gates, and records the stage each (item, system) pair reaches.
 * Refused input throws an {@link OnboardRefusal} with the catalog files left as they were.
 */
export async function onboardSystem(systemId: string, options: OnboardOptions, deps: OnboardDeps): Promise<OnboardReport> {
  const root = deps.config.catalog;
  const { prompter, registry } = deps;
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(systemId)) throw new OnboardRefusal(`<systemId> '${systemId}' is not a system id`, 'Use lower-case letters, digits and dashes, e.g. nrp-land-v2.');
  const catalog = loadCatalog(root);
  const existing = catalog.systems.get(systemId);

  // 1. The entry: flags over what the catalog has, prompts for what neither says.
  const kind = options.adapter ?? existing?.adapter ?? (await prompter.ask('adapter kind (rest, soap, file, amqp)', undefined));
  if (!kind) throw new OnboardRefusal('--adapter is missing: a new system needs its adapter kind', 'Add --adapter rest|soap|file|amqp.');
  if (!registry.get(kind)) throw new OnboardRefusal(`--adapter ${kind} is not an adapter kind this hub has`, `Use one of ${registry.kinds().map((k) => k.kind).join(', ')} (owh adapters list).`);
  const department = options.department ?? existing?.department ?? (await prompter.ask(`department (${[...catalog.departments.keys()].join(', ')})`, undefined));
  if (!department) throw new OnboardRefusal('--department is missing: a new system needs its department', 'Add --department <id> (see departments.yaml).');
  if (!catalog.departments.has(department)) throw new OnboardRefusal(`--department ${department} is not in the catalog's departments.yaml`, `Use one of ${[...catalog.departments.keys()].join(', ')}.`);
  const name = options.name ?? existing?.name ?? (await prompter.ask('system name', systemId)) ?? systemId;
  const flags: OnboardFlags = { ...options };
  if (prompter.interactive && !existing) {
    const ask = async (key: keyof OnboardFlags, question: string) => {
      if (flags[key] === undefined) flags[key] = await prompter.ask(question);
    };
    if (kind === 'rest') await ask('baseUrl', 'base URL (http[s]://host:port)');
    if (kind === 'soap') for (const [k, q] of [['wsdl', 'WSDL file (relative to the catalog)'], ['operation', 'operation that takes a case'], ['endpoint', 'endpoint URL']] as const) await ask(k, q);
    if (kind === 'file') await ask('outbox', 'outbox folder');
    if (kind === 'amqp') for (const [k, q] of [['url', 'broker URL'], ['exchange', 'exchange'], ['username', 'broker user'], ['passwordEnv', 'env variable of the broker password']] as const) await ask(k, q);
  }
  const connector = connectorFromFlags(kind, flags, existing?.adapter === kind ? existing.connector : {});
  checkConnector(registry, kind, connector);
  const spec = registry.get(kind)!;

  // The system's schema and interface description are read before anything is written.
  let description: AdapterDescription | undefined;
  if (spec.describe) {
    try {
      description = await spec.describe(connector, { catalogRoot: root });
    } catch (error) {
      throw new OnboardRefusal(`${kind === 'soap' ? '--wsdl: ' : ''}the system's interface description cannot be read: ${toOwhError(error).message}`, 'Put the file in the catalog folder and name it relative to it.');
    }
    const op = connector.operation;
    if (typeof op === 'string' && description.operations.length > 0 && !description.operations.some((o) => o.name === op)) {
      throw new OnboardRefusal(`--operation ${op} is not an operation of the WSDL`, `Use one of ${description.operations.map((o) => o.name).join(', ')}.`);
    }
  }
  let target: TargetSchema | undefined = options.schema ? readTargetSchema(options.schema, typeof connector.path === 'string' ? connector.path : undefined) : undefined;
  if (!target && description) {
    const input = description.operations.find((o) => o.name === connector.operation)?.input;
    if (input) target = { schema: input, source: `wsdl operation ${String(connector.operation)}` };
  }

  const entry: Record<string, unknown> = { id: systemId, name, department, adapter: kind, ...(options.description ? { description: options.description } : {}), connector };
  const systems = upsertSystemEntry(root, entry);
  const role = options.role ?? 'co-handler';
  const targets = options.items && options.items.length > 0 ? addItemTargets(root, systemId, options.items, role) : undefined;
  writeChecked([systems.file, ...(targets ? [targets.file] : [])], () => {
    try {
      loadCatalog(root);
    } catch (error) {
      const e = toOwhError(error);
      throw new OnboardRefusal(`the catalog would not load with this change, so nothing was written: ${e.message}${e.details.length ? ` (${e.details.slice(0, 3).map((d) => `${d.file ? relative(root, d.file) : ''}${d.line ? `:${d.line}` : ''} ${d.pointer} ${d.message}`).join('; ')})` : ''}`, e.fix, e.details);
    }
  });
  const after = loadCatalog(root);
  const system = after.systems.get(systemId)!;

  // The onboarding register: the department (from the catalog) when missing, and the system.
  const snapshot = await deps.store.snapshot({ lean: true });
  const departmentAdded = !snapshot.departments.some((d) => d.id === department);
  const dept = after.departments.get(department)!;
  const imported = await deps.store.applyImport(
    {
      file: 'owh onboard',
      departments: departmentAdded ? [{ line: 1, value: { id: dept.id, name: dept.name, ...(dept.shortName ? { shortName: dept.shortName } : {}) } }] : [],
      systems: [{ line: 1, value: { id: systemId, name, department, adapter: kind, ...(system.description ? { description: system.description } : {}) } }],
      items: [],
      volumes: [],
      refused: [],
    },
    { dryRun: false, by: options.by },
  );
  if (!imported.applied) throw new OwhError('OWH_INTERNAL', { message: `the onboarding register refused the system: ${imported.refused.map((r) => r.reason).join('; ')}` });
  const registerSystem = imported.counts.systems.added > 0 ? 'added' : imported.counts.systems.changed > 0 ? 'changed' : 'unchanged';

  // 2. Probe.
  const probe = await probeSystem(after, system, deps);
  if (description) {
    probe.services = description.services;
    probe.operations = description.operations.map((o) => ({ name: o.name, ...(o.input ? { inputFields: Object.keys((o.input.properties ?? {}) as object).length } : {}) }));
  }

  // 3. Scaffold: one request mapping per (form) folder of the items the system handles.
  let targetSchemaReport: OnboardReport['targetSchema'];
  if (target) {
    const file = join(root, systemSchemaFile(systemId));
    mkdirSync(join(root, 'api'), { recursive: true });
    writeFileSync(file, `${JSON.stringify(target.schema, null, 2)}\n`);
    targetSchemaReport = { source: target.source, file: systemSchemaFile(systemId) };
  } else if (existsSync(join(root, systemSchemaFile(systemId)))) {
    target = { schema: JSON.parse(readFileSync(join(root, systemSchemaFile(systemId)), 'utf8')), source: `existing ${systemSchemaFile(systemId)}` };
    targetSchemaReport = { source: target.source, file: systemSchemaFile(systemId) };
  }
  const folders = new Map<string, string[]>();
  for (const item of after.items.values()) {
    const all = [...item.targets, ...Object.values(item.jurisdictions ?? {}).flatMap((v) => v.targets)];
    const t = all.find((x) => x.system === systemId);
    if (!t) continue;
    const folder = t.mapping ?? defaultRequestMapping(systemId, item.form);
    folders.set(folder, [...(folders.get(folder) ?? []), item.code]);
  }
  const format = spec.capabilities.payload === 'any' ? 'json' : spec.capabilities.payload;
  const mappings: OnboardReport['mappings'] = [];
  const missing: string[] = [];
  if (probe.state !== 'up') missing.push(`${probe.connector} is not reachable or refuses the hub: ${probe.detail}`);
  for (const [folder, codes] of folders) {
    const item = after.items.get(codes[0])!;
    const form = after.forms.get(item.form);
    const dir = join(root, folder);
    const rendered = renderSkeleton({
      form: item.form, formTitle: form?.title, formSchema: form?.schema ?? {}, system: systemId, systemName: name,
      targetSchema: target?.schema, targetSource: target?.source, schemaRef: target ? relative(dir, join(root, systemSchemaFile(systemId))).split('\\').join('/') : undefined, format,
    });
    const writer = new ScaffoldWriter(dir, sha256(rendered.text));
    const decide = (file: string) => (prompter.interactive ? prompter.confirm(`${file} was edited since onboard wrote it; overwrite it with the new skeleton?`, false) : Promise.resolve(false));
    const m = await writer.write('mapping.yaml', rendered.text, decide);
    const fixtures: Record<string, FileOutcome> = {};
    const input = sampleCase(after, item.code, item.form, deps.samplesDirs);
    fixtures['sample.input.json'] = (await writer.write('fixtures/sample.input.json', `${JSON.stringify(input, null, 2)}\n`, async () => false)).outcome;
    let error: string | undefined;
    let fixturesPassed = 0;
    let fixturesTotal = 0;
    let missingRequired = rendered.fields.unmappedRequired;
    try {
      const loaded = loadMapping(dir);
      // The mapping's output, for the engineer to review and rename to sample.expected.json: a
      // generated expected output is no evidence, so it does not make the `mapped` gate pass by itself.
      try {
        fixtures['sample.expected.draft.json'] = (await writer.write('fixtures/sample.expected.draft.json', `${JSON.stringify(loaded.map(input), null, 2)}\n`, async () => false)).outcome;
      } catch (e) {
        error = `the mapping fails on the sample case: ${toOwhError(e).message}`;
      }
      const results = runMappingFixtures(loaded);
      fixturesTotal = results.length;
      fixturesPassed = results.filter((r) => r.passed).length;
      missingRequired = mappingCoverage(new MappingSet(after), folder, systemId).missing;
    } catch (e) {
      error = `the mapping does not load: ${toOwhError(e).message}`;
    }
    writer.save();
    mappings.push({ item: codes.join(','), folder, mapping: m.outcome, ...(m.newFile ? { newFile: relative(root, m.newFile) } : {}), fixtures, fields: rendered.fields, fixturesPassed, fixturesTotal, missingRequired, ...(error ? { error: maskText(error) } : {}) });
    if (m.newFile) missing.push(`${folder}/mapping.yaml was edited by hand and kept; the new skeleton is ${relative(root, m.newFile)} — merge what you need`);
    if (missingRequired.length > 0) missing.push(`${folder}: ${missingRequired.length} required field(s) of ${systemId} unmapped: ${missingRequired.join(', ')}`);
    if (error) missing.push(`${folder}: ${error}`);
    if (fixturesTotal > fixturesPassed || fixturesTotal === 0) missing.push(`${folder}: ${fixturesPassed} of ${fixturesTotal} fixtures pass; review fixtures/sample.expected.draft.json (the mapping's current output) and save it as sample.expected.json`);
  }
  if (folders.size === 0) missing.push(`no catalog item names ${systemId} as a target: add it with --items <code,…>`);

  // 4–5. The stage gates for every pair, recording what the evidence allows.
  const stages: OnboardReport['stages'] = [];
  const gateContext = { catalog: after, config: deps.config, mappings: new MappingSet(after), registry, secret: deps.secret, logger: deps.logger, store: deps.store };
  for (const codes of folders.values()) {
    for (const code of codes) {
      const result = await advance(gateContext, code, systemId, { by: options.by });
      stages.push({ item: code, system: systemId, from: result.from, to: result.to, checks: result.checks });
      const lacking = result.checks.find((c) => !c.ok);
      if (lacking) missing.push(`${code} × ${systemId} stays at ${result.to}: ${lacking.stage} lacks: ${lacking.lacks}`);
    }
  }

  const changed = JSON.stringify(systems.before) !== JSON.stringify(systems.after);
  return {
    system: systemId,
    catalog: root,
    entry: { action: !systems.before ? 'added' : changed ? 'updated' : 'unchanged', file: relative(root, systems.file.path), ...(systems.before ? { before: systems.before } : {}), after: systems.after },
    targets: { added: targets?.changed ?? [], role, items: [...folders.values()].flat() },
    register: { departmentAdded, system: registerSystem },
    probe,
    ...(targetSchemaReport ? { targetSchema: targetSchemaReport } : {}),
    mappings,
    stages,
    missing: missing.map(maskText),
  };
}

/** Builds the system's connector (its city instance when it has several), asks `health()`, closes it. */
async function probeSystem(catalog: Catalog, system: SystemDef, deps: OnboardDeps): Promise<OnboardReport['probe']> {
  let built;
  try {
    built = buildProbeConnector({ ...deps, catalog }, system.id);
  } catch (error) {
    return { connector: system.id, state: 'down', detail: `the connector cannot be built: ${maskText(toOwhError(error).message)}` };
  }
  try {
    const report = await built.connector.health();
    return { connector: built.id, state: report.state, detail: maskText(report.detail), ...(report.latencyMs !== undefined ? { latencyMs: report.latencyMs } : {}) };
  } finally {
    await built.connector.close();
  }
}
