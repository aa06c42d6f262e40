import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { AdapterSpec } from '../../../../src/adapters/contract';
import { AdapterRegistry } from '../../../../src/adapters/registry';
import { amqpAdapter, amqpConfigSchema, AmqpConfig } from '../../../../adapters/amqp';
import { testConnectorContext } from '../../../helpers/connector-context';

type Schema = { properties?: Record<string, Schema>; default?: unknown; examples?: unknown[]; description?: string; $ref?: string };

/** Every property of the schema, with its JSON pointer. */
function everyProperty(schema: Schema, pointer = ''): Array<[string, Schema]> {
  const out: Array<[string, Schema]> = [];
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    out.push([`${pointer}/${name}`, sub], ...everyProperty(sub, `${pointer}/${name}`));
  }
  return out;
}

const context = (env: NodeJS.ProcessEnv = { OWH_AMQP_PASSWORD: 'guest' }, catalogRoot = process.cwd()) =>
  testConnectorContext({ connectorId: 'transport-permits', systemId: 'transport-permits', env, catalogRoot });

const minimal = { url: 'amqp://127.0.0.1:5672', username: 'owh', password: { env: 'OWH_AMQP_PASSWORD' }, exchange: 'owh.transport' };

/** The registry, spying on the settings it hands to create(). */
function spyingRegistry(): { registry: AdapterRegistry; seen: AmqpConfig[] } {
  const seen: AmqpConfig[] = [];
  const spy: AdapterSpec<AmqpConfig> = {
    ...amqpAdapter,
    create: (config, ctx) => {
      seen.push(structuredClone(config));
      return amqpAdapter.create(config, ctx);
    },
  };
  return { registry: new AdapterRegistry([spy]), seen };
}

describe('amqp adapter: the spec and its config schema', () => {
  it('names its kind and capabilities: results are consumed from a reply queue, payloads are JSON', () => {
    expect(amqpAdapter.kind).toBe('amqp');
    expect(amqpAdapter.capabilities).toEqual({ results: ['consume'], payload: 'json', answers: false });
    expect(amqpAdapter.title).toBeTruthy();
    expect(amqpAdapter.description).toBeTruthy();
    expect(amqpAdapter.configSchema).toBe(amqpConfigSchema);
  });

  it('compiles in the shared ajv and accepts each of its examples', () => {
    const registry = new AdapterRegistry([amqpAdapter]);
    expect(amqpConfigSchema.examples.length).toBeGreaterThan(0);
    for (const example of amqpConfigSchema.examples) expect(registry.check('amqp', structuredClone(example))).toEqual([]);
  });

  it('describes every property, with examples, and a default wherever the setting has one', () => {
    const withoutDefault = new Set(['/url', '/username', '/password', '/exchange', '/replyQueue', '/deadLetterExchange', '/confirmTimeoutMs', '/tls', '/tls/ca', '/tls/cert', '/tls/key', '/tls/passphrase']);
    for (const [pointer, property] of everyProperty(amqpConfigSchema as unknown as Schema)) {
      expect({ pointer, description: typeof property.description }).toEqual({ pointer, description: 'string' });
      expect({ pointer, examples: Array.isArray(property.examples) && property.examples.length > 0 }).toEqual({ pointer, examples: true });
      if (!withoutDefault.has(pointer)) expect({ pointer, hasDefault: 'default' in property }).toEqual({ pointer, hasDefault: true });
    }
  });

  it('applies the defaults before create(), without connecting', async () => {
    const { registry, seen } = spyingRegistry();
    const connector = registry.create('amqp', minimal, context());
    await connector.close();

    expect(seen[0]).toEqual({
      ...minimal,
      vhost: '/',
      exchangeType: 'direct',
      routingKey: '',
      operations: {},
      declare: true,
      prefetch: 16,
      heartbeat: 30,
      reconnect: { initialMs: 500, maxMs: 30000 },
    });
  });

  it('keeps the TypeScript type in step with the schema\'s settings', () => {
    const keys = {
      url: 0, username: 0, password: 0, vhost: 0, exchange: 0, exchangeType: 0, routingKey: 0, operations: 0, declare: 0, replyQueue: 0,
      deadLetterExchange: 0, prefetch: 0, confirmTimeoutMs: 0, heartbeat: 0, reconnect: 0, tls: 0,
    } satisfies Record<keyof AmqpConfig, 0>;
    expect(Object.keys(amqpConfigSchema.properties).sort()).toEqual(Object.keys(keys).sort());
  });

  it.each([
    [{ ...minimal, url: undefined }, '/url', 'required'],
    [{ ...minimal, exchange: undefined }, '/exchange', 'required'],
    [{ ...minimal, password: undefined }, '/password', 'required'],
    [{ ...minimal, url: 'amqp://guest:guest@127.0.0.1:5672' }, '/url', 'pattern'],
    [{ ...minimal, url: 'amqp://owh@127.0.0.1' }, '/url', 'pattern'],
    [{ ...minimal, url: 'amqp://127.0.0.1:5672/zwfw' }, '/url', 'pattern'],
    [{ ...minimal, url: 'amqp://127.0.0.1:5672?heartbeat=10' }, '/url', 'pattern'],
    [{ ...minimal, url: 'http://127.0.0.1:5672' }, '/url', 'pattern'],
    [{ ...minimal, password: 'guest' }, '/password', 'type'],
    [{ ...minimal, password: { env: 'lower' } }, '/password/env', 'pattern'],
    [{ ...minimal, exchange: '' }, '/exchange', 'minLength'],
    [{ ...minimal, routingKey: 'a\nb' }, '/routingKey', 'pattern'],
    [{ ...minimal, exchangeType: 'x-delayed-message' }, '/exchangeType', 'enum'],
    [{ ...minimal, prefetch: 0 }, '/prefetch', 'minimum'],
    [{ ...minimal, confirmTimeoutMs: 0 }, '/confirmTimeoutMs', 'minimum'],
    [{ ...minimal, reconnect: { initialMs: 100, max: 1 } }, '/reconnect/max', 'additionalProperties'],
    [{ ...minimal, tls: { rejectUnauthorised: false } }, '/tls/rejectUnauthorised', 'additionalProperties'],
    [{ ...minimal, timeoutMs: 1000 }, '/timeoutMs', 'additionalProperties'],
    [{ ...minimal, operations: { opinion: 'permits.opinion' } }, '/operations/opinion', 'type'],
    [{ ...minimal, operations: { opinion: { routingKey: 'a\nb' } } }, '/operations/opinion/routingKey', 'pattern'],
    [{ ...minimal, operations: { opinion: { exchange: '' } } }, '/operations/opinion/exchange', 'minLength'],
    [{ ...minimal, operations: { opinion: { queue: 'q' } } }, '/operations/opinion/queue', 'additionalProperties'],
    [{ ...minimal, operations: { case: { routingKey: 'k' } } }, '/operations', 'propertyNames'],
    [{ ...minimal, operations: { 'opinion:lead': {} } }, '/operations', 'propertyNames'],
  ])('refuses %j with an error at %s', (config, pointer, keyword) => {
    const details = new AdapterRegistry([amqpAdapter]).check('amqp', JSON.parse(JSON.stringify(config)));
    expect(details).toContainEqual(expect.objectContaining({ pointer, keyword }));
  });

  it('describes operations and their settings, with examples that validate', () => {
    const operations = amqpConfigSchema.properties.operations;
    expect(typeof operations.description).toBe('string');
    expect(operations.default).toEqual({});
    for (const [name, property] of Object.entries(operations.additionalProperties.properties)) {
      expect({ name, description: typeof property.description, examples: property.examples.length > 0 }).toEqual({ name, description: 'string', examples: true });
    }
    const registry = new AdapterRegistry([amqpAdapter]);
    for (const example of operations.examples) expect(registry.check('amqp', { ...minimal, operations: structuredClone(example) })).toEqual([]);
    expect(registry.check('amqp', { ...minimal, operations: { opinion: {}, supplement: { exchange: 'x' }, certificate: { routingKey: '' } } })).toEqual([]);
  });

  it('accepts an IPv6 broker and amqps', () => {
    const registry = new AdapterRegistry([amqpAdapter]);
    expect(registry.check('amqp', { ...minimal, url: 'amqp://[::1]:5672' })).toEqual([]);
    expect(registry.check('amqp', { ...minimal, url: 'amqps://mq.zwfw.example.gov.cn' })).toEqual([]);
  });

  it('stops the hub at start when the password is not set', () => {
    expect(() => new AdapterRegistry([amqpAdapter]).create('amqp', minimal, context({}))).toThrow(expect.objectContaining({ code: 'OWH_SECRET_MISSING' }));
  });

  it('refuses tls settings on a plain amqp:// url', () => {
    expect(() => new AdapterRegistry([amqpAdapter]).create('amqp', { ...minimal, tls: { ca: 'ca.pem' } }, context())).toThrow(
      expect.objectContaining({ code: 'OWH_CATALOG_INVALID', message: expect.stringContaining('tls is set but the url is amqp://') }),
    );
  });

  it('reads TLS files at start, relative to the catalog folder, and names a missing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'owh-amqp-tls-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
      const registry = new AdapterRegistry([amqpAdapter]);
      const connector = registry.create('amqp', { ...minimal, url: 'amqps://127.0.0.1:5671', tls: { ca: 'ca.pem' } }, context(undefined, dir));
      await connector.close();
      expect(() => registry.create('amqp', { ...minimal, url: 'amqps://127.0.0.1:5671', tls: { ca: 'missing.pem' } }, context(undefined, dir))).toThrow(
        expect.objectContaining({ code: 'OWH_CONFIG_NOT_FOUND', message: expect.stringContaining(`tls.ca file ${join(dir, 'missing.pem')}`) }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names every setting in docs/adapters/amqp.md', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/adapters/amqp.md'), 'utf8');
    for (const [pointer] of everyProperty(amqpConfigSchema as unknown as Schema)) {
      const name = pointer.slice(1).replace(/\//g, '.');
      expect({ name, documented: doc.includes(`\`${name}\``) }).toEqual({ name, documented: true });
    }
    for (const name of Object.keys(amqpConfigSchema.properties.operations.additionalProperties.properties)) {
      expect({ name, documented: doc.includes(`\`operations.<name>.${name}\``) }).toEqual({ name, documented: true });
    }
    expect(doc).toContain('## Operations');
  });
});
