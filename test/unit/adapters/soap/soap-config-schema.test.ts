import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdapterSpec } from '../../../../src/adapters/contract';
import { AdapterRegistry } from '../../../../src/adapters/registry';
import { soapAdapter, soapConfigSchema, SoapConfig } from '../../../../adapters/soap';
import { context, WSDL } from './fixtures';

type Schema = { properties?: Record<string, Schema>; default?: unknown; examples?: unknown[]; description?: string; allOf?: Array<{ then: Schema }> };

/** Every property of the schema, with its JSON pointer, including those inside `auth`'s branches (once each). */
function everyProperty(schema: Schema, pointer = ''): Array<[string, Schema]> {
  const out = new Map<string, Schema>();
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    if (typeof sub !== 'object') continue; // `type: true` inside auth's branches
    out.set(`${pointer}/${name}`, sub);
    for (const [p, s] of everyProperty(sub, `${pointer}/${name}`)) out.set(p, s);
  }
  for (const branch of schema.allOf ?? []) for (const [p, s] of everyProperty(branch.then, pointer)) if (!out.has(p)) out.set(p, s);
  return [...out.entries()];
}

/** The registry, spying on the settings it hands to create(). */
function spyingRegistry(): { registry: AdapterRegistry; seen: SoapConfig[] } {
  const seen: SoapConfig[] = [];
  const spy: AdapterSpec<SoapConfig> = {
    ...soapAdapter,
    create: (config, ctx) => {
      seen.push(structuredClone(config));
      return soapAdapter.create(config, ctx);
    },
  };
  return { registry: new AdapterRegistry([spy]), seen };
}

describe('soap adapter: the spec and its config schema', () => {
  it('has its kind and capabilities', () => {
    expect(soapAdapter.kind).toBe('soap');
    expect(soapAdapter.capabilities).toEqual({ results: ['push', 'poll'], payload: 'xml', answers: true });
    expect(soapAdapter.title).toBeTruthy();
    expect(soapAdapter.description).toBeTruthy();
  });

  it('compiles in the shared ajv and accepts each of its examples', () => {
    const registry = new AdapterRegistry([soapAdapter]);
    expect(soapConfigSchema.examples.length).toBeGreaterThan(0);
    for (const example of soapConfigSchema.examples) expect(registry.check('soap', structuredClone(example))).toEqual([]);
  });

  it('describes every property, with examples, and a default wherever the setting has a fixed one', () => {
    // Required settings, secrets and files have no default; service, port, soapVersion, endpoint,
    // idempotencyHeaderNamespace and poll.resultsPath take theirs from the WSDL or the answer.
    const withoutDefault = new Set([
      '/wsdl', '/endpoint', '/service', '/port', '/operation', '/soapVersion', '/timeoutMs', '/idempotencyHeaderNamespace', '/idempotencyArgument',
      '/auth/type', '/auth/username', '/auth/password', '/auth/cert', '/auth/key', '/auth/passphrase', '/auth/ca',
      '/health/operation', '/poll', '/poll/operation', '/poll/resultsPath',
    ]);
    for (const [pointer, property] of everyProperty(soapConfigSchema as unknown as Schema)) {
      expect({ pointer, description: typeof property.description }).toEqual({ pointer, description: 'string' });
      expect({ pointer, examples: Array.isArray(property.examples) && property.examples.length > 0 }).toEqual({ pointer, examples: true });
      if (!withoutDefault.has(pointer)) expect({ pointer, hasDefault: 'default' in property }).toEqual({ pointer, hasDefault: true });
    }
  });

  it('applies the defaults before create()', async () => {
    const { registry, seen } = spyingRegistry();
    const connector = registry.create('soap', { wsdl: WSDL, endpoint: 'http://127.0.0.1:9/ws', operation: 'SubmitApplication', poll: { operation: 'QueryResults' }, auth: { type: 'wsSecurity', username: 'owh', password: { env: 'PW' } } }, context({ PW: 'x' }));
    await connector.close();

    expect(seen[0]).toEqual({
      wsdl: WSDL,
      endpoint: 'http://127.0.0.1:9/ws',
      operation: 'SubmitApplication',
      operations: {},
      connections: 16,
      auth: { type: 'wsSecurity', username: 'owh', password: { env: 'PW' }, passwordType: 'PasswordText' },
      idempotencyHeader: 'IdempotencyKey',
      maxResponseBytes: 1048576,
      health: {},
      poll: { operation: 'QueryResults', intervalMs: 30000, args: {} },
    });
  });

  it('keeps the TypeScript type in step with the schema\'s settings', () => {
    const settings = {
      wsdl: 0, endpoint: 0, service: 0, port: 0, operation: 0, operations: 0, soapVersion: 0, timeoutMs: 0, connections: 0, auth: 0,
      idempotencyHeader: 0, idempotencyHeaderNamespace: 0, idempotencyArgument: 0, maxResponseBytes: 0, health: 0, poll: 0,
    } satisfies Record<keyof SoapConfig, 0>;
    expect(Object.keys(soapConfigSchema.properties).sort()).toEqual(Object.keys(settings).sort());
  });

  const base = { wsdl: WSDL, operation: 'SubmitApplication' };
  it.each([
    [{ operation: 'SubmitApplication' }, '/wsdl', 'required'],
    [{ wsdl: WSDL }, '/operation', 'required'],
    [{ ...base, wsdl: 'http://shbx.example.gov.cn/ws?wsdl' }, '/wsdl', 'pattern'],
    [{ ...base, wsdl: 'https://shbx.example.gov.cn/ws?wsdl' }, '/wsdl', 'pattern'],
    [{ ...base, wsdl: 'file:///srv/hrss.wsdl' }, '/wsdl', 'pattern'],
    [{ ...base, endpoint: 'ftp://x/ws' }, '/endpoint', 'pattern'],
    [{ ...base, soapVersion: '1.3' }, '/soapVersion', 'enum'],
    [{ ...base, soapVersion: 1.2 }, '/soapVersion', 'type'],
    [{ ...base, timeoutMs: 0 }, '/timeoutMs', 'minimum'],
    [{ ...base, idempotencyHeader: 'Idem Key' }, '/idempotencyHeader', 'pattern'],
    [{ ...base, idempotencyHeader: true }, '/idempotencyHeader', 'type'],
    [{ ...base, auth: { type: 'wsSecurity', username: 'owh' } }, '/auth/password', 'required'],
    [{ ...base, auth: { type: 'wsSecurity', username: 'owh', password: { env: 'lower' } } }, '/auth/password/env', 'pattern'],
    [{ ...base, auth: { type: 'basic', username: 'a:b', password: { env: 'P' } } }, '/auth/username', 'pattern'],
    [{ ...base, auth: { type: 'tls', cert: 'c.pem' } }, '/auth/key', 'required'],
    [{ ...base, auth: { type: 'tls', cert: 'https://x/c.pem', key: 'k.pem' } }, '/auth/cert', 'pattern'],
    [{ ...base, auth: { type: 'none', username: 'x' } }, '/auth/username', 'additionalProperties'],
    [{ ...base, auth: { type: 'ntlm' } }, '/auth/type', 'enum'],
    [{ ...base, poll: { intervalMs: 1000 } }, '/poll/operation', 'required'],
    [{ ...base, poll: { operation: 'QueryResults', intervalMs: 10 } }, '/poll/intervalMs', 'minimum'],
    [{ ...base, health: { path: '/' } }, '/health/path', 'additionalProperties'],
    [{ ...base, timeout: 1000 }, '/timeout', 'additionalProperties'],
    [{ ...base, operations: { opinion: { operation: 'ReceiveOpinion' } } }, '/operations/opinion', 'type'],
    [{ ...base, operations: { opinion: 'tns:ReceiveOpinion' } }, '/operations/opinion', 'pattern'],
    [{ ...base, operations: { opinion: '' } }, '/operations/opinion', 'pattern'],
    [{ ...base, operations: { 'opinion:lead': 'ReceiveOpinion' } }, '/operations', 'propertyNames'],
    [{ ...base, operations: ['ReceiveOpinion'] }, '/operations', 'type'],
  ])('refuses %j with an error at %s', (settings, pointer, keyword) => {
    const details = new AdapterRegistry([soapAdapter]).check('soap', settings);
    expect(details).toContainEqual(expect.objectContaining({ pointer, keyword }));
  });

  it('takes operations as names of WSDL operations, in any script', () => {
    expect(new AdapterRegistry([soapAdapter]).check('soap', { ...base, operations: { opinion: 'ReceiveOpinion', certificate: '查询参保证明' } })).toEqual([]);
  });

  it('takes a Windows path as a file, not as an address', () => {
    expect(new AdapterRegistry([soapAdapter]).check('soap', { ...base, wsdl: 'C:\\owh\\catalog\\wsdl\\hrss.wsdl' })).toEqual([]);
  });

  it('names every setting in docs/adapters/soap.md', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/adapters/soap.md'), 'utf8');
    for (const [pointer] of everyProperty(soapConfigSchema as unknown as Schema)) {
      const name = pointer.slice(1).replace(/\//g, '.');
      expect({ name, documented: doc.includes(`\`${name}\``) }).toEqual({ name, documented: true });
    }
    expect(doc).toContain('## Operations');
  });
});
