import { aggregate, AggregateDelivery, AggregateInput, AggregateResult } from '../../../src/results/aggregate';

const T = '2026-11-27T08:00:00.000Z';
const d = (systemId: string, role: AggregateDelivery['role'], status: AggregateDelivery['status'] = 'delivered', extra: Partial<AggregateDelivery> = {}): AggregateDelivery => ({ systemId, role, kind: 'case', status, ...extra });
const r = (systemId: string, role: AggregateResult['role'], kind: AggregateResult['kind'], outcome: AggregateResult['outcome'], extra: Partial<AggregateResult> = {}): AggregateResult => ({ systemId, role, kind, outcome, round: 0, receivedAt: T, ...extra });

/** A three-department item: nrp-land leads, drc and housing co-handle. */
const three = [d('nrp-land', 'lead'), d('drc', 'co-handler'), d('housing', 'co-handler')];
const run = (results: AggregateResult[], extra: Partial<AggregateInput> = {}) => aggregate({ deliveries: three, results, supplements: 0, now: T, ...extra });

describe('parallel approval: the case\'s one result', () => {
  it('after-all-opinions (default): the lead\'s decision is held until every co-handler has answered', () => {
    const early = run([r('nrp-land', 'lead', 'acceptance', 'accepted'), r('nrp-land', 'lead', 'completion', 'approved'), r('drc', 'co-handler', 'completion', 'approved')]);
    expect(early.status).toBe('accepted');
    expect(early.decision).toBeUndefined();
    expect(early.held).toEqual({ system: 'nrp-land', outcome: 'approved', waitingFor: ['housing'] });
    expect(early.pending).toEqual(expect.arrayContaining([
      expect.objectContaining({ who: 'housing', waitingFor: 'opinion' }),
      expect.objectContaining({ who: 'nrp-land', waitingFor: 'decision', why: expect.stringContaining('held until housing has answered') }),
    ]));
    const all = run([r('nrp-land', 'lead', 'completion', 'approved'), r('drc', 'co-handler', 'completion', 'approved'), r('housing', 'co-handler', 'completion', 'approved')]);
    expect(all.status).toBe('completed');
    expect(all.decision).toMatchObject({ outcome: 'approved', system: 'nrp-land', role: 'lead', decidedAt: T });
    expect(all.pending).toEqual([]);
  });

  it('lead-may-decide-early: the lead\'s completion decides at once', () => {
    const a = run([r('nrp-land', 'lead', 'completion', 'denied', { reason: '不符合规划' })], { rules: { decision: 'lead-may-decide-early' } });
    expect(a.status).toBe('completed');
    expect(a.decision).toMatchObject({ outcome: 'denied', system: 'nrp-land', reason: '不符合规划', rule: expect.stringContaining('lead-may-decide-early') });
  });

  it('any-refusal-refuses (default): a co-handler\'s denial refuses the case, whatever the lead says', () => {
    const a = run([r('nrp-land', 'lead', 'acceptance', 'accepted'), r('drc', 'co-handler', 'completion', 'denied', { reason: '不符合产业政策' })]);
    expect(a.status).toBe('completed');
    expect(a.decision).toMatchObject({ outcome: 'denied', system: 'drc', role: 'co-handler', reason: '不符合产业政策', rule: expect.stringContaining('any-refusal-refuses') });
  });

  it('any-refusal-refuses: a co-handler that does not accept the case refuses it too', () => {
    const a = run([r('housing', 'co-handler', 'acceptance', 'rejected', { reason: '不属于本机关职权范围' })]);
    expect(a.decision).toMatchObject({ outcome: 'denied', system: 'housing' });
  });

  it('lead-decides: a co-handler\'s refusal is one opinion; the lead\'s decision stands', () => {
    const rules = { refusal: 'lead-decides' as const };
    const refusedOnly = run([r('drc', 'co-handler', 'completion', 'denied', { reason: 'x' })], { rules });
    expect(refusedOnly.decision).toBeUndefined();
    const a = run([r('drc', 'co-handler', 'completion', 'denied', { reason: 'x' }), r('housing', 'co-handler', 'completion', 'approved'), r('nrp-land', 'lead', 'completion', 'approved')], { rules });
    expect(a.decision).toMatchObject({ outcome: 'approved', system: 'nrp-land' });
  });

  it('a refusal at acceptance by the lead is the case\'s rejection', () => {
    const a = run([r('nrp-land', 'lead', 'acceptance', 'rejected', { reason: '材料不全' })]);
    expect(a.status).toBe('rejected');
    expect(a.decision).toMatchObject({ outcome: 'rejected', system: 'nrp-land', reason: '材料不全' });
  });

  it('a decision made stands: results after it change nothing', () => {
    const decision = { outcome: 'approved' as const, system: 'nrp-land', role: 'lead' as const, rule: 'x', decidedAt: T };
    const a = run([r('drc', 'co-handler', 'completion', 'denied', { reason: 'late' })], { decision });
    expect(a.decision).toBe(decision);
    expect(a.status).toBe('completed');
  });

  it('an item with one department: the lead decides', () => {
    const a = aggregate({ deliveries: [d('amr', 'lead')], results: [r('amr', 'lead', 'completion', 'approved')], supplements: 0, now: T });
    expect(a.decision).toMatchObject({ outcome: 'approved', rule: 'the lead department decided' });
  });
});

describe('parallel approval: requests for more material (补正)', () => {
  it('an open request pauses the case; a supplement closes its round', () => {
    const request = r('drc', 'co-handler', 'supplement', 'requested', { reason: '请补充项目可研报告', materials: [{ name: '可行性研究报告' }] });
    const open = run([r('nrp-land', 'lead', 'acceptance', 'accepted'), request]);
    expect(open.status).toBe('awaiting-supplement');
    expect(open.openRequests).toEqual([{ system: 'drc', role: 'co-handler', reason: '请补充项目可研报告', materials: [{ name: '可行性研究报告' }], requestedAt: T }]);
    expect(open.pending[0]).toMatchObject({ who: 'applicant', waitingFor: 'supplement' });
    const answered = run([r('nrp-land', 'lead', 'acceptance', 'accepted'), request], { supplements: 1 });
    expect(answered.status).toBe('accepted');
    expect(answered.openRequests).toEqual([]);
    // A second request in the next round opens it again.
    const again = run([request, { ...request, round: 1 }], { supplements: 1 });
    expect(again.status).toBe('awaiting-supplement');
  });

  it('a refusal decides even while a request for more material is open', () => {
    const a = run([r('drc', 'co-handler', 'supplement', 'requested', { reason: 'x' }), r('housing', 'co-handler', 'completion', 'denied', { reason: 'y' })]);
    expect(a.status).toBe('completed');
    expect(a.decision).toMatchObject({ system: 'housing' });
  });
});

describe('parallel approval: who the case waits for', () => {
  it('a department that is down holds back nobody else; the case says who is pending and why', () => {
    const deliveries = [
      d('nrp-land', 'lead'),
      d('drc', 'co-handler', 'pending', { attempts: 3, lastError: { code: 'OWH_SEND_NETWORK', message: 'connection refused' }, dueAt: '2026-11-27T08:01:00.000Z' }),
      d('housing', 'co-handler'),
    ];
    const a = aggregate({ deliveries, results: [r('housing', 'co-handler', 'completion', 'approved')], supplements: 0, now: T });
    expect(a.status).toBe('received');
    expect(a.pending).toEqual(expect.arrayContaining([
      { who: 'drc', role: 'co-handler', waitingFor: 'delivery', why: expect.stringMatching(/queued \(attempt 3\); last attempt failed \(OWH_SEND_NETWORK: connection refused\), next at 2026-11-27T08:01/) },
      { who: 'nrp-land', role: 'lead', waitingFor: 'acceptance', why: 'delivered; its acceptance is awaited' },
    ]));
    expect(a.pending.some((p) => p.who === 'housing')).toBe(false);
  });

  it('a dead delivery waits for an operator and fails the case; an optional lookup that failed does not', () => {
    const dead = aggregate({ deliveries: [d('nrp-land', 'lead', 'dead', { lastError: { code: 'OWH_SEND_REJECTED', message: '400' } })], results: [], supplements: 0 });
    expect(dead.status).toBe('failed');
    expect(dead.pending[0]).toMatchObject({ waitingFor: 'operator' });
    const optional = aggregate({ deliveries: [d('nrp-land', 'lead'), d('hrss', 'source', 'dead', { kind: 'lookup', ref: 'cert', required: false })], results: [], supplements: 0 });
    expect(optional.status).toBe('dispatched');
    const required = aggregate({ deliveries: [d('nrp-land', 'lead', 'waiting'), d('hrss', 'source', 'dead', { kind: 'lookup', ref: 'cert', required: true })], results: [], supplements: 0 });
    expect(required.status).toBe('failed');
  });

  it('deliveries waiting for lookups say so', () => {
    const a = aggregate({ deliveries: [d('nrp-land', 'lead', 'waiting'), d('hrss', 'source', 'in_flight', { kind: 'lookup', ref: 'cert', required: true, attempts: 1 })], results: [], supplements: 0 });
    expect(a.status).toBe('received');
    expect(a.pending).toEqual([
      expect.objectContaining({ who: 'nrp-land', waitingFor: 'lookup' }),
      expect.objectContaining({ who: 'hrss', role: 'source', waitingFor: 'lookup', why: 'lookup cert is being sent (attempt 1)' }),
    ]);
  });
});
