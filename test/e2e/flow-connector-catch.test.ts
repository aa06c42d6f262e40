import { request } from 'undici';
import { caseInReady, startHubWithEditor } from '../helpers/editor-hub';

jest.setTimeout(30_000);

/**
 * A flow that cannot take a case answers at once with a `catch` → `http response` (503), as
 * docs/visual-mapping.md advises, instead of leaving the hub's connector to wait for the node's
 * timeout: the answer arrives long before `timeoutMs` (20 s here; the request gives up after 5 s),
 * and the key is not acknowledged, so the hub's retry is taken again.
 */
describe('a flow\'s failure path: catch → http response', () => {
  let hub: Awaited<ReturnType<typeof startHubWithEditor>>;
  const send = async (key: string) => {
    const res = await request(`${hub.hubUrl}/flows-http/owh/cases/beta`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ caseId: key.split(':')[0], refuse: key.startsWith('NB-REFUSE') }),
      headersTimeout: 5_000,
      reset: true,
    });
    return { status: res.statusCode, retryAfter: res.headers['retry-after'], body: (await res.body.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    hub = await startHubWithEditor();
    await hub.deploy([
      { id: 'tb', type: 'tab', label: 'beta', disabled: false, info: '' },
      { id: 'in', type: 'owh-case-in', z: 'tb', name: '', system: 'beta', timeoutMs: 20_000, x: 100, y: 80, wires: [['fn']] },
      {
        id: 'fn', type: 'function', z: 'tb', name: 'takes or refuses', outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], x: 300, y: 80, wires: [['ok']],
        func: "if (msg.payload.refuse) throw new Error('the back office is closed');\nmsg.payload = { received: true };\nreturn msg;",
      },
      { id: 'ok', type: 'http response', z: 'tb', name: '', statusCode: '200', headers: {}, x: 500, y: 80, wires: [] },
      { id: 'catch', type: 'catch', z: 'tb', name: '', scope: ['fn'], uncaught: false, x: 100, y: 160, wires: [['unavailable']] },
      { id: 'unavailable', type: 'http response', z: 'tb', name: '', statusCode: '503', headers: { 'retry-after': '1' }, x: 300, y: 160, wires: [] },
    ]);
    await caseInReady(hub.hubUrl, 'beta');
  });
  afterAll(async () => {
    await hub?.cleanup();
  });

  it('answers a case the flow fails with 503 at once, and takes the retry again (the key not acknowledged)', async () => {
    expect(await send('NB-REFUSE-1:beta')).toMatchObject({ status: 503, retryAfter: '1' });
    // The same key again is handled afresh (a 503 acknowledges nothing), and fails the same way.
    expect(await send('NB-REFUSE-1:beta')).toMatchObject({ status: 503 });
  });

  it('acknowledges a case the flow takes, and answers its resend without a second message', async () => {
    expect(await send('NB-TAKE-1:beta')).toMatchObject({ status: 200, body: { received: true } });
    expect(await send('NB-TAKE-1:beta')).toMatchObject({ status: 200, body: { duplicate: true } });
  });
});
