import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadCatalog } from '../../src/catalog/load';
import { requiredPaths } from '../../src/onboarding/coverage';
import { packageRoot } from '../../src/util/package-root';
import { owh } from '../helpers/cli-harness';
import { startDemoCity } from '../helpers/demo-city';
import { tempDir } from '../helpers/temp-dir';

jest.setTimeout(60_000);

const DEMO = join(packageRoot(), 'examples/demo-city');

/**
 * `owh onboard` against the demo city's simulators, on a copy of the demo catalog per test
 * (never the repo's), non-interactively (--yes --json).
 */
describe('owh onboard', () => {
  let city: Awaited<ReturnType<typeof startDemoCity>>;
  let dir: ReturnType<typeof tempDir>;
  let catalog: string;
  let config: string;

  beforeAll(async () => {
    city = await startDemoCity({ kinds: ['rest', 'soap'] });
    process.env.OWH_NRP_LAND_V2_TOKEN = 'demo-token-nrp-land';
    process.env.OWH_HRSS_TWIN_PASSWORD = 'demo-soap-hrss-social-insurance';
  });
  afterAll(async () => {
    delete process.env.OWH_NRP_LAND_V2_TOKEN;
    delete process.env.OWH_HRSS_TWIN_PASSWORD;
    await city?.close();
  });
  beforeEach(() => {
    dir = tempDir('owh-onboard-');
    catalog = join(dir.path, 'catalog');
    cpSync(join(DEMO, 'catalog'), catalog, { recursive: true });
    cpSync(join(DEMO, 'samples'), join(dir.path, 'samples'), { recursive: true });
    config = join(dir.path, 'owh.yaml');
    writeFileSync(
      config,
      [
        `catalog: ${catalog}`,
        'server: { host: 127.0.0.1, port: 0 }',
        `store:\n  path: ${join(dir.path, 'owh.db')}`,
        `materials:\n  path: ${join(dir.path, 'materials')}`,
        'clients:\n  - id: platform\n    key: { env: TEST_PLATFORM_KEY, demoValue: platform-key }',
        `connectors: ${JSON.stringify(city.fleet.connectorOverrides())}`,
        '',
      ].join('\n'),
    );
  });
  afterEach(() => dir.cleanup());

  const restArgs = () => [
    '--config', config, 'onboard', 'nrp-land-v2',
    '--department', 'nrp', '--name', '国土资源审批系统 v2', '--adapter', 'rest',
    '--base-url', city.fleet.get('nrp-land')!.url, '--path', '/api/gtsp/sqxx',
    '--auth', 'bearer', '--token-env', 'OWH_NRP_LAND_V2_TOKEN',
    '--items', 'XK00302002', '--role', 'co-handler',
    '--schema', join(catalog, 'api/nrp-land.schema.json'),
    '--yes', '--json',
  ];

  it('onboards a new REST system: catalog entry, item target, mapping skeleton, probe, stages; a re-run keeps an edited mapping', async () => {
    const run = await owh(...restArgs());
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out);

    const systems = parseYaml(readFileSync(join(catalog, 'systems.yaml'), 'utf8')).systems as Array<Record<string, any>>;
    const entry = systems.find((s) => s.id === 'nrp-land-v2')!;
    expect(entry).toMatchObject({ department: 'nrp', adapter: 'rest', connector: { path: '/api/gtsp/sqxx', auth: { type: 'bearer', token: { env: 'OWH_NRP_LAND_V2_TOKEN' } } } });
    expect(readFileSync(join(catalog, 'systems.yaml'), 'utf8')).toContain('# The demo city\'s department systems'); // comments kept
    const item = (parseYaml(readFileSync(join(catalog, 'items.yaml'), 'utf8')).items as Array<Record<string, any>>).find((i) => i.code === 'XK00302002')!;
    expect(item.targets).toEqual([{ system: 'nrp-land', role: 'lead' }, { system: 'nrp-land-v2', role: 'co-handler' }]);
    expect(() => loadCatalog(catalog)).not.toThrow();

    const folder = 'mappings/nrp-land-v2/request/nrp-land-use-planning-permit';
    const text = readFileSync(join(catalog, folder, 'mapping.yaml'), 'utf8');
    const schema = JSON.parse(readFileSync(join(catalog, 'api/nrp-land.schema.json'), 'utf8'));
    for (const path of new Set(requiredPaths(schema).map((p) => p.split('[]')[0]))) {
      expect(text).toMatch(new RegExp(`to: ${path.replace(/\./g, '\\.')}[,\\s]`));
    }
    expect(text).toContain('{ to: ywlsh, from: caseId }');
    expect(text).toMatch(/# - \{ to: slsj, from: \?\? \}  # UNMAPPED — required by nrp-land-v2/);
    expect(text).toContain('form.projectName');
    expect(existsSync(join(catalog, folder, 'fixtures/sample.input.json'))).toBe(true);
    expect(existsSync(join(catalog, folder, 'fixtures/sample.expected.draft.json'))).toBe(true);
    expect(existsSync(join(catalog, 'api/nrp-land-v2.schema.json'))).toBe(true);

    expect(report).toMatchObject({
      system: 'nrp-land-v2',
      entry: { action: 'added' },
      targets: { added: ['XK00302002'], role: 'co-handler' },
      register: { system: 'added' },
      probe: { connector: 'nrp-land-v2', state: 'up' },
      targetSchema: { source: 'json-schema', file: 'api/nrp-land-v2.schema.json' },
      stages: [{ item: 'XK00302002', system: 'nrp-land-v2', from: 'planned', to: 'planned' }],
    });
    expect(report.mappings[0]).toMatchObject({ folder, mapping: 'written', fixturesPassed: 0, fixturesTotal: 1 });
    expect(report.mappings[0].missingRequired.length).toBeGreaterThan(0);
    expect(report.mappings[0].missingRequired).toContain('slsj');
    expect(report.stages[0].checks[0]).toMatchObject({ stage: 'mapped', ok: false });
    expect(report.missing.join('\n')).toMatch(/required field\(s\) of nrp-land-v2 unmapped/);

    // Re-run, unchanged: nothing rewritten.
    const again = JSON.parse((await owh(...restArgs())).out);
    expect(again.entry.action).toBe('unchanged');
    expect(again.mappings[0].mapping).toBe('unchanged');

    // The engineer edits the mapping; a re-run with --yes keeps the edit and writes mapping.yaml.new.
    const edited = text.replace('# - { to: slsj, from: ?? }', '- { to: slsj, from: submittedAt }');
    writeFileSync(join(catalog, folder, 'mapping.yaml'), edited);
    const third = await owh(...restArgs().map((a) => (a === '国土资源审批系统 v2' ? '国土资源审批系统 第二版' : a)));
    expect(third.code).toBe(0);
    const r3 = JSON.parse(third.out);
    expect(readFileSync(join(catalog, folder, 'mapping.yaml'), 'utf8')).toBe(edited);
    expect(r3.mappings[0]).toMatchObject({ mapping: 'kept', newFile: `${folder}/mapping.yaml.new` });
    expect(existsSync(join(catalog, folder, 'mapping.yaml.new'))).toBe(true);
    expect(r3.entry).toMatchObject({ action: 'updated', before: { name: '国土资源审批系统 v2' }, after: { name: '国土资源审批系统 第二版' } });
    expect(r3.mappings[0].missingRequired).not.toContain('slsj');

    // Once the engineer accepts the fixture's output, the gates go on: mapped and connected are
    // recorded; the sandbox case shows what the system itself still refuses.
    cpSync(join(catalog, folder, 'fixtures/sample.expected.draft.json'), join(catalog, folder, 'fixtures/sample.expected.json'));
    const r4 = JSON.parse((await owh(...restArgs())).out);
    expect(r4.stages[0].checks.map((c: { stage: string; ok: boolean }) => [c.stage, c.ok])).toEqual([['mapped', true], ['connected', true], ['verified', false]]);
    expect(r4.stages[0]).toMatchObject({ from: 'planned', to: 'connected' });
    expect(r4.stages[0].checks[2].lacks).toMatch(/returned 400/);
    expect(readFileSync(join(catalog, 'systems.yaml'), 'utf8')).toContain('token: { env: OWH_NRP_LAND_V2_TOKEN }');
  });

  it('onboards a SOAP twin: lists the WSDL operations and scaffolds from the operation input', async () => {
    const run = await owh(
      '--config', config, 'onboard', 'hrss-twin',
      '--department', 'hrss', '--name', '社会保险业务系统（副本）', '--adapter', 'soap',
      '--wsdl', 'wsdl/hrss-social-insurance.wsdl', '--operation', 'SubmitApplication', '--endpoint', city.fleet.get('hrss-social-insurance')!.url,
      '--auth', 'ws-security', '--username', 'owh', '--password-env', 'OWH_HRSS_TWIN_PASSWORD',
      '--items', 'QT00101003', '--yes', '--json',
    );
    expect(run.err).toBe('');
    const report = JSON.parse(run.out);
    expect(run.code).toBe(0);
    expect(report.probe.state).toBe('up');
    expect(report.probe.services[0]).toMatchObject({ name: 'SocialInsuranceService' });
    expect(report.probe.operations.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['SubmitApplication', 'ReceiveOpinion', 'QueryCertificate', 'Ping']));
    expect(report.targetSchema.source).toBe('wsdl operation SubmitApplication');
    const folder = report.mappings[0].folder as string;
    const text = readFileSync(join(catalog, folder, 'mapping.yaml'), 'utf8');
    for (const field of ['ywlsh', 'sxbm', 'sqr.xm', 'sqr.zjhm', 'slsj', 'gsd']) expect(text).toMatch(new RegExp(`to: ${field.replace('.', '\\.')}[,\\s]`));
    expect(text).toContain('{ to: sqr.xm, from: applicant.name }');
    expect(text).toMatch(/to: cl, each: \?\?.*optional/);
    expect(() => loadCatalog(catalog)).not.toThrow();
  });

  it('refuses an unknown adapter kind and a bad base URL, naming the flag, with systems.yaml unchanged', async () => {
    const before = readFileSync(join(catalog, 'systems.yaml'), 'utf8');
    const unknown = await owh('--config', config, 'onboard', 'x-sys', '--department', 'nrp', '--adapter', 'ftp', '--yes', '--json');
    expect(unknown.code).toBe(65);
    expect(JSON.parse(unknown.err).message).toMatch(/--adapter ftp is not an adapter kind/);
    const badUrl = await owh('--config', config, 'onboard', 'x-sys', '--department', 'nrp', '--adapter', 'rest', '--base-url', 'not a url', '--yes');
    expect(badUrl.code).toBe(65);
    expect(badUrl.err).toMatch(/--base-url/);
    const badDept = await owh('--config', config, 'onboard', 'x-sys', '--department', 'nowhere', '--adapter', 'rest', '--base-url', 'http://127.0.0.1:1', '--yes');
    expect(badDept.code).toBe(65);
    expect(badDept.err).toMatch(/--department nowhere/);
    const leadTaken = await owh('--config', config, 'onboard', 'x-sys', '--department', 'nrp', '--adapter', 'rest', '--base-url', 'http://127.0.0.1:1', '--items', 'XK00302002', '--role', 'lead', '--yes');
    expect(leadTaken.code).toBe(65);
    expect(leadTaken.err).toMatch(/--role lead/);
    expect(readFileSync(join(catalog, 'systems.yaml'), 'utf8')).toBe(before);
  });

  it('exits 69 when the system cannot be reached, having registered it', async () => {
    const run = await owh('--config', config, 'onboard', 'x-down', '--department', 'nrp', '--adapter', 'rest', '--base-url', 'http://127.0.0.1:9', '--path', '/x', '--yes', '--json');
    expect(run.code).toBe(69);
    const report = JSON.parse(run.out);
    expect(report.probe.state).toBe('down');
    expect(report.entry.action).toBe('added');
    expect(report.missing.join('\n')).toMatch(/no catalog item names x-down/);
    const human = await owh('--config', config, 'onboard', 'x-down', '--yes');
    expect(human.code).toBe(69);
    expect(human.out).toMatch(/^systems\.yaml: x-down unchanged$/m);
    expect(human.out).toMatch(/^probe: x-down down — /m);
  });
});
