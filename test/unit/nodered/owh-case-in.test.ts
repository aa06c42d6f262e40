import { helper, loadNode, nextMessage, NodeRedNode, startPeer, statusesOf, useNodeRedHelper } from './support';

const hubNode = loadNode('owh-hub');
const resultNode = loadNode('owh-result');
const caseIn = loadNode('owh-case-in');
// The helper's request() is supertest over the admin app; the flows' HTTP routes are on RED.httpNode, caught here.
let httpNode: unknown;
const caseInNode = (RED: { httpNode: unknown }) => {
  httpNode = RED.httpNode;
  return caseIn(RED);
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const supertest = require(require.resolve('supertest', { paths: [require.resolve('node-red-node-test-helper')] }));
const core = (file: string) => require(require.resolve(`@node-red/nodes/core/${file}`, { paths: [require.resolve('node-red')] }));
const httpNodes = core('network/21-httpin.js');

const CASE = { caseId: 'NB7', itemCode: 'XK00002001', applicant: { name: '张三' } };
const KEY = 'NB7:beta';

describe('owh-case-in', () => {
  useNodeRedHelper();

  const post = (body: unknown, key?: string) => {
    const req = supertest(httpNode).post('/owh/cases/beta').set('content-type', 'application/json');
    if (key) req.set('idempotency-key', key);
    return req.send(JSON.stringify(body));
  };

  it('serves POST /owh/cases/<system> and emits the case with caseId and idempotencyKey; the core http response answers it', async () => {
    await helper.load(
      [caseInNode, httpNodes],
      [
        { id: 'in', type: 'owh-case-in', system: 'beta', timeoutMs: 5000, wires: [['out', 'reply']] },
        { id: 'out', type: 'helper' },
        { id: 'reply', type: 'http response', statusCode: '', headers: {} },
      ],
    );
    const received = nextMessage(helper.getNode('out') as NodeRedNode);
    const res = await post(CASE, KEY);
    const msg = await received;
    expect(msg).toMatchObject({ payload: CASE, caseId: 'NB7', idempotencyKey: KEY, system: 'beta', _owhCase: { caseId: 'NB7', idempotencyKey: KEY } });
    // http response sends msg.payload with 200: a 2xx acknowledges the key.
    expect(res.status).toBe(200);
    expect(res.body).toEqual(CASE);
    expect(statusesOf('in').at(-1)).toMatchObject({ fill: 'green', text: expect.stringContaining('1 acknowledged') });
  });

  it('refuses a request without an Idempotency-Key header (400) and emits nothing', async () => {
    await helper.load([caseInNode], [{ id: 'in', type: 'owh-case-in', system: 'beta', wires: [['out']] }, { id: 'out', type: 'helper' }]);
    const passed = jest.fn();
    (helper.getNode('out') as NodeRedNode).on('input', passed);
    const res = await post(CASE);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'OWH_USAGE', message: expect.stringContaining('Idempotency-Key') });
    expect(passed).not.toHaveBeenCalled();
  });

  it('answers 503 when the flow does not acknowledge the case within timeoutMs', async () => {
    await helper.load([caseInNode], [{ id: 'in', type: 'owh-case-in', system: 'beta', timeoutMs: 100, wires: [['out']] }, { id: 'out', type: 'helper' }]);
    const started = Date.now();
    const res = await post(CASE, KEY);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'OWH_SEND_SERVER_ERROR' });
    expect(res.headers['retry-after']).toBe('1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  describe('acknowledged by owh result', () => {
    let hub: Awaited<ReturnType<typeof startPeer>>;
    let answer: { status: number; body: unknown };
    beforeEach(async () => {
      answer = { status: 201, body: { caseId: 'NB7', status: 'accepted', duplicate: false } };
      hub = await startPeer(() => answer);
    });
    afterEach(() => hub.close());

    async function deploy() {
      await helper.load(
        [hubNode, resultNode, caseInNode],
        [
          { id: 'hub', type: 'owh-hub', url: hub.url },
          { id: 'in', type: 'owh-case-in', system: 'beta', timeoutMs: 300, wires: [['result', 'out']] },
          { id: 'result', type: 'owh-result', hub: 'hub', wires: [[]] },
          { id: 'out', type: 'helper' },
        ],
        { hub: { systemToken: 'beta-results' } },
      );
      // owh result posts msg.payload: the flow's result for the case is the case body here, which the stand-in hub takes.
      return helper.getNode('out') as NodeRedNode;
    }

    it('answers 200 {received, caseId} once the result is posted, and a resend of the key 200 at once without a second message', async () => {
      const out = await deploy();
      const seen: unknown[] = [];
      out.on('input', (msg: unknown) => seen.push(msg));
      const res = await post(CASE, KEY);
      expect([res.status, res.body]).toEqual([200, { received: true, caseId: 'NB7' }]);
      expect(hub.seen).toHaveLength(1);
      expect(hub.seen[0]).toMatchObject({ url: '/api/v1/cases/NB7/results', headers: { authorization: 'Bearer beta-results' } });

      const again = await post(CASE, KEY);
      expect([again.status, again.body]).toEqual([200, { received: true, caseId: 'NB7', duplicate: true }]);
      expect(seen).toHaveLength(1);
      expect(hub.seen).toHaveLength(1);
    });

    it('answers 503 when the result could not be posted (the hub refused it), and emits the case again on the retry', async () => {
      answer = { status: 500, body: { code: 'OWH_INTERNAL', message: 'down' } };
      const out = await deploy();
      const seen: unknown[] = [];
      out.on('input', (msg: unknown) => seen.push(msg));
      const res = await post(CASE, KEY);
      expect(res.status).toBe(503);
      answer = { status: 201, body: { caseId: 'NB7', status: 'accepted', duplicate: false } };
      const retry = await post(CASE, KEY);
      expect(retry.status).toBe(200);
      expect(seen).toHaveLength(2);
    });
  });
});
