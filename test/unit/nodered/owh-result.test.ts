import { helper, loadNode, nextCall, nextMessage, NodeRedNode, startPeer, statusesOf, useNodeRedHelper } from './support';

const hubNode = loadNode('owh-hub');
const resultNode = loadNode('owh-result');

describe('owh-result', () => {
  useNodeRedHelper();
  let hub: Awaited<ReturnType<typeof startPeer>>;
  let answer: { status: number; body: unknown };
  beforeEach(async () => {
    answer = { status: 201, body: { caseId: 'NB7', status: 'accepted', duplicate: false } };
    // Stands in for the hub's API: refuses a wrong token as the hub does.
    hub = await startPeer((req) => (req.headers.authorization === 'Bearer beta-results' ? answer : { status: 401, body: { code: 'OWH_AUTH_REQUIRED', message: 'no valid credentials' } }));
  });
  afterEach(() => hub.close());

  async function deploy(token = 'beta-results') {
    await helper.load(
      [hubNode, resultNode],
      [
        { id: 'hub', type: 'owh-hub', url: `${hub.url}/` },
        { id: 'result', type: 'owh-result', hub: 'hub', wires: [['out']] },
        { id: 'out', type: 'helper' },
      ],
      { hub: { systemToken: token } },
    );
    return { result: helper.getNode('result') as NodeRedNode, out: helper.getNode('out') as NodeRedNode };
  }

  it('posts msg.payload for msg.caseId with the system token and puts the hub\'s answer in msg.result', async () => {
    const { result, out } = await deploy();
    const received = nextMessage(out);
    const payload = { kind: 'acceptance', outcome: 'accepted', receipt: 'BETA-0001' };
    result.receive({ caseId: 'NB 7', payload });
    const msg = await received;
    expect(hub.seen).toHaveLength(1);
    expect(hub.seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/cases/NB%207/results', body: payload });
    expect(hub.seen[0].headers['content-type']).toBe('application/json');
    expect(msg.result).toEqual({ caseId: 'NB7', status: 'accepted', duplicate: false });
    expect(msg.statusCode).toBe(201);
    expect(statusesOf('result').at(-1)).toEqual({ fill: 'green', shape: 'dot', text: 'NB 7: 201 accepted' });
  });

  it('fails the message with the hub\'s error code from the body on a non-2xx answer', async () => {
    answer = { status: 409, body: { code: 'OWH_RESULT_CONFLICT', message: 'a different acceptance result is recorded', fix: 'Post the same result, or none.' } };
    const { result, out } = await deploy();
    const passed = jest.fn();
    out.on('input', passed);
    const failed = nextCall(result, 'error');
    result.receive({ caseId: 'NB7', payload: { kind: 'acceptance', outcome: 'rejected', reason: 'x' } });
    const [error, msg] = await failed;
    expect(error).toMatchObject({ code: 'OWH_RESULT_CONFLICT', fix: 'Post the same result, or none.', status: 409 });
    expect(error.message).toBe('a different acceptance result is recorded');
    expect(msg.result).toMatchObject({ code: 'OWH_RESULT_CONFLICT' });
    expect(passed).not.toHaveBeenCalled();
    expect(statusesOf('result').at(-1)).toMatchObject({ fill: 'red', shape: 'ring', text: expect.stringContaining('OWH_RESULT_CONFLICT') });
  });

  it('sends the config node\'s token (a wrong one is refused by the hub: OWH_AUTH_REQUIRED)', async () => {
    const { result } = await deploy('wrong');
    const failed = nextCall(result, 'error');
    result.receive({ caseId: 'NB7', payload: { kind: 'acceptance', outcome: 'accepted' } });
    expect((await failed)[0].code).toBe('OWH_AUTH_REQUIRED');
    expect(hub.seen[0].headers.authorization).toBe('Bearer wrong');
  });

  it('fails with OWH_HUB_UNREACHABLE when nothing listens at the hub URL', async () => {
    const { result } = await deploy();
    await hub.close();
    const failed = nextCall(result, 'error');
    result.receive({ caseId: 'NB7', payload: { kind: 'acceptance', outcome: 'accepted' } });
    expect((await failed)[0].code).toBe('OWH_HUB_UNREACHABLE');
  });
});
