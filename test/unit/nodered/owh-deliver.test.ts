import { join } from 'node:path';
import { eventually, startTestHub } from '../../helpers/hub-harness';
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

  const lookupFlow = (config: string, hub: Record<string, unknown>, extra: Record<string, unknown> = {}) => [
    { id: 'hub', type: 'owh-hub', configFile: config, ...hub },
    { id: 'lookup', type: 'owh-lookup', hub: 'hub', system: 'beta', operation: 'certificate', request: 'mappings/beta/lookup/certificate', answer: 'mappings/beta/answer/certificate', legalBasis: '《浙江省公共数据条例》第二十二条', purpose: '核验社保缴纳', wires: [['out']], ...extra },
    { id: 'out', type: 'helper' },
  ];
  const theCase = { caseId: 'NB6', itemCode: 'XK00000001', applicant: { idNumber: '330203199001011234', name: '张三', mobile: '13800000000' }, form: { a: 1 } };

  describe('with a hub to log in', () => {
    let harness: Awaited<ReturnType<typeof startTestHub>>;
    beforeEach(async () => {
      harness = await startTestHub();
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    it('sends only what the request mapping names, keeps only what the answer mapping names, and logs the exchange in the hub\'s sharing log first', async () => {
      const config = writeHubConfig(tmp.dir, smallCatalog, `connectors:\n  beta: { baseUrl: "${peer.url}" }\n`);
      await helper.load([hubNode, lookupNode], lookupFlow(config, { url: harness.hub.url }), { hub: { apiKey: 'platform-key' } });
      const lookup: NodeRedNode = helper.getNode('lookup');
      const received = nextMessage(helper.getNode('out'));
      lookup.receive({ payload: theCase });
      const msg = await received;
      expect(peer.seen[0].url).toBe('/certificates');
      expect(peer.seen[0].body).toEqual({ sfzh: '330203199001011234', xm: '张三' });
      expect(peer.seen[0].headers['idempotency-key']).toBe('NB6:beta:lookup:certificate');
      expect(msg.payload).toEqual({ certificateNo: 'SB-001', monthsPaid: 36 });
      const [entry] = await harness.hub.store.listSharingLog({ caseId: 'NB6' });
      expect(entry).toMatchObject({
        id: msg.sharingLogId,
        lookup: 'certificate',
        sourceSystem: 'beta',
        subject: '330203********1234',
        requestFields: ['sfzh', 'xm'],
        answerFields: ['certificateNo', 'monthsPaid'],
        legalBasis: '《浙江省公共数据条例》第二十二条',
        purpose: '核验社保缴纳',
        outcome: 'answered',
      });
      expect(JSON.stringify(entry)).not.toContain('SB-001'); // names, never values
    });

    it('does not pass on an answer the hub would not log (no valid API key), and says why', async () => {
      const config = writeHubConfig(tmp.dir, smallCatalog, `connectors:\n  beta: { baseUrl: "${peer.url}" }\n`);
      await helper.load([hubNode, lookupNode], lookupFlow(config, { url: harness.hub.url }), { hub: { apiKey: 'wrong-key' } });
      const lookup: NodeRedNode = helper.getNode('lookup');
      const out: NodeRedNode = helper.getNode('out');
      let passed = false;
      out.on('input', () => (passed = true));
      const failed = nextCall(lookup, 'error');
      lookup.receive({ payload: theCase });
      const [error] = await failed;
      expect(error).toMatchObject({ code: 'OWH_AUTH_REQUIRED' });
      expect(passed).toBe(false);
      expect(await harness.hub.store.listSharingLog({ caseId: 'NB6' })).toEqual([]);
    });

    it('logs a lookup the source system failed, with the error masked', async () => {
      await peer.close();
      peer = await startPeer(() => ({ status: 500, body: { error: 'down for 13800000000' } }));
      const config = writeHubConfig(tmp.dir, smallCatalog, `connectors:\n  beta: { baseUrl: "${peer.url}" }\n`);
      await helper.load([hubNode, lookupNode], lookupFlow(config, { url: harness.hub.url }), { hub: { apiKey: 'platform-key' } });
      const lookup: NodeRedNode = helper.getNode('lookup');
      const failed = nextCall(lookup, 'error');
      lookup.receive({ payload: theCase });
      expect((await failed)[0]).toMatchObject({ code: 'OWH_SEND_SERVER_ERROR' });
      await eventually(async () => ((await harness.hub.store.listSharingLog({ caseId: 'NB6' })).length === 1 ? true : undefined), 5000, 'the failed lookup logged');
      const [entry] = await harness.hub.store.listSharingLog({ caseId: 'NB6' });
      expect(entry).toMatchObject({ outcome: 'failed', answerFields: [], detail: expect.stringContaining('OWH_SEND_SERVER_ERROR') });
      expect(entry.detail).not.toContain('13800000000');
    });
  });

  it('logs straight into the hub it runs in (the embedded editor), with no URL or key', async () => {
    const entries: unknown[] = [];
    helper.settings({ owhRecordSharing: async (entry: unknown) => (entries.push(entry), { id: entries.length }) });
    try {
      const config = writeHubConfig(tmp.dir, smallCatalog, `connectors:\n  beta: { baseUrl: "${peer.url}" }\n`);
      await helper.load([hubNode, lookupNode], lookupFlow(config, {}));
      const received = nextMessage(helper.getNode('out'));
      helper.getNode('lookup').receive({ payload: theCase });
      expect((await received).sharingLogId).toBe(1);
      expect(entries).toEqual([expect.objectContaining({ caseId: 'NB6', subject: '330203199001011234', legalBasis: '《浙江省公共数据条例》第二十二条', outcome: 'answered' })]);
    } finally {
      helper.settings({});
    }
  });

  it('refuses to run without a legal basis', async () => {
    const config = writeHubConfig(tmp.dir, smallCatalog, `connectors:\n  beta: { baseUrl: "${peer.url}" }\n`);
    await helper.load([hubNode, lookupNode], lookupFlow(config, {}, { legalBasis: '' }));
    expect(statusesOf('lookup').at(-1)).toMatchObject({ fill: 'red', text: expect.stringContaining('legal basis') });
  });
});
