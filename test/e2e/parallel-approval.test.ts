import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { builtinAdapters } from '../../adapters';
import type { CaseEnvelope } from '../../src/model/case';
import { silentLogger } from '../../src/log/logger';
import { Hub } from '../../src/server/hub';
import { packageRoot } from '../../src/util/package-root';
import { eventually } from '../helpers/hub-harness';
import { startDemoCity } from '../helpers/demo-city';

jest.setTimeout(120_000);

const SAMPLES = join(packageRoot(), 'examples/demo-city/samples');
const sample = (file: string, caseId: string, extra: Partial<CaseEnvelope> = {}): CaseEnvelope => ({ ...(JSON.parse(readFileSync(join(SAMPLES, file), 'utf8')) as CaseEnvelope), caseId, ...extra });

/**
 * The three scenarios of one-window acceptance, end to end against the demo city's simulators
 * (real HTTP and SOAP servers): a three-department item in parallel approval — its lead's single
 * result after every opinion, through a department outage and a hub restart; a co-handler's
 * refusal; a request for more material (补正) — then a Haishu applicant who applies in Yuyao, and
 * the land bureau's item that fetches the social-insurance certificate from the HRSS system.
 */
describe('one-window acceptance end to end: parallel approval, city-wide handling, data sharing', () => {
  let city: Awaited<ReturnType<typeof startDemoCity>>;
  let hub: Hub;
  const LEAD = 'nrp-land';
  const CO = ['drc-projects', 'housing-construction'];

  beforeAll(async () => {
    city = await startDemoCity({ resultDelayMs: 20, kinds: ['rest', 'soap'] });
    hub = city.hub;
  });
  afterAll(async () => {
    await city?.close();
    if (hub !== city?.hub) await hub?.close(1000);
  });

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await request(hub.url + path, { method, headers: { 'content-type': 'application/json', 'x-api-key': 'demo-key' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? (JSON.parse(text) as any) : undefined };
  };
  const submit = async (envelope: CaseEnvelope) => expect((await call('POST', '/api/v1/cases', envelope)).status).toBe(202);
  const view = async (caseId: string) => (await call('GET', `/api/v1/cases/${caseId}`)).body;
  const until = (caseId: string, what: string, test: (v: any) => boolean) => eventually(async () => {
    const v = await view(caseId);
    return test(v) ? v : undefined;
  }, 60_000, `${caseId}: ${what}`);
  const approve = { acceptance: { outcome: 'accepted' as const }, completion: { outcome: 'approved' as const } };

  it('a three-department item: the lead\'s one result once every opinion is in, a department down and a hub restart in the middle', async () => {
    const caseId = 'PA2026112800001';
    city.fleet.script(LEAD, caseId, approve);
    for (const co of CO) city.fleet.script(co, caseId, approve);
    // housing-construction is down: its delivery is retried while the others go on.
    city.fleet.get('housing-construction')!.setFaults({ failNext: { count: 1_000_000, status: 503 } });
    await submit(sample('nrp-land-preexamination.case.json', caseId));

    const held = await until(caseId, 'the lead\'s decision held for housing-construction', (v) => v.held?.waitingFor?.includes('housing-construction') && city.fleet.opinionsReceived(LEAD, caseId).length >= 2);
    expect(held.status).toBe('accepted');
    expect(held.decision).toBeUndefined();
    expect(held.pending).toEqual(expect.arrayContaining([
      expect.objectContaining({ who: 'housing-construction', role: 'co-handler', waitingFor: 'delivery', why: expect.stringContaining('503') }),
      expect.objectContaining({ who: LEAD, waitingFor: 'decision', why: expect.stringContaining('held until housing-construction') }),
    ]));
    const before = city.fleet.opinionsReceived(LEAD, caseId);
    expect(before.map((o) => o.idempotencyKey).sort()).toEqual([`${caseId}:${LEAD}:opinion:drc-projects/acceptance/0`, `${caseId}:${LEAD}:opinion:drc-projects/completion/0`]);

    // A restart in the middle: a new hub on the same store; nothing lost, nothing forwarded twice.
    await hub.close(1000);
    hub = await Hub.start({ config: city.config, adapters: builtinAdapters, adapterModule: require.resolve('../../adapters'), logger: silentLogger() });
    city.fleet.setHubUrl(hub.url);
    const after = await view(caseId);
    expect(after.held).toEqual(held.held);
    expect(after.deliveries.filter((d: any) => d.kind === 'opinion')).toHaveLength(2);

    city.fleet.get('housing-construction')!.setFaults({ failNext: { count: 0, status: 503 } });
    const done = await until(caseId, 'completed', (v) => v.status === 'completed');
    expect(done.decision).toMatchObject({ outcome: 'approved', system: LEAD, role: 'lead', rule: expect.stringContaining('every co-handler') });
    expect(done.pending).toEqual([]);
    // Every department applied the case once; the lead heard every co-handler's results once each.
    for (const system of [LEAD, ...CO]) expect(city.fleet.get(system)!.stats().appliedByCase[caseId]).toBe(1);
    await eventually(async () => (city.fleet.opinionsReceived(LEAD, caseId).length === 4 ? true : undefined), 30_000, 'four opinions at the lead');
    const keys = city.fleet.opinionsReceived(LEAD, caseId).map((o) => o.idempotencyKey);
    expect(new Set(keys).size).toBe(4);
    const types = (await hub.store.getCase(caseId))!.timeline.map((e) => e.type);
    expect(types.filter((t) => t === 'case.decided')).toHaveLength(1);
    expect(types.filter((t) => t === 'opinion.planned')).toHaveLength(4);
  });

  it('a co-handler\'s refusal refuses the case, and the lead hears of it', async () => {
    const caseId = 'PA2026112800002';
    city.fleet.script(LEAD, caseId, approve);
    city.fleet.script('drc-projects', caseId, { acceptance: { outcome: 'accepted' }, completion: { outcome: 'denied', reason: '项目不符合国家产业政策' } });
    city.fleet.script('housing-construction', caseId, approve);
    await submit(sample('nrp-land-preexamination.case.json', caseId));
    const done = await until(caseId, 'refused', (v) => v.status === 'completed');
    expect(done.decision).toMatchObject({ outcome: 'denied', system: 'drc-projects', role: 'co-handler', reason: '项目不符合国家产业政策', rule: expect.stringContaining('any-refusal-refuses') });
    const refusal = await eventually(async () => city.fleet.opinionsReceived(LEAD, caseId).find((o) => JSON.stringify(o.payload).includes('项目不符合国家产业政策')), 30_000, 'the refusal at the lead');
    expect(refusal.idempotencyKey).toBe(`${caseId}:${LEAD}:opinion:drc-projects/completion/0`);
  });

  it('a request for more material pauses the clock; the applicant\'s supplement reaches the departments concerned and the case goes on', async () => {
    const caseId = 'PA2026112800003';
    city.fleet.script(LEAD, caseId, approve);
    city.fleet.script('drc-projects', caseId, approve);
    city.fleet.script('housing-construction', caseId, { ...approve, supplement: { reason: '请补充建设项目选址论证报告', materials: [{ name: '选址论证报告', note: '须加盖建设单位公章' }] } });
    await submit(sample('nrp-land-preexamination.case.json', caseId));
    const paused = await until(caseId, 'awaiting the applicant', (v) => v.status === 'awaiting-supplement');
    expect(paused.deadline).toBe('paused');
    expect(paused.supplementRequests).toEqual([expect.objectContaining({ system: 'housing-construction', reason: '请补充建设项目选址论证报告', materials: [{ name: '选址论证报告', note: '须加盖建设单位公章' }] })]);
    expect((await hub.store.listCasesDue(Date.parse('2100-01-01'))).map((c) => c.caseId)).not.toContain(caseId);

    const bytes = Buffer.from('%PDF-1.4 选址论证报告');
    const supplied = await call('POST', `/api/v1/cases/${caseId}/supplements`, {
      supplementId: 'BZ-PA3-1',
      submittedAt: new Date().toISOString(),
      note: '申请人已补充选址论证报告',
      materials: [{ id: 'xzlz', kind: 'report', fileName: '选址论证报告.pdf', mediaType: 'application/pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), content: bytes.toString('base64') }],
    });
    expect(supplied.status).toBe(202);
    expect(supplied.body.recipients).toEqual(expect.arrayContaining([LEAD, 'housing-construction']));
    expect(Date.parse(supplied.body.dueAt)).toBeGreaterThanOrEqual(Date.parse(paused.dueAt));

    // The department that asked gets it, goes on, and the case completes with the lead's result.
    await eventually(async () => (city.fleet.supplementsReceived('housing-construction', caseId).length === 1 ? true : undefined), 30_000, 'the supplement at housing-construction');
    expect(city.fleet.supplementsReceived(LEAD, caseId)).toHaveLength(1);
    const done = await until(caseId, 'completed', (v) => v.status === 'completed');
    expect(done.decision).toMatchObject({ outcome: 'approved', system: LEAD });
    expect(done.supplements).toEqual([expect.objectContaining({ supplementId: 'BZ-PA3-1', materials: 1, answers: [expect.objectContaining({ system: 'housing-construction' })] })]);
    expect(done.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(['result.supplement', 'supplement.received', 'supplement.delivered']));
  });

  it('a Haishu applicant who applies in Yuyao reaches Haishu\'s system, with the acceptance point passed on', async () => {
    const caseId = 'PA2026112800004';
    const envelope = sample('civil-marriage-registration.case.json', caseId, {
      jurisdiction: '330203',
      acceptedAt: { servicePoint: '330281-ZWFW-01', servicePointName: '余姚市行政服务中心', district: '330281' },
    });
    await submit(envelope);
    await until(caseId, 'dispatched', (v) => ['dispatched', 'accepted', 'completed'].includes(v.status));
    const haishu = city.fleet.get('civil-marriage@330203')!;
    expect(haishu.stats().appliedByCase[caseId]).toBe(1);
    for (const other of city.fleet.simulators.filter((s) => s.system === 'civil-marriage' && s.connectorId !== 'civil-marriage@330203')) {
      expect(other.stats().appliedByCase[caseId]).toBeUndefined();
    }
    const taken = haishu.caseReceived!(caseId) as any;
    expect(taken.sldd).toEqual({ fwdbm: '330281-ZWFW-01', fwdmc: '余姚市行政服务中心', xzqh: '330281' });
    expect(taken.gsd).toBe('330203');
    expect((await view(caseId)).acceptedAt).toMatchObject({ district: '330281' });
  });

  it('the land bureau\'s item fetches the social-insurance certificate from the HRSS system: only what the mappings allow travels, and it is logged', async () => {
    const caseId = 'PA2026112800005';
    const envelope = sample('nrp-construction-planning-permit.XK00303002.case.json', caseId);
    await submit(envelope);
    await until(caseId, 'delivered to the land bureau', (v) => v.deliveries.some((d: any) => d.kind === 'case' && d.status === 'delivered'));
    const hrss = city.fleet.get('hrss-social-insurance')!;
    const call = hrss.lookupsAnswered().find((l) => l.caseId === caseId)!;
    // Only the applicant's ID number and name (and why) left the hub: no phone, no form.
    expect(Object.keys(call.args).sort()).toEqual(['caseId', 'idNumber', 'name', 'purpose']);
    expect(call.args.idNumber).toBe(envelope.applicant.idNumber);
    // The sample applicant is insured: the register's answer names an employer the hub must not keep.
    const employer: string = (call.answer as any).certificate.currentEmployer;
    expect(employer).toBeTruthy();

    const taken = city.fleet.get(LEAD)!.caseReceived!(caseId) as any;
    expect(taken.sbzm).toMatchObject({ sbzmbh: expect.stringMatching(/^SBZM/), cbzt: expect.anything(), jfys: expect.anything() });
    expect(JSON.stringify(taken)).not.toContain(employer);
    expect(JSON.stringify(await hub.store.getCase(caseId))).not.toContain(employer);
    const stored = (await hub.store.getCase(caseId))!;
    expect(Object.keys(stored.shared[0].answer as object).sort()).toEqual(['certificateNo', 'insured', 'monthsPaid', 'validUntil']);

    const log = await hub.store.listSharingLog({ caseId });
    expect(log).toEqual([expect.objectContaining({
      itemCode: 'XK00303002', lookup: 'socialInsuranceCertificate', requestedBy: 'nrp', sourceSystem: 'hrss-social-insurance',
      requestFields: ['idNumber', 'name', 'purpose', 'caseId'], answerFields: ['certificateNo', 'insured', 'monthsPaid', 'validUntil'],
      legalBasis: expect.stringContaining('浙江省公共数据条例'), outcome: 'answered',
      subject: `${envelope.applicant.idNumber.slice(0, 6)}********${envelope.applicant.idNumber.slice(-4)}`,
    })]);
    expect(JSON.stringify(log)).not.toContain(envelope.applicant.idNumber);
  });
});
