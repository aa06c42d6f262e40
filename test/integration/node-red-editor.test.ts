import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { loadConfig } from '../../src/config/load';
import { eventually, startTestHub } from '../helpers/hub-harness';
import { tempDir } from '../helpers/temp-dir';

// node-red bundles bcryptjs; the hub takes only hashes, as an administrator would give them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bcrypt = require('bcryptjs') as { hashSync(password: string, rounds: number): string };

const PASSWORD = 'editor-test-password';
const TAB = { id: 't1', type: 'tab', label: 'nrp-land', disabled: false, info: '' };
const INJECT = { id: 'n1', type: 'inject', z: 't1', name: 'sample case', props: [{ p: 'payload' }], repeat: '', once: false, topic: '', payload: '', payloadType: 'date', x: 100, y: 80, wires: [['n2']] };
const DEBUG = { id: 'n2', type: 'debug', z: 't1', name: 'to nrp-land', active: true, tosidebar: true, console: false, complete: 'payload', targetType: 'msg', x: 300, y: 80, wires: [] };

function editorSettings(flowsDir: string, hash: string) {
  return {
    enabled: true,
    path: '/editor',
    nodePath: '/flows-http',
    flowsDir,
    users: [
      { username: 'admin', passwordHash: { env: 'OWH_TEST_EDITOR_HASH', demoValue: hash }, permissions: '*' },
      { username: 'viewer', passwordHash: { env: 'OWH_TEST_EDITOR_VIEWER_HASH', demoValue: hash }, permissions: 'read' },
    ],
    credentialSecret: { env: 'OWH_TEST_EDITOR_SECRET', demoValue: 'test-credential-secret' },
  };
}

describe('the embedded Node-RED editor', () => {
  const hash = bcrypt.hashSync(PASSWORD, 4);
  const flows = tempDir('owh-flows-');
  let harness: Awaited<ReturnType<typeof startTestHub>>;
  let token: string;
  const url = (path: string) => `${harness.hub.url}${path}`;
  const admin = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, 'node-red-api-version': 'v2', ...extra });
  const getFlows = async () => {
    const res = await request(url('/editor/flows'), { headers: admin() });
    expect(res.statusCode).toBe(200);
    return (await res.body.json()) as { rev: string; flows: Array<Record<string, unknown>> };
  };
  const deploy = async (nodes: unknown[], rev: string) => {
    const res = await request(url('/editor/flows'), { method: 'POST', headers: admin({ 'content-type': 'application/json', 'node-red-deployment-type': 'full' }), body: JSON.stringify({ flows: nodes, rev }) });
    const body = await res.body.text();
    expect([res.statusCode, body]).toEqual([200, expect.stringContaining('rev')]);
  };

  beforeAll(async () => {
    writeFileSync(join(flows.path, 'nrp-land.json'), JSON.stringify([TAB, INJECT, DEBUG], null, 2));
    harness = await startTestHub({ editor: editorSettings(flows.path, hash) });
  });
  afterAll(async () => {
    await harness?.cleanup();
    flows.cleanup();
  });

  it('serves the editor page but refuses the admin API without a login', async () => {
    const page = await request(url('/editor/'));
    expect(page.statusCode).toBe(200);
    expect(await page.body.text()).toContain('onewindow-hub editor');
    const api = await request(url('/editor/flows'));
    await api.body.dump();
    expect(api.statusCode).toBe(401);
    const wrong = await request(url('/editor/auth/token'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', username: 'admin', password: 'wrong' }).toString() });
    await wrong.body.dump();
    expect(wrong.statusCode).toBe(403); // Node-RED refuses a wrong password with 403
  });

  it('logs in with a user of the configuration and reads the flows from the flow files', async () => {
    const res = await request(url('/editor/auth/token'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', username: 'admin', password: PASSWORD }).toString() });
    expect(res.statusCode).toBe(200);
    token = ((await res.body.json()) as { access_token: string }).access_token;
    expect(token).toEqual(expect.any(String));
    const { flows: nodes } = await getFlows();
    expect(nodes.map((n) => n.id).sort()).toEqual(['n1', 'n2', 't1']);
    expect(nodes.find((n) => n.id === 't1')).toMatchObject({ type: 'tab', label: 'nrp-land' });
  });

  it('writes a deploy back as one pretty file per tab, and serves the flows\' HTTP-in nodes under nodePath', async () => {
    const { rev } = await getFlows();
    const echoTab = { id: 't2', type: 'tab', label: 'Echo Service', disabled: false, info: '' };
    const httpIn = { id: 'h1', type: 'http in', z: 't2', name: '', url: '/hello', method: 'get', upload: false, swaggerDoc: '', x: 100, y: 80, wires: [['h2']] };
    const fn = { id: 'h2', type: 'function', z: 't2', name: 'greet', func: "msg.payload = { hello: msg.req.query.name || 'world' };\nreturn msg;", outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], x: 260, y: 80, wires: [['h3']] };
    const httpOut = { id: 'h3', type: 'http response', z: 't2', name: '', statusCode: '', headers: {}, x: 420, y: 80, wires: [] };
    await deploy([TAB, { ...INJECT, name: 'renamed in the editor' }, DEBUG, echoTab, httpIn, fn, httpOut], rev);

    expect(readdirSync(flows.path).sort()).toEqual(['_tab-order.txt', 'echo-service.json', 'nrp-land.json']);
    expect(readFileSync(join(flows.path, '_tab-order.txt'), 'utf8')).toBe('nrp-land.json\necho-service.json\n');
    const land = readFileSync(join(flows.path, 'nrp-land.json'), 'utf8');
    expect(land).toContain('"name": "renamed in the editor"');
    expect(land).toMatch(/^\[\n  \{\n    "disabled": false,/); // 2-space JSON, keys sorted
    const landNodes = JSON.parse(land) as Array<{ id: string }>;
    expect(landNodes.map((n) => n.id)).toEqual(['t1', 'n1', 'n2']); // the tab first, then by id
    const echo = JSON.parse(readFileSync(join(flows.path, 'echo-service.json'), 'utf8')) as Array<{ id: string }>;
    expect(echo.map((n) => n.id)).toEqual(['t2', 'h1', 'h2', 'h3']);
    expect(readdirSync(join(harness.dataDir, 'node-red'))).not.toContain('flows.json'); // flows live in flowsDir only

    const hello = await eventually(async () => {
      const res = await request(url('/flows-http/hello?name=hub'));
      const body = await res.body.text();
      return res.statusCode === 200 ? JSON.parse(body) : undefined;
    }, 5000, 'the deployed http-in flow answers');
    expect(hello).toEqual({ hello: 'hub' });
  });

  it('deletes the file of a deleted tab, and leaves unchanged files alone', async () => {
    const before = readFileSync(join(flows.path, 'nrp-land.json'), 'utf8');
    const { rev, flows: nodes } = await getFlows();
    await deploy(nodes.filter((n) => n.id !== 't2' && n.z !== 't2'), rev);
    expect(readdirSync(flows.path).sort()).toEqual(['_tab-order.txt', 'nrp-land.json']);
    expect(readFileSync(join(flows.path, 'nrp-land.json'), 'utf8')).toBe(before);
    const gone = await request(url('/flows-http/hello'));
    await gone.body.dump();
    expect(gone.statusCode).toBe(404);
  });

  it('lets a read-only user look at a mapping in the visual mapper but not save it; nobody without a login', async () => {
    const folder = 'mappings/beta/request/simple';
    const file = join(__dirname, '../fixtures/catalog-small', folder, 'mapping.yaml');
    const before = readFileSync(file, 'utf8');
    const login = await request(url('/editor/auth/token'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: 'node-red-admin', grant_type: 'password', scope: 'read', username: 'viewer', password: PASSWORD }).toString() });
    expect(login.statusCode).toBe(200);
    const viewer = { authorization: `Bearer ${((await login.body.json()) as { access_token: string }).access_token}` };
    // No hub named: the hub the editor runs in (this test hub's catalog).
    const view = await request(url(`/editor/owh/mapping?folder=${encodeURIComponent(folder)}`), { headers: viewer });
    expect(view.statusCode).toBe(200);
    const body = (await view.body.json()) as { spec: unknown; problems: unknown[] };
    expect(body.problems).toEqual([]);
    const save = await request(url('/editor/owh/mapping'), { method: 'PUT', headers: { ...viewer, 'content-type': 'application/json' }, body: JSON.stringify({ folder, spec: body.spec }) });
    await save.body.dump();
    expect(save.statusCode).toBe(401); // Node-RED's answer to a scope that does not allow it
    const anonymous = await request(url(`/editor/owh/mapping?folder=${encodeURIComponent(folder)}`));
    await anonymous.body.dump();
    expect(anonymous.statusCode).toBe(401);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('never shadows the hub\'s own API', async () => {
    const health = await request(url('/health'));
    expect(health.statusCode).toBe(200);
    expect(await health.body.json()).toMatchObject({ status: expect.any(String) });
    const api = await request(url('/api/v1/cases/no-such-case'), { headers: { 'x-api-key': 'platform-key' } });
    expect(api.statusCode).toBe(404);
    expect(await api.body.json()).toMatchObject({ code: expect.stringMatching(/^OWH_/) });
  });
});

describe('the editor\'s configuration', () => {
  it('refuses a nodePath that overlaps the hub\'s API, naming the setting', () => {
    const dir = tempDir();
    try {
      expect(() => loadConfig({ cwd: dir.path, overrides: { editor: { nodePath: '/api/flows' } } })).toThrow(/editor\.nodePath \/api\/flows overlaps \/api/);
      expect(() => loadConfig({ cwd: dir.path, overrides: { editor: { path: '/health' } } })).toThrow(/editor\.path \/health overlaps \/health/);
      expect(() => loadConfig({ cwd: dir.path, overrides: { editor: { nodePath: '/editor/http' } } })).toThrow(/editor\.nodePath \/editor\/http overlaps \/editor/);
      const ok = loadConfig({ cwd: dir.path, overrides: { editor: { nodePath: '/apis' } } });
      expect(ok.editor).toMatchObject({ enabled: false, path: '/editor', nodePath: '/apis', flowsDir: join(dir.path, 'flows'), userDir: join(dir.path, 'data', 'node-red') });
    } finally {
      dir.cleanup();
    }
  });

  it('refuses to start an editor without users', async () => {
    await expect(startTestHub({ editor: { enabled: true, users: [], credentialSecret: { env: 'OWH_TEST_EDITOR_SECRET', demoValue: 'x' } } })).rejects.toMatchObject({
      code: 'OWH_CONFIG_INVALID',
      message: expect.stringContaining('editor.users is empty'),
    });
  });

  it('refuses a password that is not a bcrypt hash', async () => {
    await expect(startTestHub({ editor: { enabled: true, users: [{ username: 'a', passwordHash: { env: 'OWH_TEST_EDITOR_HASH', demoValue: 'plain-password' } }], credentialSecret: { env: 'OWH_TEST_EDITOR_SECRET', demoValue: 'x' } } })).rejects.toMatchObject({
      code: 'OWH_CONFIG_INVALID',
      message: expect.stringContaining('does not hold a bcrypt hash'),
    });
  });

  it('the demo city\'s flows load: one file per department system, each a tab and its nodes', () => {
    const dir = join(__dirname, '../../flows');
    const files = readdirSync(dir).filter((n) => n.endsWith('.json'));
    expect(files).toContain('nrp-land.json');
    for (const name of files) {
      const nodes = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Array<{ id: string; type: string; z?: string; label?: string }>;
      if (name === '_config.json') continue;
      const tab = nodes[0];
      expect([name, tab.type]).toEqual([name, 'tab']);
      expect(`${tab.label}.json`).toBe(name);
      for (const node of nodes.slice(1)) expect([node.id, node.z ?? tab.id]).toEqual([node.id, tab.id]);
    }
    expect(existsSync(join(dir, 'nrp-land.json'))).toBe(true);
  });
});
