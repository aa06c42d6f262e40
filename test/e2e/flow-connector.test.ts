import { request } from 'undici';
import { freePort } from '../../src/util/net';
import { DepartmentServer } from '../helpers/department-server';
import { eventually, startTestHub } from '../helpers/hub-harness';
import { sampleCase } from '../helpers/sample-case';
import { tempDir } from '../helpers/temp-dir';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const bcrypt = require('bcryptjs') as { hashSync(password: string, rounds: number): string };

jest.setTimeout(30_000);

const PASSWORD = 'flow-connector-password';

/**
 * A department system whose delivery path is a flow: beta's REST connector points at the hub's own
 * `owh case in` endpoint; the flow fails each case's first attempt (so the request times out with
 * 503 and the hub retries) and posts beta's acceptance with `owh result` on the second, which
 * acknowledges the delivery.
 */
describe('a flow as a system\'s delivery path', () => {
  const flows = tempDir('owh-flow-connector-');
  const alpha = new DepartmentServer();
  let harness: Awaited<ReturnType<typeof startTestHub>>;
  let hubUrl: string;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = { 'x-api-key': 'platform-key' }) => {
    const res = await request(hubUrl + path, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? (JSON.parse(text) as any) : undefined };
  };

  beforeAll(async () => {
    const port = await freePort();
    hubUrl = `http://127.0.0.1:${port}`;
    harness = await startTestHub({
      server: { host: '127.0.0.1', port },
      connectors: {
        alpha: { baseUrl: await alpha.start() },
        beta: { baseUrl: hubUrl, path: '/flows-http/owh/cases/beta', health: { method: 'GET', path: '/health' } },
      },
      editor: {
        enabled: true,
        path: '/editor',
        nodePath: '/flows-http',
        flowsDir: flows.path,
        users: [{ username: 'admin', passwordHash: { env: 'OWH_TEST_EDITOR_HASH', demoValue: bcrypt.hashSync(PASSWORD, 4) }, permissions: '*' }],
        credentialSecret: { env: 'OWH_TEST_EDITOR_SECRET', demoValue: 'test-credential-secret' },
      },
    });

    // Deploy the flow through the admin API, the system token among the config node's credentials.
    const login = await request(`${hubUrl}/editor/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', username: 'admin', password: PASSWORD }).toString() });
    const { access_token: token } = (await login.body.json()) as { access_token: string };
    const admin = { authorization: `Bearer ${token}`, 'node-red-api-version': 'v2' };
    const current = await request(`${hubUrl}/editor/flows`, { headers: admin });
    const { rev } = (await current.body.json()) as { rev: string };
    const nodes = [
      { id: 'tb', type: 'tab', label: 'beta', disabled: false, info: '' },
      { id: 'hub', type: 'owh-hub', name: 'this hub', url: hubUrl, configFile: '', credentials: { systemToken: 'beta-results' } },
      { id: 'in', type: 'owh-case-in', z: 'tb', name: '', system: 'beta', timeoutMs: 500, hub: 'hub', x: 100, y: 80, wires: [['fn']] },
      {
        id: 'fn', type: 'function', z: 'tb', name: 'fails the first attempt', outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], x: 300, y: 80, wires: [['res']],
        func: "const n = (flow.get('attempts') || {});\nn[msg.caseId] = (n[msg.caseId] || 0) + 1;\nflow.set('attempts', n);\nif (n[msg.caseId] === 1) throw new Error('first attempt fails');\nmsg.payload = { kind: 'acceptance', outcome: 'accepted', receipt: 'FLOW-' + n[msg.caseId] };\nreturn msg;",
      },
      { id: 'res', type: 'owh-result', z: 'tb', name: '', hub: 'hub', x: 500, y: 80, wires: [[]] },
    ];
    const deployed = await request(`${hubUrl}/editor/flows`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json', 'node-red-deployment-type': 'full' }, body: JSON.stringify({ flows: nodes, rev }) });
    expect([deployed.statusCode, await deployed.body.text()]).toEqual([200, expect.stringContaining('rev')]);
    // The endpoint is up once it answers (400: no idempotency key).
    await eventually(async () => {
      const res = await request(`${hubUrl}/flows-http/owh/cases/beta`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      await res.body.dump();
      return res.statusCode === 400 ? true : undefined;
    }, 5000, 'the flow\'s endpoint');
  });
  afterAll(async () => {
    await harness?.cleanup();
    await alpha.stop();
    flows.cleanup();
  });

  it('delivers beta\'s part of a case through the flow: the first attempt fails (503, retried), the second posts beta\'s acceptance and is acknowledged', async () => {
    const caseId = 'NB2026112800101';
    expect((await call('POST', '/api/v1/cases', sampleCase({ caseId, itemCode: 'XK00002001' }))).status).toBe(202);
    const view = await eventually(async () => {
      const v = (await call('GET', `/api/v1/cases/${caseId}`)).body;
      const store = (await harness.hub.store.getCase(caseId))!;
      const beta = store.deliveries.find((d) => d.kind === 'case' && d.connectorId === 'beta');
      return beta?.status === 'delivered' && store.results.some((r: any) => r.systemId === 'beta' || r.system === 'beta') ? { v, store, beta } : undefined;
    }, 15_000, 'beta delivered and its result recorded');
    expect(view.beta).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(alpha.requests.filter((r) => r.path === `/apply/${caseId}`)).toHaveLength(1);
    const retries = view.v.timeline.filter((e: any) => e.type === 'delivery.retry');
    expect(retries).toEqual([expect.objectContaining({ type: 'delivery.retry' })]);
    expect(JSON.stringify(retries[0])).toContain('beta');
    expect(JSON.stringify(view.store.results)).toContain('FLOW-2');
  });
});
