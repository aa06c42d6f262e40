import type { SimulatorFleet } from '../../../examples/demo-city/simulators';
import { AMR_PATH, Client, FakeHub, govCase, HF_PATH, openCase, startTestFleet, TOKENS } from './helpers';

describe('faults injected into a simulated system', () => {
  let hub: FakeHub;
  let fleet: SimulatorFleet;
  const client = new Client();
  const amr = () => fleet.get('amr-registration')!;
  const hf = () => fleet.get('housing-fund')!;
  const sendAmr = (id: string) => client.post(amr().url + AMR_PATH, govCase(id), { key: `${id}:amr-registration`, token: TOKENS.amr });

  beforeAll(async () => {
    hub = await new FakeHub().start();
    fleet = await startTestFleet({ hubUrl: hub.url, postResults: false });
  });
  afterAll(async () => {
    await fleet.close();
    await hub.close();
    await client.close();
  });
  beforeEach(() => fleet.simulators.forEach((s) => s.reset()));

  it('failNext answers 503 with Retry-After and applies nothing, then recovers', async () => {
    amr().setFaults({ failNext: { count: 2, status: 503, retryAfter: 7 } });
    for (let i = 0; i < 2; i++) {
      const failed = await sendAmr('F-1');
      expect(failed.status).toBe(503);
      expect(failed.headers['retry-after']).toBe('7');
    }
    const ok = await sendAmr('F-1');
    expect(ok.status).toBe(200);
    expect(amr().stats()).toMatchObject({ received: 3, failed: 2, applied: 1, appliedByCase: { 'F-1': 1 } });
  });

  it('failNext without retryAfter sends no Retry-After', async () => {
    hf().setFaults({ failNext: { count: 1, status: 500 } });
    const failed = await client.post(hf().url + HF_PATH, openCase('F-2'), { key: 'F-2:housing-fund', token: TOKENS.hf });
    expect(failed.status).toBe(500);
    expect(failed.headers['retry-after']).toBeUndefined();
    expect(failed.body.error).toBe('INTERNAL_ERROR');
  });

  it('dropConnectionNext destroys the connection without an answer or an effect', async () => {
    amr().setFaults({ dropConnectionNext: 1 });
    await expect(sendAmr('F-3')).rejects.toThrow(/socket|closed|reset/i);
    expect(amr().stats()).toMatchObject({ received: 1, dropped: 1, applied: 0 });
    expect((await sendAmr('F-3')).status).toBe(200);
    expect(amr().stats().applied).toBe(1);
  });

  it('rejectNext refuses valid requests with 422 or 400 and a reason, without an effect', async () => {
    amr().setFaults({ rejectNext: { count: 1, status: 422 } });
    const gov = await sendAmr('F-4');
    expect(gov.status).toBe(422);
    expect(gov.body).toEqual({ code: '4220', msg: expect.stringMatching(/.+/) });
    hf().setFaults({ rejectNext: { count: 1, status: 400 } });
    const open = await client.post(hf().url + HF_PATH, openCase('F-4'), { key: 'F-4:housing-fund', token: TOKENS.hf });
    expect(open.status).toBe(400);
    expect(open.body).toEqual({ error: 'REJECTED', message: expect.stringMatching(/.+/) });
    expect(fleet.totals()).toMatchObject({ applied: 0, rejected: 2 });
    expect((await sendAmr('F-4')).status).toBe(200); // the rejection was used up, and the key is still free
  });

  it('delayMs applies the case at once but answers late, so a resend is a duplicate', async () => {
    amr().setFaults({ delayMs: 300 });
    const started = Date.now();
    const slow = sendAmr('F-5');
    await new Promise((r) => setTimeout(r, 50));
    expect(amr().stats().applied).toBe(1); // applied before the answer
    const answer = await slow;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    amr().setFaults({ delayMs: 0 });
    const again = await sendAmr('F-5');
    expect(again.body.data.sjbh).toBe(answer.body.data.sjbh);
    expect(amr().stats()).toMatchObject({ applied: 1, duplicatesSuppressed: 1 });
  });

  it('takes faults over HTTP (POST /__sim/faults) and refuses malformed ones', async () => {
    const set = await client.postJson(amr().url + '/__sim/faults', { failNext: { count: 1, status: 503, retryAfter: 1 } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ failNext: { count: 1, status: 503, retryAfter: 1 } });
    expect((await sendAmr('F-6')).status).toBe(503);
    expect((await client.get(amr().url + '/__sim/faults')).body.failNext.count).toBe(0);
    const bad = await client.postJson(amr().url + '/__sim/faults', { rejectNext: { count: 1, status: 500 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('INVALID_FAULTS');
    expect(() => amr().setFaults({ dropConnectionNext: -1 })).toThrow(/invalid faults/);
  });

  it('reset() clears faults, keys and counters', async () => {
    await sendAmr('F-7');
    amr().setFaults({ failNext: { count: 5, status: 503 } });
    amr().reset();
    expect(amr().stats()).toMatchObject({ received: 0, applied: 0, appliedByCase: {} });
    const again = await sendAmr('F-7');
    expect(again.status).toBe(200);
    expect(amr().stats().applied).toBe(1);
  });
});
