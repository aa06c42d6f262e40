import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdapterSpec } from '../../../../src/adapters/contract';
import { AdapterRegistry } from '../../../../src/adapters/registry';
import { builtinAdapters } from '../../../../adapters';
import { restAdapter, restConfigSchema, RestConfig } from '../../../../adapters/rest';
import { context } from './fixtures';

type Schema = { properties?: Record<string, Schema>; default?: unknown; examples?: unknown[]; description?: string; allOf?: Array<{ then: Schema }> };

/** Every property of the schema, with its JSON pointer, including those inside `auth`'s branches. */
function everyProperty(schema: Schema, pointer = ''): Array<[string, Schema]> {
  const out: Array<[string, Schema]> = [];
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    if (typeof sub !== 'object') continue; // `type: true` inside auth's branches
    out.push([`${pointer}/${name}`, sub], ...everyProperty(sub, `${pointer}/${name}`));
  }
  for (const branch of schema.allOf ?? []) out.push(...everyProperty(branch.then, pointer));
  return out;
}

/** The registry, spying on the settings it hands to create(). */
function spyingRegistry(): { registry: AdapterRegistry; seen: RestConfig[] } {
  const seen: RestConfig[] = [];
  const spy: AdapterSpec<RestConfig> = {
    ...restAdapter,
    create: (config, ctx) => {
      seen.push(structuredClone(config));
      return restAdapter.create(config, ctx);
    },
  };
  return { registry: new AdapterRegistry([spy]), seen };
}

describe('rest adapter: the spec and its config schema', () => {
  it('is listed among the built-in adapters with its kind and capabilities', () => {
    expect(builtinAdapters).toContain(restAdapter);
    expect(restAdapter.kind).toBe('rest');
    expect(restAdapter.capabilities).toEqual({ results: ['push'], payload: 'json', answers: true });
    expect(restAdapter.title).toBeTruthy();
    expect(restAdapter.description).toBeTruthy();
  });

  it('compiles in the shared ajv and accepts each of its examples', () => {
    const registry = new AdapterRegistry([restAdapter]);
    expect(restConfigSchema.examples.length).toBeGreaterThan(0);
    for (const example of restConfigSchema.examples) {
      expect(registry.check('rest', structuredClone(example))).toEqual([]);
    }
  });

  it('describes every property, with examples, and a default wherever the setting has one', () => {
    const withoutDefault = new Set(['/baseUrl', '/timeoutMs', '/auth/type', '/auth/token', '/auth/username', '/auth/password', '/auth/key', '/tls', '/tls/ca', '/tls/cert', '/tls/key', '/tls/passphrase']);
    for (const [pointer, property] of everyProperty(restConfigSchema as unknown as Schema)) {
      expect({ pointer, description: typeof property.description }).toEqual({ pointer, description: 'string' });
      expect({ pointer, examples: Array.isArray(property.examples) && property.examples.length > 0 }).toEqual({ pointer, examples: true });
      if (!withoutDefault.has(pointer)) expect({ pointer, hasDefault: 'default' in property }).toEqual({ pointer, hasDefault: true });
    }
  });

  it('applies the defaults before create()', async () => {
    const { registry, seen } = spyingRegistry();
    const connector = registry.create('rest', { baseUrl: 'http://127.0.0.1:18101' }, context());
    await connector.close();

    expect(seen[0]).toEqual({
      baseUrl: 'http://127.0.0.1:18101',
      path: '/',
      method: 'POST',
      operations: {},
      headers: {},
      idempotencyHeader: 'Idempotency-Key',
      auth: { type: 'none' },
      connections: 16,
      health: { method: 'GET', path: '/' },
      maxResponseBytes: 1048576,
    });
  });

  it('applies the api-key header default inside auth', async () => {
    const { registry, seen } = spyingRegistry();
    const connector = registry.create('rest', { baseUrl: 'http://127.0.0.1:18101', auth: { type: 'api-key', key: { env: 'K' } } }, context({ K: 'k' }));
    await connector.close();
    expect(seen[0].auth).toEqual({ type: 'api-key', header: 'X-Api-Key', key: { env: 'K' } });
  });

  it('applies the method default inside each operation', async () => {
    const { registry, seen } = spyingRegistry();
    const connector = registry.create('rest', { baseUrl: 'http://127.0.0.1:18101', operations: { opinion: { path: '/cases/{caseId}/opinions' }, certificate: { method: 'GET', path: '/cbzm' } } }, context());
    await connector.close();
    expect(seen[0].operations).toEqual({ opinion: { method: 'POST', path: '/cases/{caseId}/opinions' }, certificate: { method: 'GET', path: '/cbzm' } });
  });

  it('describes operations and the settings of each, with examples that validate', () => {
    const operations = restConfigSchema.properties.operations;
    expect(operations.description).toMatch(/OWH_OPERATION_UNKNOWN/);
    expect(operations.default).toEqual({});
    for (const [name, property] of Object.entries(operations.additionalProperties.properties)) {
      expect({ name, description: typeof property.description, examples: property.examples.length > 0 }).toEqual({ name, description: 'string', examples: true });
    }
    const registry = new AdapterRegistry([restAdapter]);
    for (const example of operations.examples) expect(registry.check('rest', { baseUrl: 'http://x', operations: structuredClone(example) })).toEqual([]);
  });

  it('keeps the TypeScript type in step with the schema\'s settings', () => {
    const settings = { baseUrl: 0, path: 0, method: 0, operations: 0, headers: 0, idempotencyHeader: 0, auth: 0, timeoutMs: 0, connections: 0, tls: 0, health: 0, maxResponseBytes: 0 } satisfies Record<keyof RestConfig, 0>;
    expect(Object.keys(restConfigSchema.properties).sort()).toEqual(Object.keys(settings).sort());
  });

  it.each([
    [{}, '/baseUrl', 'required'],
    [{ baseUrl: 'ftp://x' }, '/baseUrl', 'pattern'],
    [{ baseUrl: 'http://x', path: 'api' }, '/path', 'pattern'],
    [{ baseUrl: 'http://x', path: '/api/{caseid}' }, '/path', 'pattern'],
    [{ baseUrl: 'http://x', method: 'GET' }, '/method', 'enum'],
    [{ baseUrl: 'http://x', timeoutMs: 0 }, '/timeoutMs', 'minimum'],
    [{ baseUrl: 'http://x', headers: { 'X-A': 'a\r\nb' } }, '/headers/X-A', 'pattern'],
    [{ baseUrl: 'http://x', auth: { type: 'bearer' } }, '/auth/token', 'required'],
    [{ baseUrl: 'http://x', auth: { type: 'bearer', token: { env: 'lower' } } }, '/auth/token/env', 'pattern'],
    [{ baseUrl: 'http://x', auth: { type: 'none', token: { env: 'T' } } }, '/auth/token', 'additionalProperties'],
    [{ baseUrl: 'http://x', auth: { type: 'oauth' } }, '/auth/type', 'enum'],
    [{ baseUrl: 'http://x', tls: { rejectUnauthorised: false } }, '/tls/rejectUnauthorised', 'additionalProperties'],
    [{ baseUrl: 'http://x', timeout: 1000 }, '/timeout', 'additionalProperties'],
    [{ baseUrl: 'http://x', operations: { opinion: {} } }, '/operations/opinion/path', 'required'],
    [{ baseUrl: 'http://x', operations: { opinion: '/opinions' } }, '/operations/opinion', 'type'],
    [{ baseUrl: 'http://x', operations: { opinion: { path: 'opinions' } } }, '/operations/opinion/path', 'pattern'],
    [{ baseUrl: 'http://x', operations: { opinion: { path: '/x/{ref}' } } }, '/operations/opinion/path', 'pattern'],
    [{ baseUrl: 'http://x', operations: { opinion: { path: '/x', method: 'DELETE' } } }, '/operations/opinion/method', 'enum'],
    [{ baseUrl: 'http://x', operations: { opinion: { path: '/x', timeoutMs: 1 } } }, '/operations/opinion/timeoutMs', 'additionalProperties'],
    [{ baseUrl: 'http://x', operations: { 'opinion:lead': { path: '/x' } } }, '/operations', 'propertyNames'],
  ])('refuses %j with an error at %s', (settings, pointer, keyword) => {
    const details = new AdapterRegistry([restAdapter]).check('rest', settings);
    expect(details).toContainEqual(expect.objectContaining({ pointer, keyword }));
  });

  it('names every setting in docs/adapters/rest.md', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/adapters/rest.md'), 'utf8');
    for (const [pointer] of everyProperty(restConfigSchema as unknown as Schema)) {
      const name = pointer.slice(1).replace(/\//g, '.');
      expect({ name, documented: doc.includes(`\`${name}\``) }).toEqual({ name, documented: true });
    }
    for (const name of Object.keys(restConfigSchema.properties.operations.additionalProperties.properties)) {
      expect({ name, documented: doc.includes(`\`operations.<name>.${name}\``) }).toEqual({ name, documented: true });
    }
    expect(doc).toContain('## Operations');
  });
});
