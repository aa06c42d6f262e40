import { join } from 'node:path';
import { helper, loadNode, nextCall, nextMessage, NodeRedNode, repoRoot, startPeer, statusesOf, tempDir, useNodeRedHelper, writeHubConfig } from './support';

const hubNode = loadNode('owh-hub');
const deliverNode = loadNode('owh-deliver');
const lookupNode = loadNode('owh-lookup');
const smallCatalog = join(repoRoot, 'test/fixtures/catalog-small');

describe('owh-deliver', () => {
  useNodeRedHelper();
  let tmp: ReturnType<typeof tempDir>;
  let peer: Awaited<ReturnType<typeof startPeer>>;
  let answer: { status: number; body: unknown };
  beforeEach(async () => {
    tmp = tempDir();
    answer = { status: 201, body: { receipt: 'BETA-0001' } };
    peer = await startPeer(() => answer);
  });
  afterEach(async () => {
    await peer.close();
    tmp.remove();
  });

  async function deploy(system = 'beta') {
    // The catalog's beta is a REST system; the hub's configuration points it at the test's server.
    const config = writeHubConfig(tmp.dir, smallCatalog, `connectors:\n  beta: { baseUrl: "${peer.url}" }\n`);
    await helper.load([hubNode, deliverNode], [
      { id: 'hub', type: 'owh-hub', configFile: config },
      { id: 'deliver', type: 'owh-deliver', hub: 'hub', system, wires: [['out']] },
      { id: 'out', type: 'helper' },
    ]);
    return { deliver: helper.getNode('deliver') as NodeRedNode, out: helper.getNode('out') as NodeRedNode };
  }

  it('sends msg.payload through the system\'s connector with the idempotency key and puts the answer in msg.ack', async () => {
    const { deliver, out } = await deploy();
    expect(statusesOf('deliver').at(-1)).toEqual({ fill: 'grey', shape: 'dot', text: 'beta (rest)' });
    const received = nextMessage(out);
    deliver.receive({ caseId: 'NB2026112800001', payload: { applicationNo: 'NB2026112800001', companyName: '宁波甲公司' } });
    const msg = await received;
    expect(peer.seen).toHaveLength(1);
    expect(peer.seen[0]).toMatchObject({ method: 'POST', url: '/cases', body: { applicationNo: 'NB2026112800001', companyName: '宁波甲公司' } });
    expect(peer.seen[0].headers['idempotency-key']).toBe('NB2026112800001:beta');
    expect(msg.ack).toMatchObject({ status: 201, body: { receipt: 'BETA-0001' } });
    expect(msg.idempotencyKey).toBe('NB2026112800001:beta');
    expect(statusesOf('deliver').at(-1)).toEqual({ fill: 'green', shape: 'dot', text: 'NB2026112800001: 201' });
  });

  it('keeps msg.idempotencyKey and sends msg.operation to the operation\'s path', async () => {
    const { deliver, out } = await deploy();
    const received = nextMessage(out);
    deliver.receive({ caseId: 'NB2', idempotencyKey: 'NB2:beta:supplement:BZ-1', operation: 'supplement', payload: { note: 'x' } });
    await received;
    expect(peer.seen[0].url).toBe('/cases/NB2/supplements');
    expect(peer.seen[0].headers['idempotency-key']).toBe('NB2:beta:supplement:BZ-1');
  });

  it('fails the message with OWH_SEND_REJECTED when the system answers 400, masking what it echoes', async () => {
    answer = { status: 400, body: { error: 'bad id 330203199001011234' } };
    const { deliver, out } = await deploy();
    const passed = jest.fn();
    out.on('input', passed);
    const failed = nextCall(deliver, 'error');
    deliver.receive({ caseId: 'NB3', payload: { id: '330203199001011234' } });
    const [error] = await failed;
    expect(error.code).toBe('OWH_SEND_REJECTED');
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain('199001011234');
    expect(passed).not.toHaveBeenCalled();
    expect(statusesOf('deliver').at(-1)).toMatchObject({ fill: 'red', shape: 'ring', text: expect.stringContaining('OWH_SEND_REJECTED') });
  });

  it('classifies a 503 as OWH_SEND_SERVER_ERROR, retryable', async () => {
    answer = { status: 503, body: {} };
    const { deliver } = await deploy();
    const failed = nextCall(deliver, 'error');
    deliver.receive({ caseId: 'NB4', payload: {} });
    const [error] = await failed;
    expect(error).toMatchObject({ code: 'OWH_SEND_SERVER_ERROR', retryable: true });
  });

  it('fails a message without a case id with OWH_USAGE and sends nothing', async () => {
    const { deliver } = await deploy();
    const failed = nextCall(deliver, 'error');
    deliver.receive({ payload: { x: 1 } });
    expect((await failed)[0].code).toBe('OWH_USAGE');
    expect(peer.seen).toHaveLength(0);
  });

  it('shows a system the catalog does not have on a red ring and fails messages with its code', async () => {
    const { deliver } = await deploy('gamma');
    expect(statusesOf('deliver').at(-1)).toMatchObject({ fill: 'red', shape: 'ring', text: expect.stringContaining('OWH_CATALOG_INVALID') });
    const failed = nextCall(deliver, 'error');
    deliver.receive({ caseId: 'NB5', payload: {} });
    expect((await failed)[0].code).toBe('OWH_CATALOG_INVALID');
  });
});

describe('owh-lookup', () => {
  useNodeRedHelper();
  let tmp: ReturnType<typeof tempDir>;
  let peer: Awaited<ReturnType<typeof startPeer>>;
  beforeEach(async () => {
    tmp = tempDir();
    peer = await startPeer(() => ({ status: 200, body: { data: { zmbh: 'SB-001', jfys: 36, dwmc: '某单位' } } }));
  });
  afterEach(async () => {
    await peer.close();
    tmp.remove();
  });

  it('sends only what the request mapping names and keeps only what the answer mapping names', async () => {
    const config = writeHubConfig(tmp.dir, smallCatalog, `connectors:\n  beta: { baseUrl: "${peer.url}" }\n`);
    await helper.load([hubNode, lookupNode], [
      { id: 'hub', type: 'owh-hub', configFile: config },
      { id: 'lookup', type: 'owh-lookup', hub: 'hub', system: 'beta', operation: 'certificate', request: 'mappings/beta/lookup/certificate', answer: 'mappings/beta/answer/certificate', wires: [['out']] },
      { id: 'out', type: 'helper' },
    ]);
    const lookup: NodeRedNode = helper.getNode('lookup');
    const received = nextMessage(helper.getNode('out'));
    lookup.receive({ payload: { caseId: 'NB6', applicant: { idNumber: '330203199001011234', name: '张三', mobile: '13800000000' }, form: { a: 1 } } });
    const msg = await received;
    expect(peer.seen[0].url).toBe('/certificates');
    expect(peer.seen[0].body).toEqual({ sfzh: '330203199001011234', xm: '张三' });
    expect(peer.seen[0].headers['idempotency-key']).toBe('NB6:beta:lookup:certificate');
    expect(msg.payload).toEqual({ certificateNo: 'SB-001', monthsPaid: 36 });
  });
});
