import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load';
import { createSecretResolver } from '../../../src/config/secrets';
import { OwhError } from '../../../src/errors/owh-error';
import { tempDir } from '../../helpers/temp-dir';

describe('configuration', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('applies every default from the schema and serves the demo city without a file', () => {
    const config = loadConfig({ cwd: dir.path });
    expect(config.file).toBeUndefined();
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.store).toEqual({ kind: 'sqlite', path: join(dir.path, 'data/owh.db'), synchronous: 'full' });
    expect(config.delivery.maxAttempts).toBe(10);
    expect(config.delivery.breakerThreshold).toBe(5);
    expect(config.intake.bodyLimit).toBe(25 * 1024 * 1024);
    expect(config.catalog).toMatch(/examples\/demo-city\/catalog$/);
  });

  it('resolves paths against the file and merges overrides over it', () => {
    const file = join(dir.path, 'owh.yaml');
    writeFileSync(file, 'catalog: ./city\nstore:\n  path: db/hub.db\ndelivery:\n  maxAttempts: 3\n');
    const config = loadConfig({ file, overrides: { delivery: { concurrency: 2 } } });
    expect(config.catalog).toBe(join(dir.path, 'city'));
    expect(config.store.path).toBe(join(dir.path, 'db/hub.db'));
    expect(config.delivery).toMatchObject({ maxAttempts: 3, concurrency: 2, timeoutMs: 15000 });
  });

  it('names the file, line and pointer of every invalid setting', () => {
    const file = join(dir.path, 'owh.yaml');
    writeFileSync(file, 'server:\n  port: eighty\n  hots: 127.0.0.1\ndelivery:\n  maxAttempts: 0\n');
    let error: OwhError | undefined;
    try {
      loadConfig({ file });
    } catch (e) {
      error = e as OwhError;
    }
    expect(error?.code).toBe('OWH_CONFIG_INVALID');
    expect(error?.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/server/port', keyword: 'type', file, line: 2 }),
        expect.objectContaining({ pointer: '/server/hots', keyword: 'additionalProperties', line: 3 }),
        expect.objectContaining({ pointer: '/delivery/maxAttempts', keyword: 'minimum', line: 5 }),
      ]),
    );
  });

  it('reports a YAML syntax error with its line', () => {
    const file = join(dir.path, 'owh.yaml');
    writeFileSync(file, 'server:\n  port: 80\n   host: x\n');
    expect(() => loadConfig({ file })).toThrow(expect.objectContaining({ code: 'OWH_CONFIG_INVALID', details: expect.arrayContaining([expect.objectContaining({ keyword: 'syntax', line: 2 })]) }));
  });
});

describe('secrets', () => {
  it('come from the environment by name', () => {
    const secret = createSecretResolver({ env: { K: 's3cret' }, allowDemoValues: false });
    expect(secret({ env: 'K' })).toBe('s3cret');
  });

  it('fall back to a demo value only when allowed (a loopback-bound hub), and say so once', () => {
    const told: string[] = [];
    const demo = createSecretResolver({ env: {}, allowDemoValues: true, onDemoValue: (n) => told.push(n) });
    expect(demo({ env: 'K', demoValue: 'demo' })).toBe('demo');
    expect(demo({ env: 'K', demoValue: 'demo' })).toBe('demo');
    expect(told).toEqual(['K']);
    const production = createSecretResolver({ env: {}, allowDemoValues: false });
    expect(() => production({ env: 'K', demoValue: 'demo' })).toThrow(expect.objectContaining({ code: 'OWH_SECRET_MISSING', message: 'environment variable K is not set' }));
  });
});
