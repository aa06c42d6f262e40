import type { SimulatorFleet } from '../../../examples/demo-city/simulators';
import { AMR_PATH, Client, FakeHub, govCase, HF_PATH, openCase, startTestFleet, TOKENS } from './helpers';

describe('a simulated REST system takes deliveries', () => {
  let hub: FakeHub;
  let fleet: SimulatorFleet;
  const client = new Client();
  const amr = () => fleet.get('amr-registration')!;
  const hf = () => fleet.get('housing-fund')!;

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

  it('applies a valid gov request once and answers 0000 with a receipt', async () => {
    const answer = await client.post(amr().url + AMR_PATH, govCase('C-1'), { key: 'C-1:amr-registration', token: TOKENS.amr });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ code: '0000', msg: '成功', data: { sjbh: expect.stringMatching(/^SL\d{8}\d{6}$/) } });
    expect(amr().stats()).toMatchObject({ received: 1, applied: 1, duplicatesSuppressed: 0, rejected: 0, appliedByCase: { 'C-1': 1 } });
  });

  it('applies a valid open request once and answers 201 RECEIVED with a receipt (under the baseUrl path prefix)', async () => {
    expect(hf().url).toMatch(/\/hf$/);
    const answer = await client.post(hf().url + HF_PATH, openCase('C-2'), { key: 'C-2:housing-fund', token: TOKENS.hf });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ receiptNo: expect.stringMatching(/^HF\d{14}$/), status: 'RECEIVED' });
    expect(hf().stats()).toMatchObject({ applied: 1, appliedByCase: { 'C-2': 1 } });
  });

  it('answers a repeated key with the same receipt and no new effect', async () => {
    const url = amr().url + AMR_PATH;
    const first = await client.post(url, govCase('C-3'), { key: 'C-3:amr-registration', token: TOKENS.amr });
    // the same body with its keys in another order is the same request
    const { sqr, sxbm, ywlsh } = govCase('C-3') as Record<string, unknown>;
    const again = await client.post(url, { sqr, sxbm, ywlsh }, { key: 'C-3:amr-registration', token: TOKENS.amr });
    expect(again.status).toBe(200);
    expect(again.body.data.sjbh).toBe(first.body.data.sjbh);
    expect(amr().stats()).toMatchObject({ received: 2, applied: 1, duplicatesSuppressed: 1, appliedByCase: { 'C-3': 1 } });
  });

  it('numbers receipts in sequence, one per applied case', async () => {
    const url = amr().url + AMR_PATH;
    const a = await client.post(url, govCase('C-4'), { key: 'C-4:amr-registration', token: TOKENS.amr });
    const b = await client.post(url, govCase('C-5'), { key: 'C-5:amr-registration', token: TOKENS.amr });
    expect(Number(b.body.data.sjbh.slice(-6))).toBe(Number(a.body.data.sjbh.slice(-6)) + 1);
  });

  it('refuses the same key with a different body with 409', async () => {
    const url = hf().url + HF_PATH;
    await client.post(url, openCase('C-6'), { key: 'C-6:housing-fund', token: TOKENS.hf });
    const other = await client.post(url, openCase('C-6', { amount: 100 }), { key: 'C-6:housing-fund', token: TOKENS.hf });
    expect(other.status).toBe(409);
    expect(other.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(hf().stats()).toMatchObject({ applied: 1, rejected: 1, duplicatesSuppressed: 0 });
  });

  it('counts each business key, so a case sent under two keys shows as applied twice', async () => {
    const url = amr().url + AMR_PATH;
    await client.post(url, govCase('C-7'), { key: 'C-7:amr-registration', token: TOKENS.amr });
    await client.post(url, govCase('C-7'), { key: 'C-7:amr-registration#2', token: TOKENS.amr });
    expect(amr().stats().appliedByCase).toEqual({ 'C-7': 2 });
    expect(fleet.totals().maxAppliedPerCase).toBe(2);
  });

  it('refuses a request without an Idempotency-Key with 400', async () => {
    const gov = await client.post(amr().url + AMR_PATH, govCase('C-8'), { token: TOKENS.amr });
    expect(gov.status).toBe(400);
    expect(gov.body.code).toBe('4002');
    const open = await client.post(hf().url + HF_PATH, openCase('C-8'), { token: TOKENS.hf });
    expect(open.status).toBe(400);
    expect(open.body.error).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect(fleet.totals()).toMatchObject({ applied: 0, rejected: 2 });
  });

  it('refuses a body that breaks the API schema with 400 and the errors, in each dialect', async () => {
    const gov = await client.post(amr().url + AMR_PATH, { ywlsh: 'C-9', sxbm: 'bad' }, { key: 'C-9:amr-registration', token: TOKENS.amr });
    expect(gov.status).toBe(400);
    expect(gov.body).toMatchObject({ code: '4001', msg: expect.any(String) });
    expect(gov.body.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ pointer: '/sxbm', keyword: 'pattern' }),
      expect.objectContaining({ pointer: '/sqr', keyword: 'required' }),
    ]));
    const open = await client.post(hf().url + HF_PATH, openCase('C-9', { extra: 1 }), { key: 'C-9:housing-fund', token: TOKENS.hf });
    expect(open.status).toBe(400);
    expect(open.body).toEqual({ error: 'VALIDATION_FAILED', details: [expect.objectContaining({ pointer: '/extra', keyword: 'additionalProperties' })] });
    expect(fleet.totals()).toMatchObject({ applied: 0, rejected: 2 });
  });

  it('refuses a body that is not JSON with 400', async () => {
    const answer = await client.post(amr().url + AMR_PATH, undefined, { raw: '{"ywlsh": ', key: 'C-10:amr-registration', token: TOKENS.amr });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('4001');
  });

  it('refuses a wrong or missing token with 401 and applies nothing', async () => {
    const wrong = await client.post(amr().url + AMR_PATH, govCase('C-11'), { key: 'C-11:amr-registration', token: 'not-the-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('4010');
    const missing = await client.post(hf().url + HF_PATH, openCase('C-11'), { key: 'C-11:housing-fund' });
    expect(missing.status).toBe(401);
    expect(missing.body.error).toBe('UNAUTHORIZED');
    expect(fleet.totals()).toMatchObject({ received: 2, applied: 0, rejected: 2 });
  });

  it('answers 405 to another method on the delivery path and 404 elsewhere', async () => {
    expect((await client.post(amr().url + AMR_PATH, govCase('C-12'), { method: 'PUT', key: 'k', token: TOKENS.amr })).status).toBe(405);
    expect((await client.get(amr().url + '/nowhere')).status).toBe(404);
  });

  it('answers the health probe (GET /) and the stats route without credentials', async () => {
    const health = await client.get(amr().url + '/');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ system: 'amr-registration', status: 'up' });
    expect((await client.get(hf().url + '/')).body).toMatchObject({ system: 'housing-fund', status: 'up' });
    await client.post(amr().url + AMR_PATH, govCase('C-13'), { key: 'C-13:amr-registration', token: TOKENS.amr });
    const stats = await client.get(amr().url + '/__sim/stats');
    expect(stats.body).toEqual({
      system: 'amr-registration', connectorId: 'amr-registration',
      received: 1, applied: 1, duplicatesSuppressed: 0, rejected: 0, failed: 0, dropped: 0,
      resultsPosted: 0, resultsRefused: 0, resultsPending: 0, opinionsReceived: 0, supplementsReceived: 0, messagesRepeated: 0, lookupsAnswered: 0, appliedByCase: { 'C-13': 1 },
    });
  });
});

describe('tokens come from the environment first', () => {
  it('expects the variable\'s value, not the demo value, when the variable is set', async () => {
    const hub = await new FakeHub().start();
    const fleet = await startTestFleet({ hubUrl: hub.url, postResults: false, systems: ['amr-registration'], env: { OWH_TEST_AMR_TOKEN: 'from-env' } });
    const client = new Client();
    try {
      const url = fleet.get('amr-registration')!.url + AMR_PATH;
      expect((await client.post(url, govCase('E-1'), { key: 'E-1:amr-registration', token: TOKENS.amr })).status).toBe(401);
      expect((await client.post(url, govCase('E-1'), { key: 'E-1:amr-registration', token: 'from-env' })).status).toBe(200);
    } finally {
      await fleet.close();
      await hub.close();
      await client.close();
    }
  });
});
