import { request } from 'undici';
import { DepartmentServer } from '../helpers/department-server';
import { caseInReady, startHubWithEditor } from '../helpers/editor-hub';
import { eventually } from '../helpers/hub-harness';
import { sampleCase } from '../helpers/sample-case';

jest.setTimeout(30_000);

/**
 * A department system whose delivery path is a flow: beta's REST connector points at the hub's own
 * `owh case in` endpoint; the flow fails each case's first attempt (so the request times out with
 * 503 and the hub retries) and posts beta's acceptance with `owh result` on the second, which
 * acknowledges the delivery.
 */
describe('a flow as a system\'s delivery path', () => {
  const alpha = new DepartmentServer();
  let hub: Awaited<ReturnType<typeof startHubWithEditor>>;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = { 'x-api-key': 'platform-key' }) => {
    const res = await request(hub.hubUrl + path, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? (JSON.parse(text) as any) : undefined };
  };

  beforeAll(async () => {
    const alphaUrl = await alpha.start();
    hub = await startHubWithEditor((hubUrl) => ({
      connectors: {
        alpha: { baseUrl: alphaUrl },
        beta: { baseUrl: hubUrl, path: '/flows-http/owh/cases/beta', health: { method: 'GET', path: '/health' } },
      },
    }));
    // The system token travels among the config node's credentials.
    await hub.deploy([
      { id: 'tb', type: 'tab', label: 'beta', disabled: false, info: '' },
      { id: 'hub', type: 'owh-hub', name: 'this hub', url: hub.hubUrl, configFile: '', credentials: { systemToken: 'beta-results' } },
      { id: 'in', type: 'owh-case-in', z: 'tb', name: '', system: 'beta', timeoutMs: 500, hub: 'hub', x: 100, y: 80, wires: [['fn']] },
      {
        id: 'fn', type: 'function', z: 'tb', name: 'fails the first attempt', outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], x: 300, y: 80, wires: [['res']],
        func: "const n = (flow.get('attempts') || {});\nn[msg.caseId] = (n[msg.caseId] || 0) + 1;\nflow.set('attempts', n);\nif (n[msg.caseId] === 1) throw new Error('first attempt fails');\nmsg.payload = { kind: 'acceptance', outcome: 'accepted', receipt: 'FLOW-' + n[msg.caseId] };\nreturn msg;",
      },
      { id: 'res', type: 'owh-result', z: 'tb', name: '', hub: 'hub', x: 500, y: 80, wires: [[]] },
    ]);
    await caseInReady(hub.hubUrl, 'beta');
  });
  afterAll(async () => {
    await hub?.cleanup();
    await alpha.stop();
  });

  it('delivers beta\'s part of a case through the flow: the first attempt fails (503, retried), the second posts beta\'s acceptance and is acknowledged', async () => {
    const caseId = 'NB2026112800101';
    expect((await call('POST', '/api/v1/cases', sampleCase({ caseId, itemCode: 'XK00002001' }))).status).toBe(202);
    const view = await eventually(async () => {
      const v = (await call('GET', `/api/v1/cases/${caseId}`)).body;
      const store = (await hub.harness.hub.store.getCase(caseId))!;
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
