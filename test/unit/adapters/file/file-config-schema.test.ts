import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdapterSpec } from '../../../../src/adapters/contract';
import { AdapterRegistry } from '../../../../src/adapters/registry';
import { fileAdapter, fileConfigSchema, FileConfig } from '../../../../adapters/file';
import { context, rejection } from './fixtures';

type Schema = { properties?: Record<string, Schema>; items?: Schema; default?: unknown; examples?: unknown[]; description?: string };

/** Every property of the schema with its JSON pointer, including those of list items (`/csv/columns/name`). */
function everyProperty(schema: Schema, pointer = ''): Array<[string, Schema]> {
  const out: Array<[string, Schema]> = [];
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    out.push([`${pointer}/${name}`, sub], ...everyProperty(sub, `${pointer}/${name}`));
    if (sub.items) out.push(...everyProperty(sub.items, `${pointer}/${name}`));
  }
  return out;
}

function spyingRegistry(): { registry: AdapterRegistry; seen: FileConfig[] } {
  const seen: FileConfig[] = [];
  const spy: AdapterSpec<FileConfig> = {
    ...fileAdapter,
    create: (config, ctx) => {
      seen.push(structuredClone(config));
      return fileAdapter.create(config, ctx);
    },
  };
  return { registry: new AdapterRegistry([spy]), seen };
}

describe('file adapter: the spec and its config schema', () => {
  it('has its kind and capabilities', () => {
    expect(fileAdapter.kind).toBe('file');
    expect(fileAdapter.capabilities).toEqual({ results: ['pickup'], payload: 'any', answers: false });
    expect(fileAdapter.title).toBeTruthy();
    expect(fileAdapter.description).toBeTruthy();
  });

  it('compiles in the shared ajv and accepts each of its examples', () => {
    const registry = new AdapterRegistry([fileAdapter]);
    expect(fileConfigSchema.examples.length).toBeGreaterThan(0);
    for (const example of fileConfigSchema.examples) expect(registry.check('file', structuredClone(example))).toEqual([]);
  });

  it('describes every property, with examples, and a default wherever the setting has one', () => {
    const withoutDefault = new Set(['/outbox', '/inbox', '/xml', '/xml/root', '/csv', '/csv/columns', '/csv/columns/name', '/csv/columns/path', '/materials/root', '/results/pattern', '/timeoutMs']);
    const seen: string[] = [];
    for (const [pointer, property] of everyProperty(fileConfigSchema as unknown as Schema)) {
      seen.push(pointer);
      expect({ pointer, description: typeof property.description }).toEqual({ pointer, description: 'string' });
      expect({ pointer, examples: Array.isArray(property.examples) && property.examples.length > 0 }).toEqual({ pointer, examples: true });
      if (!withoutDefault.has(pointer)) expect({ pointer, hasDefault: 'default' in property }).toEqual({ pointer, hasDefault: true });
    }
    expect(seen).toEqual(expect.arrayContaining([...withoutDefault]));
  });

  it('applies the defaults before create()', async () => {
    const { registry, seen } = spyingRegistry();
    const connector = registry.create('file', { outbox: '/srv/out' }, context());
    await connector.close();
    expect(seen[0]).toEqual({
      outbox: '/srv/out',
      format: 'json',
      encoding: 'utf-8',
      fileName: '{caseId}.{ext}',
      operations: {},
      materials: { mode: 'none', from: 'materials', uriField: 'uri', sha256Field: 'sha256', fileNameField: 'fileName' },
      results: { format: 'json', encoding: 'utf-8', separator: ',', pollIntervalMs: 2000, stableMs: 1000, processedFolder: 'processed', errorFolder: 'error' },
      maxResultBytes: 10485760,
    });
  });

  it('applies the defaults inside xml and csv', async () => {
    const { registry, seen } = spyingRegistry();
    await registry.create('file', { outbox: '/o', format: 'xml', xml: { root: 'sqxx' } }, context()).close();
    await registry.create('file', { outbox: '/o', format: 'csv', csv: { columns: [{ name: 'A', path: 'a' }] } }, context()).close();
    expect(seen[0].xml).toEqual({ root: 'sqxx', namespaces: {}, declaration: true });
    expect(seen[1].csv).toEqual({ columns: [{ name: 'A', path: 'a' }], header: true, separator: ',', lineEnding: '\r\n' });
  });

  it('applies the default fileName inside each listed operation', async () => {
    const { registry, seen } = spyingRegistry();
    await registry.create('file', { outbox: '/o', operations: { opinion: {}, supplement: { fileName: 'BZ_{caseId}_{key}.{ext}' } } }, context()).close();
    expect(seen[0].operations).toEqual({ opinion: { fileName: '{caseId}.{operation}.{key}.{ext}' }, supplement: { fileName: 'BZ_{caseId}_{key}.{ext}' } });
  });

  it('describes operations and their fileName, with examples that validate', () => {
    const operations = fileConfigSchema.properties.operations;
    expect(typeof operations.description).toBe('string');
    expect(operations.default).toEqual({});
    const fileName = operations.additionalProperties.properties.fileName;
    expect(typeof fileName.description).toBe('string');
    const registry = new AdapterRegistry([fileAdapter]);
    for (const example of fileName.examples) expect(registry.check('file', { outbox: 'o', operations: { opinion: { fileName: example } } })).toEqual([]);
    for (const example of operations.examples) expect(registry.check('file', { outbox: 'o', operations: structuredClone(example) })).toEqual([]);
  });

  it('keeps the TypeScript type in step with the schema\'s settings', () => {
    const settings = { outbox: 0, inbox: 0, format: 0, encoding: 0, fileName: 0, operations: 0, xml: 0, csv: 0, materials: 0, results: 0, maxResultBytes: 0, timeoutMs: 0 } satisfies Record<keyof FileConfig, 0>;
    expect(Object.keys(fileConfigSchema.properties).sort()).toEqual(Object.keys(settings).sort());
  });

  it.each([
    [{}, '/outbox', 'required'],
    [{ outbox: '' }, '/outbox', 'pattern'],
    [{ outbox: 'o', format: 'yaml' }, '/format', 'enum'],
    [{ outbox: 'o', encoding: 'gbk' }, '/encoding', 'enum'],
    [{ outbox: 'o', format: 'xml' }, '/xml', 'required'],
    [{ outbox: 'o', format: 'csv' }, '/csv', 'required'],
    [{ outbox: 'o', format: 'csv', csv: { columns: [] } }, '/csv/columns', 'minItems'],
    [{ outbox: 'o', format: 'xml', xml: { root: '1bad' } }, '/xml/root', 'pattern'],
    [{ outbox: 'o', format: 'xml', xml: { root: 'r', namespaces: { 'a:b': 'urn:x' } } }, '/xml/namespaces', 'propertyNames'],
    [{ outbox: 'o', fileName: 'fixed.json' }, '/fileName', 'pattern'],
    [{ outbox: 'o', fileName: '../{caseId}.json' }, '/fileName', 'pattern'],
    [{ outbox: 'o', fileName: 'sub/{caseId}.json' }, '/fileName', 'pattern'],
    [{ outbox: 'o', fileName: '.{caseId}.json' }, '/fileName', 'pattern'],
    [{ outbox: 'o', fileName: '{caseId}.{applicantName}' }, '/fileName', 'pattern'],
    [{ outbox: 'o', materials: { mode: 'copy' } }, '/materials/root', 'required'],
    [{ outbox: 'o', results: { pollIntervalMs: 10 } }, '/results/pollIntervalMs', 'minimum'],
    [{ outbox: 'o', results: { stableMs: -1 } }, '/results/stableMs', 'minimum'],
    [{ outbox: 'o', csv: { columns: [{ name: 'A', path: 'a..b' }] } }, '/csv/columns/0/path', 'pattern'],
    [{ outbox: 'o', outBox: 'x' }, '/outBox', 'additionalProperties'],
    [{ outbox: 'o', fileName: '{caseId}.{operation}.{ext}' }, '/fileName', 'pattern'],
    [{ outbox: 'o', operations: { opinion: { fileName: '{caseId}.{operation}.{ext}' } } }, '/operations/opinion/fileName', 'pattern'],
    [{ outbox: 'o', operations: { opinion: { fileName: '{caseId}_{ref}.{ext}' } } }, '/operations/opinion/fileName', 'pattern'],
    [{ outbox: 'o', operations: { opinion: { fileName: '{operation}_{ref}.{ext}' } } }, '/operations/opinion/fileName', 'pattern'],
    [{ outbox: 'o', operations: { opinion: { fileName: '../{key}.json' } } }, '/operations/opinion/fileName', 'pattern'],
    [{ outbox: 'o', operations: { opinion: { fileName: '{key}.{opinionId}' } } }, '/operations/opinion/fileName', 'pattern'],
    [{ outbox: 'o', operations: { opinion: { name: '{key}.json' } } }, '/operations/opinion/name', 'additionalProperties'],
    [{ outbox: 'o', operations: { opinion: '{key}.json' } }, '/operations/opinion', 'type'],
    [{ outbox: 'o', operations: { 'opinion:lead': {} } }, '/operations', 'propertyNames'],
  ])('refuses %j with an error at %s', (settings, pointer, keyword) => {
    const details = new AdapterRegistry([fileAdapter]).check('file', settings);
    expect(details).toContainEqual(expect.objectContaining({ pointer, keyword }));
  });

  it('refuses at create() an XML root whose prefix is not declared, and a regular expression that does not compile', async () => {
    const registry = new AdapterRegistry([fileAdapter]);
    const undeclared = await rejection(Promise.resolve().then(() => registry.create('file', { outbox: '/o', format: 'xml', xml: { root: 'bdc:sqxx' } }, context())));
    expect(undeclared.code).toBe('OWH_CONFIG_INVALID');
    expect(undeclared.message).toContain("prefix 'bdc'");
    const badRegex = await rejection(Promise.resolve().then(() => registry.create('file', { outbox: '/o', results: { pattern: '/(unclosed/' } }, context())));
    expect(badRegex.code).toBe('OWH_CONFIG_INVALID');
  });

  it('names every setting in docs/adapters/file.md', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/adapters/file.md'), 'utf8');
    for (const [pointer] of everyProperty(fileConfigSchema as unknown as Schema)) {
      const name = pointer.slice(1).replace(/\//g, '.');
      expect({ name, documented: doc.includes(`\`${name}\``) }).toEqual({ name, documented: true });
    }
    expect(doc).toContain('`operations.<name>.fileName`');
    expect(doc).toContain('## Operations');
  });
});
