import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { CaseEnvelope } from '../../../src/model/case';
import type { OpinionDocument } from '../../../src/model/messages';
import { migrations } from '../../../src/store/sqlite/migrations';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store';
import type { NewCase, NewLookup } from '../../../src/store/contract';
import { tempDir } from '../../helpers/temp-dir';

const envelope = (caseId: string): CaseEnvelope => ({
  caseId,
  itemCode: 'XK00301001',
  applicant: { type: 'person', name: '张三', idType: 'resident-id', idNumber: '11010519491231002X' },
  channel: 'window',
  acceptedAt: { servicePoint: 'YY-01', district: '330281' },
  jurisdiction: '330203',
  submittedAt: '2026-11-27T09:30:00+08:00',
  form: { a: 1 },
});

const rules = { parallel: { decision: 'after-all-opinions' as const, refusal: 'any-refusal-refuses' as const }, department: 'nrp', opinionMapping: 'mappings/nrp-land/opinion', supplementMappings: { 'nrp-land': 'mappings/nrp-land/supplement' } };

const parallelCase = (caseId: string, lookups: NewLookup[] = []): NewCase => ({
  caseId,
  itemCode: 'XK00301001',
  jurisdiction: '330203',
  clientId: 'platform',
  bodyHash: `h-${caseId}`,
  envelope: envelope(caseId),
  deliveries: [
    { systemId: 'nrp-land', connectorId: 'nrp-land', role: 'lead', mapping: 'm/lead' },
    { systemId: 'drc', connectorId: 'drc', role: 'co-handler', mapping: 'm/drc' },
    { systemId: 'housing', connectorId: 'housing', role: 'co-handler', mapping: 'm/housing' },
  ],
  rules,
  lookups,
  dueAt: '2026-12-04T23:59:59.999+08:00',
});

const opinion = (from: string, kind: OpinionDocument['kind'], outcome: OpinionDocument['outcome'], opinionValue: OpinionDocument['opinion']): OpinionDocument => ({
  caseId: 'C1', itemCode: '', from: { system: from, department: from }, kind, outcome, opinion: opinionValue, receivedAt: '2026-11-27T02:00:00.000Z',
});

describe('SQLite store: parallel approval, supplements and lookups', () => {
  let dir: ReturnType<typeof tempDir>;
  let now: number;
  let store: SqliteStore;
  const open = () => new SqliteStore({ path: join(dir.path, 'owh.db'), now: () => now });

  beforeEach(() => {
    dir = tempDir();
    now = Date.UTC(2026, 10, 27, 2, 0, 0);
    store = open();
  });
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  const deliverAll = async (connectorId: string) => {
    for (const d of await store.claimDue(connectorId, 10, 60_000)) await store.markDelivered(d.id, {});
  };

  it('forwards each co-handler result to the lead once, held until the case has reached the lead', async () => {
    await store.acceptCase(parallelCase('C1'));
    await deliverAll('drc');
    const recorded = await store.recordResult({ caseId: 'C1', systemId: 'drc', result: { kind: 'acceptance', outcome: 'accepted' }, resultHash: 'a', opinion: opinion('drc', 'acceptance', 'accepted', 'accepted') });
    expect(recorded).toMatchObject({ kind: 'created', notify: [] });
    let c = (await store.getCase('C1'))!;
    const forwarded = c.deliveries.find((d) => d.kind === 'opinion')!;
    expect(forwarded).toMatchObject({ systemId: 'nrp-land', connectorId: 'nrp-land', role: 'lead', status: 'held', ref: 'drc/acceptance/0', operation: 'opinion' });

    // The lead's connector takes the case first; its delivery releases the opinion.
    const [leadCase] = await store.claimDue('nrp-land', 10, 60_000);
    expect(leadCase.kind).toBe('case');
    expect(await store.markDelivered(leadCase.id, {})).toEqual({ notify: ['nrp-land'] });
    const [op] = await store.claimDue('nrp-land', 10, 60_000);
    expect(op).toMatchObject({ kind: 'opinion', ref: 'drc/acceptance/0', operation: 'opinion', mapping: 'mappings/nrp-land/opinion' });
    expect(op.document).toMatchObject({ caseId: 'C1', itemCode: 'XK00301001', from: { system: 'drc' }, opinion: 'accepted' });

    // The same result again forwards nothing more; the lead's own results are never forwarded.
    expect(await store.recordResult({ caseId: 'C1', systemId: 'drc', result: { kind: 'acceptance', outcome: 'accepted' }, resultHash: 'a', opinion: opinion('drc', 'acceptance', 'accepted', 'accepted') })).toMatchObject({ kind: 'duplicate' });
    await store.recordResult({ caseId: 'C1', systemId: 'nrp-land', result: { kind: 'acceptance', outcome: 'accepted' }, resultHash: 'l', opinion: opinion('nrp-land', 'acceptance', 'accepted', 'accepted') });
    c = (await store.getCase('C1'))!;
    expect(c.deliveries.filter((d) => d.kind === 'opinion')).toHaveLength(1);
  });

  it('survives a restart mid-way: nothing lost, nothing forwarded twice, the held decision still held', async () => {
    await store.acceptCase(parallelCase('C1'));
    for (const id of ['nrp-land', 'drc', 'housing']) await deliverAll(id);
    await store.recordResult({ caseId: 'C1', systemId: 'drc', result: { kind: 'completion', outcome: 'approved' }, resultHash: 'd', opinion: opinion('drc', 'completion', 'approved', 'agree') });
    await store.recordResult({ caseId: 'C1', systemId: 'nrp-land', result: { kind: 'completion', outcome: 'approved' }, resultHash: 'l' });
    await store.close();
    store = open();
    await store.releaseLeases();
    let c = (await store.getCase('C1'))!;
    expect(c.status).toBe('dispatched');
    expect(c.aggregate.held).toEqual({ system: 'nrp-land', outcome: 'approved', waitingFor: ['housing'] });
    expect(c.deliveries.filter((d) => d.kind === 'opinion')).toHaveLength(1);
    await store.recordResult({ caseId: 'C1', systemId: 'housing', result: { kind: 'completion', outcome: 'approved' }, resultHash: 'h', opinion: opinion('housing', 'completion', 'approved', 'agree') });
    c = (await store.getCase('C1'))!;
    expect(c.status).toBe('completed');
    expect(c.decision).toMatchObject({ outcome: 'approved', system: 'nrp-land' });
    expect(c.timeline.filter((e) => e.type === 'case.decided')).toHaveLength(1);
    expect(c.deliveries.filter((d) => d.kind === 'opinion').map((d) => d.ref).sort()).toEqual(['drc/completion/0', 'housing/completion/0']);
  });

  it('pauses the clock for a request for more material and sends the supplement to the departments concerned', async () => {
    await store.acceptCase(parallelCase('C1'));
    for (const id of ['nrp-land', 'drc', 'housing']) await deliverAll(id);
    await store.recordResult({ caseId: 'C1', systemId: 'housing', result: { kind: 'completion', outcome: 'approved' }, resultHash: 'h', opinion: opinion('housing', 'completion', 'approved', 'agree') });
    now = Date.UTC(2026, 10, 30, 2, 0, 0); // Monday 30 November
    const request = { kind: 'supplement' as const, outcome: 'requested' as const, reason: '请补充可研报告', materials: [{ name: '可行性研究报告' }] };
    expect(await store.recordResult({ caseId: 'C1', systemId: 'drc', result: request, resultHash: 's', opinion: opinion('drc', 'supplement', 'requested', 'more-material') })).toMatchObject({ status: 'awaiting-supplement' });
    let c = (await store.getCase('C1'))!;
    expect(c.pausedAt).toBe('2026-11-30T02:00:00.000Z');
    expect(c.aggregate.openRequests).toMatchObject([{ system: 'drc', reason: '请补充可研报告' }]);

    now = Date.UTC(2026, 11, 2, 2, 0, 0); // Wednesday 2 December
    const material = { id: 'm-extra', kind: 'report', fileName: 'kyb.pdf', mediaType: 'application/pdf', size: 3, sha256: 'a'.repeat(64), uri: 'http://hub/x' };
    let pauses: unknown;
    const added = await store.addSupplement({
      caseId: 'C1', supplementId: 'S1', bodyHash: 'b1',
      document: { caseId: 'C1', itemCode: 'XK00301001', supplementId: 'S1', submittedAt: '2026-12-02T10:00:00+08:00', materials: [material] },
      dueAt: (p) => ((pauses = p), '2026-12-07T23:59:59.999+08:00'),
    });
    // housing has given its opinion: the supplement goes to the one who asked and the lead.
    expect(added).toMatchObject({ kind: 'created', status: 'dispatched', recipients: ['nrp-land', 'drc'], dueAt: '2026-12-07T23:59:59.999+08:00' });
    expect(pauses).toEqual([{ from: new Date(Date.UTC(2026, 10, 30, 2)), to: new Date(Date.UTC(2026, 11, 2, 2)) }]);
    c = (await store.getCase('C1'))!;
    expect(c.pausedAt).toBeUndefined();
    expect(c.dueAt).toBe('2026-12-07T15:59:59.999Z');
    expect(c.supplements[0].document.answers).toEqual([{ system: 'drc', reason: '请补充可研报告', requestedAt: '2026-11-30T02:00:00.000Z' }]);
    const [toLead] = (await store.claimDue('nrp-land', 10, 60_000)).filter((d) => d.kind === 'supplement');
    expect(toLead).toMatchObject({ ref: 'S1', operation: 'supplement', mapping: 'mappings/nrp-land/supplement' });
    expect((await store.claimDue('drc', 10, 60_000))[0]).toMatchObject({ kind: 'supplement', mapping: undefined });
    expect(await store.claimDue('housing', 10, 60_000)).toEqual([]);

    // Repeats are harmless; another body under the same id, or a supplement nobody asked for, is refused.
    expect(await store.addSupplement({ caseId: 'C1', supplementId: 'S1', bodyHash: 'b1', document: { caseId: 'C1', itemCode: 'X', supplementId: 'S1', submittedAt: 'x', materials: [] } })).toMatchObject({ kind: 'duplicate' });
    expect(await store.addSupplement({ caseId: 'C1', supplementId: 'S1', bodyHash: 'b2', document: { caseId: 'C1', itemCode: 'X', supplementId: 'S1', submittedAt: 'x', materials: [] } })).toEqual({ kind: 'conflict' });
    expect(await store.addSupplement({ caseId: 'C1', supplementId: 'S2', bodyHash: 'b3', document: { caseId: 'C1', itemCode: 'X', supplementId: 'S2', submittedAt: 'x', materials: [] } })).toMatchObject({ kind: 'not-requested' });
    expect(await store.addSupplement({ caseId: 'nope', supplementId: 'S2', bodyHash: 'b3', document: { caseId: 'nope', itemCode: 'X', supplementId: 'S2', submittedAt: 'x', materials: [] } })).toEqual({ kind: 'not-found' });
    // The department may ask again in the next round.
    expect(await store.recordResult({ caseId: 'C1', systemId: 'drc', result: { ...request, reason: '还需要环评批复' }, resultHash: 's2' })).toMatchObject({ kind: 'created', status: 'awaiting-supplement' });
  });

  const lookup = (name: string, required: boolean, waitSeconds = 60): NewLookup => ({
    name, systemId: 'hrss', connectorId: 'hrss', operation: 'certificate', request: 'm/req', answer: 'm/ans', required, waitSeconds, legalBasis: '《浙江省公共数据条例》', purpose: '核验社保', subject: '110105********002X',
  });

  it('holds the deliveries until the required lookup is answered, then gives them the answer', async () => {
    await store.acceptCase(parallelCase('C1', [lookup('socialInsuranceCertificate', true)]));
    expect(await store.claimDue('nrp-land', 10, 60_000)).toEqual([]);
    const [l] = await store.claimDue('hrss', 10, 60_000);
    expect(l).toMatchObject({ kind: 'lookup', ref: 'socialInsuranceCertificate', operation: 'certificate', mapping: 'm/req', role: 'source' });
    expect(l.document).toMatchObject({ answer: 'm/ans', required: true });
    const woken = await store.markDelivered(l.id, { answer: { data: { certificateNo: 'SB1', insured: true }, requestFields: ['idNumber', 'name'] } });
    expect(woken.notify.sort()).toEqual(['drc', 'housing', 'nrp-land']);
    const [toLead] = await store.claimDue('nrp-land', 10, 60_000);
    expect((toLead.envelope as CaseEnvelope & { shared: unknown }).shared).toEqual({ socialInsuranceCertificate: { certificateNo: 'SB1', insured: true } });
    expect(toLead.envelope.materials).toEqual([expect.objectContaining({ id: 'shared-socialInsuranceCertificate', kind: 'shared-data', mediaType: 'application/json' })]);
    const log = await store.listSharingLog({ caseId: 'C1' });
    expect(log).toEqual([expect.objectContaining({
      lookup: 'socialInsuranceCertificate', requestedBy: 'nrp', sourceSystem: 'hrss', subject: '110105********002X', itemCode: 'XK00301001',
      requestFields: ['idNumber', 'name'], answerFields: ['certificateNo', 'insured'], legalBasis: '《浙江省公共数据条例》', purpose: '核验社保', outcome: 'answered',
    })]);
  });

  it('a required lookup that fails for good fails the case; an operator\'s resend lets it go on', async () => {
    await store.acceptCase(parallelCase('C1', [lookup('cert', true)]));
    const [l] = await store.claimDue('hrss', 10, 60_000);
    await store.markDead(l.id, { code: 'OWH_SEND_REJECTED', message: '404', retryable: false });
    expect((await store.getCase('C1'))!.status).toBe('failed');
    expect((await store.listSharingLog({}))[0]).toMatchObject({ outcome: 'failed', detail: 'OWH_SEND_REJECTED: 404' });
    expect(await store.claimDue('nrp-land', 10, 60_000)).toEqual([]);
    await store.resendDead({ ids: [l.id] }, 'test');
    const [again] = await store.claimDue('hrss', 10, 60_000);
    await store.markDelivered(again.id, { answer: { data: { ok: 1 }, requestFields: [] } });
    expect(await store.claimDue('nrp-land', 10, 60_000)).toHaveLength(1);
  });

  it('an optional lookup is skipped after its wait, and logged as skipped', async () => {
    await store.acceptCase(parallelCase('C1', [lookup('cert', false, 30)]));
    now += 29_000;
    expect(await store.releaseExpiredWaits()).toEqual({ notify: [] });
    now += 2_000;
    expect((await store.releaseExpiredWaits()).notify.sort()).toEqual(['drc', 'housing', 'nrp-land']);
    const c = (await store.getCase('C1'))!;
    expect(c.deliveries.find((d) => d.kind === 'lookup')!.status).toBe('skipped');
    expect((await store.listSharingLog({ caseId: 'C1' }))[0]).toMatchObject({ outcome: 'skipped' });
    expect(await store.claimDue('hrss', 10, 60_000)).toEqual([]);
  });

  it('migrates a database of the previous version, keeping its cases, deliveries and results', async () => {
    await store.close();
    const file = join(dir.path, 'old.db');
    const db = new Database(file);
    db.exec(migrations[0]);
    db.exec(migrations[1]);
    db.pragma('user_version = 2');
    db.prepare(`INSERT INTO cases (case_id, item_code, jurisdiction, client_id, status, body_hash, envelope, received_at, updated_at) VALUES ('OLD1', 'XK00101001', '330203', 'p', 'accepted', 'h', ?, 1, 1)`).run(JSON.stringify(envelope('OLD1')));
    db.prepare(`INSERT INTO deliveries (case_id, system_id, connector_id, role, mapping, status, attempts, due_at, created_at, updated_at) VALUES ('OLD1', 'a', 'a', 'lead', 'm', 'delivered', 1, 1, 1, 1)`).run();
    db.prepare(`INSERT INTO results (case_id, delivery_id, system_id, role, kind, outcome, result, result_hash, received_at) VALUES ('OLD1', 1, 'a', 'lead', 'acceptance', 'accepted', '{"kind":"acceptance","outcome":"accepted"}', 'r', 1)`).run();
    db.close();
    store = new SqliteStore({ path: file, now: () => now });
    const c = (await store.getCase('OLD1'))!;
    expect(c.deliveries).toEqual([expect.objectContaining({ id: 1, kind: 'case', ref: '', status: 'delivered' })]);
    expect(c.results).toEqual([expect.objectContaining({ kind: 'acceptance', round: 0 })]);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(await store.recordResult({ caseId: 'OLD1', systemId: 'a', result: { kind: 'completion', outcome: 'approved' }, resultHash: 'c' })).toMatchObject({ status: 'completed' });
  });
});
