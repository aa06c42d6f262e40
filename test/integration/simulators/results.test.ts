import type { SimulatorFleet } from '../../../examples/demo-city/simulators';
import { decide } from '../../../examples/demo-city/simulators/decisions';
import { AMR_PATH, Client, FakeHub, govCase, HF_PATH, openCase, startTestFleet, TOKENS } from './helpers';

describe('a simulated system posts its results to the hub', () => {
  let hub: FakeHub;
  let fleet: SimulatorFleet;
  const client = new Client();

  beforeEach(async () => {
    hub = await new FakeHub().start();
    fleet = await startTestFleet({ hubUrl: hub.url, resultDelayMs: 20 });
  });
  afterEach(async () => {
    await fleet.close();
    await hub.close();
  });
  afterAll(() => client.close());

  it('posts acceptance then completion in the gov format with the system\'s results token', async () => {
    const amr = fleet.get('amr-registration')!;
    const answer = await client.post(amr.url + AMR_PATH, govCase('R-1'), { key: 'R-1:amr-registration', token: TOKENS.amr });
    const receipt = answer.body.data.sjbh;
    await fleet.settled(5_000);

    expect(hub.received.map((r) => [r.caseId, r.body.jglx, r.body.jgdm])).toEqual([['R-1', 'sl', '01'], ['R-1', 'bj', '03']]);
    expect(hub.received.every((r) => r.authorization === `Bearer ${TOKENS.amrResults}`)).toBe(true);
    const [acceptance, completion] = hub.received.map((r) => r.body);
    expect(acceptance).toEqual({ ywlsh: 'R-1', jglx: 'sl', jgdm: '01', blr: expect.any(String), jgsj: expect.stringMatching(/^\d{14}$/), sjbh: receipt, wsxx: [] });
    expect(completion).toMatchObject({ ywlsh: 'R-1', jglx: 'bj', jgdm: '03', sjbh: receipt });
    expect(completion.yj).toBeUndefined();
    expect(completion.wsxx).toEqual([{ wsmc: '准予行政许可决定书', wjm: `${receipt}-licence.pdf`, xzdz: `${amr.url}/documents/${receipt}-licence.pdf` }]);
    expect(amr.stats()).toMatchObject({ resultsPosted: 2, resultsRefused: 0, resultsPending: 0 });

    // the licence is a real PDF served by the simulator
    const pdf = await client.get(completion.wsxx[0].xzdz);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(String(pdf.body)).toMatch(/^%PDF-1\.4/);
  });

  it('writes jgsj in Beijing time', async () => {
    const amr = fleet.get('amr-registration')!;
    const before = Date.now();
    await client.post(amr.url + AMR_PATH, govCase('R-2'), { key: 'R-2:amr-registration', token: TOKENS.amr });
    await fleet.settled(5_000);
    const jgsj = String(hub.received[0].body.jgsj);
    const asUtc = Date.UTC(+jgsj.slice(0, 4), +jgsj.slice(4, 6) - 1, +jgsj.slice(6, 8), +jgsj.slice(8, 10), +jgsj.slice(10, 12), +jgsj.slice(12, 14)) - 8 * 3600_000;
    expect(asUtc).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(asUtc).toBeLessThanOrEqual(Date.now());
  });

  it('posts the open format, and a denial carries its reason', async () => {
    const hf = fleet.get('housing-fund')!;
    const answer = await client.post(hf.url + HF_PATH, openCase('R-3'), { key: 'R-3:housing-fund', token: TOKENS.hf });
    await fleet.settled(5_000);
    expect(hub.received.map((r) => r.authorization)).toEqual([`Bearer ${TOKENS.hfResults}`, `Bearer ${TOKENS.hfResults}`]);
    const [acceptance, completion] = hub.received.map((r) => r.body);
    expect(acceptance).toEqual({
      applicationNo: 'R-3', stage: 'ACCEPTANCE', decision: 'ACCEPTED', officer: expect.any(String),
      decidedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/), receiptNo: answer.body.receiptNo, documents: [],
    });
    expect(completion).toMatchObject({ applicationNo: 'R-3', stage: 'DECISION', decision: 'DENIED', comment: expect.stringMatching(/.+/), receiptNo: answer.body.receiptNo });
    expect(completion.documents).toEqual([expect.objectContaining({ title: '不予行政许可决定书', fileName: `${answer.body.receiptNo}-decision.pdf` })]);
  });

  it('keeps each case\'s results in order while cases interleave', async () => {
    const amr = fleet.get('amr-registration')!;
    await Promise.all(['R-4', 'R-5', 'R-6'].map((id) => client.post(amr.url + AMR_PATH, govCase(id), { key: `${id}:amr-registration`, token: TOKENS.amr })));
    await fleet.settled(5_000);
    expect(hub.received).toHaveLength(6);
    for (const id of ['R-4', 'R-5', 'R-6']) {
      expect(hub.received.filter((r) => r.caseId === id).map((r) => r.body.jglx)).toEqual(['sl', 'bj']);
    }
  });

  it('posts results once per applied case, not per duplicate request', async () => {
    const amr = fleet.get('amr-registration')!;
    for (let i = 0; i < 3; i++) await client.post(amr.url + AMR_PATH, govCase('R-7'), { key: 'R-7:amr-registration', token: TOKENS.amr });
    await fleet.settled(5_000);
    expect(hub.received).toHaveLength(2);
    expect(fleet.totals()).toMatchObject({ applied: 1, duplicatesSuppressed: 2, resultsPosted: 2 });
  });

  it('waits out a hub that answers 503 twice, then delivers both results', async () => {
    hub.script = [503, 503];
    const amr = fleet.get('amr-registration')!;
    await client.post(amr.url + AMR_PATH, govCase('R-8'), { key: 'R-8:amr-registration', token: TOKENS.amr });
    await fleet.settled(10_000);
    expect(hub.attempts).toBe(4);
    expect(hub.received.map((r) => r.body.jglx)).toEqual(['sl', 'bj']);
    expect(amr.stats()).toMatchObject({ resultsPosted: 2, resultsRefused: 0 });
  });

  it('waits out a hub that is not listening yet, and follows setHubUrl', async () => {
    const later = new FakeHub();
    await hub.close(); // nothing listens at the fleet's hub URL now
    const amr = fleet.get('amr-registration')!;
    await client.post(amr.url + AMR_PATH, govCase('R-9'), { key: 'R-9:amr-registration', token: TOKENS.amr });
    await new Promise((r) => setTimeout(r, 300));
    expect(amr.stats()).toMatchObject({ resultsPosted: 0, resultsPending: 1 });
    await later.start();
    fleet.setHubUrl(later.url);
    await later.waitFor(2, 10_000);
    expect(later.received.map((r) => r.body.jglx)).toEqual(['sl', 'bj']);
    await later.close();
  });

  it('counts a 4xx from the hub as refused and does not retry it', async () => {
    hub.script = [409];
    const amr = fleet.get('amr-registration')!;
    await client.post(amr.url + AMR_PATH, govCase('R-10'), { key: 'R-10:amr-registration', token: TOKENS.amr });
    await fleet.settled(5_000);
    expect(hub.attempts).toBe(2); // the refused acceptance, then the completion
    expect(amr.stats()).toMatchObject({ resultsPosted: 1, resultsRefused: 1, resultsPending: 0 });
  });

  it('posts nothing with postResults: false', async () => {
    await fleet.close();
    fleet = await startTestFleet({ hubUrl: hub.url, resultDelayMs: 0, postResults: false });
    const amr = fleet.get('amr-registration')!;
    await client.post(amr.url + AMR_PATH, govCase('R-11'), { key: 'R-11:amr-registration', token: TOKENS.amr });
    await fleet.settled(1_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(hub.attempts).toBe(0);
  });

  it('settled() gives up at its timeout while results wait', async () => {
    hub.script = Array(1000).fill(503);
    const amr = fleet.get('amr-registration')!;
    await client.post(amr.url + AMR_PATH, govCase('R-12'), { key: 'R-12:amr-registration', token: TOKENS.amr });
    const started = Date.now();
    await fleet.settled(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(amr.stats().resultsPending).toBe(1);
  });

  it('decides each case the same way every run, approving about approveShare of them', async () => {
    const shares = { approveShare: 0.9, rejectShare: 0 };
    const ids = Array.from({ length: 2000 }, (_, i) => `330203-2026-${String(i).padStart(6, '0')}`);
    const first = ids.map((id) => decide(id, shares).completion!.outcome);
    expect(ids.map((id) => decide(id, shares).completion!.outcome)).toEqual(first);
    const approved = first.filter((o) => o === 'approved').length / ids.length;
    expect(approved).toBeGreaterThan(0.87);
    expect(approved).toBeLessThan(0.93);
    expect(ids.map((id) => decide(id, shares)).filter((d) => d.completion!.outcome === 'denied').every((d) => d.completion!.reason)).toBe(true);
    expect(decide('x', { approveShare: 1, rejectShare: 1 })).toEqual({ acceptance: { outcome: 'rejected', reason: expect.any(String) } });
  });
});
