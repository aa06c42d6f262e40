import { cpSync, readFileSync, writeFileSync, mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { helper, statusesOf, loadNode, nextCall, nextMessage, NodeRedNode, repoRoot, tempDir, useNodeRedHelper, writeHubConfig } from './support';

const hubNode = loadNode('owh-hub');
const mapNode = loadNode('owh-map');
const demoCatalog = join(repoRoot, 'examples/demo-city/catalog');
const folder = 'mappings/nrp-land/request/nrp-land-use-planning-permit';
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

function flow(configFile: string, mapping: string) {
  return [
    { id: 'hub', type: 'owh-hub', configFile },
    { id: 'map', type: 'owh-map', hub: 'hub', mapping, wires: [['out']] },
    { id: 'out', type: 'helper' },
  ];
}

describe('owh-map', () => {
  useNodeRedHelper();
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.remove());

  it('maps msg.payload with the catalog mapping to exactly its fixture\'s expected output', async () => {
    const config = writeHubConfig(tmp.dir, demoCatalog);
    await helper.load([hubNode, mapNode], flow(config, folder));
    const map: NodeRedNode = helper.getNode('map');
    const out: NodeRedNode = helper.getNode('out');
    const received = nextMessage(out);
    map.receive({ payload: readJson(join(demoCatalog, folder, 'fixtures/sample.input.json')) });
    const msg = await received;
    expect(msg.payload).toEqual(readJson(join(demoCatalog, folder, 'fixtures/sample.expected.json')));
  });

  it('shows the mapping\'s kind and name in its status at deploy', async () => {
    await helper.load([hubNode, mapNode], flow(writeHubConfig(tmp.dir, demoCatalog), folder));
    expect(statusesOf('map').at(-1)).toEqual({ fill: 'green', shape: 'dot', text: 'request: nrp-land-use-planning-permit' });
  });

  it('fails a message with OWH_MAPPING_FAILED when the case cannot be mapped (masked message)', async () => {
    const dir = join(tmp.dir, 'm');
    mkdirSync(dir);
    writeFileSync(join(dir, 'mapping.yaml'), 'kind: request\nrules:\n  - { to: id, from: applicant.idNumber, required: true }\n  - { to: phone, from: applicant.mobile, required: true }\n');
    await helper.load([hubNode, mapNode], flow(writeHubConfig(tmp.dir, demoCatalog), dir));
    const map: NodeRedNode = helper.getNode('map');
    const failed = nextCall(map, 'error');
    map.receive({ payload: { applicant: { idNumber: '330203199001011234' } } });
    const [error] = await failed;
    expect(error.code).toBe('OWH_MAPPING_FAILED');
    expect(error.message).not.toContain('199001011234');
  });

  it('shows a mapping file that fails its schema on a red ring and fails every message with OWH_MAPPING_INVALID', async () => {
    const dir = join(tmp.dir, 'broken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'mapping.yaml'), 'kind: request\nrules:\n  - { to: 1, frm: caseId }\n');
    await helper.load([hubNode, mapNode], flow(writeHubConfig(tmp.dir, demoCatalog), dir));
    const map: NodeRedNode = helper.getNode('map');
    const out: NodeRedNode = helper.getNode('out');
    const passed = jest.fn();
    out.on('input', passed);
    // Shown at deploy, before any message.
    expect(statusesOf('map').at(-1)).toMatchObject({ fill: 'red', shape: 'ring', text: expect.stringContaining('OWH_MAPPING_INVALID') });
    const failed = nextCall(map, 'error');
    map.receive({ payload: { caseId: 'NB1' } });
    const [error] = await failed;
    expect(error.code).toBe('OWH_MAPPING_INVALID');
    expect(error.message).toContain('mapping.yaml');
    expect(error.details.length).toBeGreaterThan(0);
    expect(passed).not.toHaveBeenCalled();
  });

  it('loads the mapping again when its file changes', async () => {
    const dir = join(tmp.dir, 'live');
    mkdirSync(dir);
    const file = join(dir, 'mapping.yaml');
    writeFileSync(file, 'kind: request\nrules:\n  - { to: first, from: caseId }\n');
    await helper.load([hubNode, mapNode], flow(writeHubConfig(tmp.dir, demoCatalog), dir));
    const map: NodeRedNode = helper.getNode('map');
    const out: NodeRedNode = helper.getNode('out');
    let received = nextMessage(out);
    map.receive({ payload: { caseId: 'NB1' } });
    expect((await received).payload).toEqual({ first: 'NB1' });

    writeFileSync(file, 'kind: request\nrules:\n  - { to: second, from: caseId }\n');
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    received = nextMessage(out);
    map.receive({ payload: { caseId: 'NB2' } });
    expect((await received).payload).toEqual({ second: 'NB2' });
  });

  it('shows a file that stops loading on its ring as soon as it is saved, before any message, and green again once fixed', async () => {
    const dir = join(tmp.dir, 'watched');
    mkdirSync(dir);
    const file = join(dir, 'mapping.yaml');
    writeFileSync(file, 'kind: request\nrules:\n  - { to: first, from: caseId }\n');
    await helper.load([hubNode, mapNode], flow(writeHubConfig(tmp.dir, demoCatalog), dir));
    expect(statusesOf('map').at(-1)).toMatchObject({ fill: 'green' });
    const until = async (fill: string) => {
      for (let i = 0; i < 100 && statusesOf('map').at(-1)?.fill !== fill; i++) await new Promise((r) => setTimeout(r, 50));
      return statusesOf('map').at(-1);
    };
    writeFileSync(file, 'kind: request\nrules:\n  - { from: caseId }\n');
    expect(await until('red')).toMatchObject({ fill: 'red', text: expect.stringContaining('OWH_MAPPING_INVALID') });
    writeFileSync(file, 'kind: request\nrules:\n  - { to: again, from: caseId }\n');
    expect(await until('green')).toMatchObject({ fill: 'green' });
  });

  it('lists the deployed hub\'s mapping folders for the edit form (GET /owh/mappings), the hub\'s own with no hub named', async () => {
    await helper.load([hubNode, mapNode], flow(writeHubConfig(tmp.dir, demoCatalog), folder));
    const answer = await helper.request().get('/owh/mappings').query({ hub: 'hub' }).expect(200);
    expect(answer.body.folders).toContain(folder);
    // No hub named: the configuration of the hub the editor runs in (here: ./owh.yaml, the demo city).
    const own = await helper.request().get('/owh/mappings').expect(200);
    expect(own.body.folders).toContain(folder);
    const undeployed = await helper.request().get('/owh/mappings').query({ hub: 'not-deployed' }).expect(200);
    expect(undeployed.body).toEqual({ folders: [], note: 'deploy the owh-hub config node first' });
  });

  it('serves the visual mapper: a folder\'s fields and sample, a preview of an edited spec, and saving it to the mapping file', async () => {
    const catalog = join(tmp.dir, 'catalog');
    cpSync(demoCatalog, catalog, { recursive: true });
    await helper.load([hubNode, mapNode], flow(writeHubConfig(tmp.dir, catalog), folder));
    const view = (await helper.request().get('/owh/mapping').query({ hub: 'hub', folder }).expect(200)).body;
    expect(view.problems).toEqual([]);
    expect(view.targetFields.some((f: { required: boolean }) => f.required)).toBe(true);
    expect(view.formFields.length).toBeGreaterThan(0);
    expect(view.sourceFields).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'applicant.name', origin: 'case' }),
      expect.objectContaining({ path: 'form.projectName', origin: 'form' }),
      expect.objectContaining({ path: 'materials[].fileName' }),
    ]));
    expect(view.transforms).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'date', shape: 'object', params: [expect.objectContaining({ name: 'to', required: true })] })]));
    expect(view.codeTables).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'idType', file: '../../../../code-tables/id-type.yaml' })]));
    expect(view.fixtures).toEqual([expect.objectContaining({ fixture: 'sample', passed: true })]);
    const spec = { ...view.spec, rules: [...view.spec.rules, { to: 'bz', value: '可视化映射' }] };
    const preview = (await helper.request().post('/owh/mapping/preview').send({ hub: 'hub', folder, spec, sample: 'sample' }).expect(200)).body;
    expect(preview.output).toMatchObject({ bz: '可视化映射' });
    expect(preview.fixtures).toEqual([expect.objectContaining({ fixture: 'sample', passed: false, differences: [expect.objectContaining({ pointer: '/bz', actual: '可视化映射' })] })]);
    const saved = (await helper.request().put('/owh/mapping').send({ hub: 'hub', folder, spec, acceptFixtures: ['sample'] }).expect(200)).body;
    expect(saved).toMatchObject({ saved: true, fixturesWritten: ['sample'] });
    const text = readFileSync(join(catalog, folder, 'mapping.yaml'), 'utf8');
    expect(text).toContain('可视化映射');
    expect(text).toMatch(/^# Request mapping/); // the file's comments are kept
    expect(readJson(join(catalog, folder, 'fixtures/sample.expected.json')).bz).toBe('可视化映射');
    const refused = (await helper.request().put('/owh/mapping').send({ hub: 'hub', folder, spec: { kind: 'request', rules: [{ from: 'x' }] } }).expect(400)).body;
    expect(refused).toMatchObject({ code: 'OWH_MAPPING_INVALID', errors: [expect.objectContaining({ pointer: '/rules/0/to' })] });
    expect((await helper.request().get('/owh/mapping').query({ hub: 'hub', folder: '../../..' }).expect(400)).body.code).toBe('OWH_USAGE');
  });
});
