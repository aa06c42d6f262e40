import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { request } from 'undici';
import { builtinAdapters } from '../../adapters';
import { loadConfig } from '../../src/config/load';
import { createLogger } from '../../src/log/logger';
import { Hub } from '../../src/server/hub';
import { owh } from '../helpers/cli-harness';
import { ADAPTERS_MODULE, eventually, SMALL_CATALOG } from '../helpers/hub-harness';
import { sampleCase } from '../helpers/sample-case';
import { tempDir } from '../helpers/temp-dir';

const JSONL = join(__dirname, '../../examples/adapters/jsonl');
const BROKEN = join(__dirname, '../fixtures/plugins/broken-adapter');

describe('plug-in adapters', () => {
  let dir: ReturnType<typeof tempDir>;
  let configFile: string;
  beforeEach(() => {
    dir = tempDir('owh-plugins-');
    cpSync(SMALL_CATALOG, join(dir.path, 'catalog'), { recursive: true });
    // The 'legacy' system becomes a JSON-lines drop served by the plug-in.
    const systems = join(dir.path, 'catalog/systems.yaml');
    writeFileSync(systems, readFileSync(systems, 'utf8').replace(/adapter: fax\n    connector: \{ number: "0574-87000000" \}/, `adapter: jsonl\n    connector: { file: ${join(dir.path, 'archive.jsonl')} }`));
    configFile = join(dir.path, 'owh.yaml');
    writeFileSync(
      configFile,
      [
        'catalog: ./catalog',
        'store: { path: ./owh.db }',
        'server: { port: 0 }',
        'clients: [{ id: platform, key: { env: TEST_PLATFORM_KEY, demoValue: platform-key } }]',
        'delivery: { thread: false, pollIntervalMs: 50 }',
        'plugins:',
        `  - module: ${JSONL}`,
        '  - module: ./no-such-plugin',
        `  - module: ${BROKEN}`,
      ].join('\n'),
    );
  });
  afterEach(() => dir.cleanup());

  it('loads a plug-in from a folder, refuses broken ones by name, and delivers through it', async () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) });
    const hub = await Hub.start({ config: loadConfig({ file: configFile }), adapters: builtinAdapters, adapterModule: ADAPTERS_MODULE, logger });
    try {
      const log = lines.join('');
      expect(log).toContain('plug-in ./no-such-plugin refused: cannot be loaded');
      expect(log).toContain(`plug-in ${BROKEN} refused: adapter 'broken' has no create() function`);
      const res = await request(`${hub.url}/api/v1/cases`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'platform-key' }, body: JSON.stringify(sampleCase({ itemCode: 'GG00004001' })) });
      expect(res.statusCode).toBe(202);
      await res.body.dump();
      await eventually(async () => ((await hub.store.getCase('NB2026112800001'))!.status === 'dispatched' ? true : undefined));
      const written = readFileSync(join(dir.path, 'archive.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(written).toEqual([expect.objectContaining({ key: 'NB2026112800001:legacy', caseId: 'NB2026112800001', payload: expect.objectContaining({ applicationNo: 'NB2026112800001' }) })]);
    } finally {
      await hub.close();
    }
  });

  it('lists every kind with its settings, and says which plug-ins were refused', async () => {
    const res = await owh('--config', configFile, 'adapters', 'list', '--json');
    expect(res.code).toBe(78);
    const listed = JSON.parse(res.out);
    expect(listed.adapters.map((a: { kind: string }) => a.kind)).toEqual(expect.arrayContaining(['rest', 'jsonl']));
    expect(listed.adapters.find((a: { kind: string }) => a.kind === 'jsonl').fields).toEqual([
      expect.objectContaining({ name: 'file', type: 'string', required: true }),
      expect.objectContaining({ name: 'fsync', type: 'boolean', default: true }),
    ]);
    expect(listed.refusedPlugins.map((p: { module: string }) => p.module)).toEqual(['./no-such-plugin', BROKEN]);
  });
});
