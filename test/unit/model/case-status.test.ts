import { deriveCaseStatus } from '../../../src/model/case-status';

const lead = { role: 'lead' as const };
const co = { role: 'co-handler' as const };

describe('case status', () => {
  it('is received until every delivery is acknowledged, then dispatched', () => {
    expect(deriveCaseStatus({ deliveries: [{ ...lead, status: 'delivered' }, { ...co, status: 'pending' }], results: [] })).toBe('received');
    expect(deriveCaseStatus({ deliveries: [{ ...lead, status: 'delivered' }, { ...co, status: 'delivered' }], results: [] })).toBe('dispatched');
  });

  it("follows the lead department's results", () => {
    const deliveries = [{ ...lead, status: 'delivered' as const }];
    expect(deriveCaseStatus({ deliveries, results: [{ ...lead, kind: 'acceptance', outcome: 'accepted' }] })).toBe('accepted');
    expect(deriveCaseStatus({ deliveries, results: [{ ...lead, kind: 'acceptance', outcome: 'rejected' }] })).toBe('rejected');
    expect(deriveCaseStatus({ deliveries, results: [{ ...lead, kind: 'acceptance', outcome: 'accepted' }, { ...lead, kind: 'completion', outcome: 'denied' }] })).toBe('completed');
  });

  it("is not decided by a co-handler's result", () => {
    const deliveries = [{ ...lead, status: 'delivered' as const }, { ...co, status: 'delivered' as const }];
    expect(deriveCaseStatus({ deliveries, results: [{ ...co, kind: 'acceptance', outcome: 'rejected' }] })).toBe('dispatched');
  });

  it('is failed while a delivery is dead, unless the lead has decided', () => {
    const deliveries = [{ ...lead, status: 'delivered' as const }, { ...co, status: 'dead' as const }];
    expect(deriveCaseStatus({ deliveries, results: [] })).toBe('failed');
    expect(deriveCaseStatus({ deliveries, results: [{ ...lead, kind: 'completion', outcome: 'approved' }] })).toBe('completed');
  });
});
