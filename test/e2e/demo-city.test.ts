import { CaseFactory } from '../../examples/demo-city/load/case-factory';
import { submitLoad } from '../../examples/demo-city/load/submit-load';
import { eventually } from '../helpers/hub-harness';
import { startDemoCity } from '../helpers/demo-city';

jest.setTimeout(120_000);

/**
 * The whole slice, end to end, against the demo city's real simulators: 500 cases of the city's
 * REST-served items (parallel approvals with three departments among them) are submitted; every
 * delivery must be applied exactly once at its department and every result must come back.
 */
describe('the demo city end to end', () => {
  let city: Awaited<ReturnType<typeof startDemoCity>>;
  beforeAll(async () => {
    city = await startDemoCity({ resultDelayMs: 20 });
  });
  afterAll(async () => {
    await city?.close();
  });

  it('takes 500 cases through intake, routing, mapping, delivery and results', async () => {
    const factory = new CaseFactory({ catalog: city.hub.catalog, adapterKinds: new Set(['rest']), prefix: 'E2E' });
    expect(factory.items.some((i) => i.targets.length === 3)).toBe(true);
    const report = await submitLoad({ url: city.hub.url, apiKey: 'demo-key', count: 500, concurrency: 16, next: () => factory.next() });
    expect(report).toMatchObject({ accepted: 500, failed: 0, refused: {} });

    // Every case completed: all its deliveries acknowledged, the lead's acceptance and completion back.
    const store = city.hub.store;
    await eventually(async () => {
      for (const id of report.caseIds) if ((await store.getCase(id))!.status !== 'completed') return undefined;
      return true;
    }, 90_000, 'every case completed');

    // The last results' opinions may still be on their way to the leads.
    await eventually(async () => {
      const o = await store.outboxStats();
      return o.pending + o.inFlight + o.held === 0 ? true : undefined;
    }, 30_000, 'the outbox empty');
    let deliveries = 0;
    let messages = 0;
    let results = 0;
    for (const caseId of report.caseIds) {
      const record = (await store.getCase(caseId))!;
      // Every message about the case (an opinion for the lead, a lookup) delivered too, once.
      for (const m of record.deliveries.filter((d) => d.kind !== 'case')) {
        messages++;
        expect({ caseId, kind: m.kind, ref: m.ref, status: m.status }).toEqual({ caseId, kind: m.kind, ref: m.ref, status: 'delivered' });
      }
      for (const d of record.deliveries.filter((x) => x.kind === 'case')) {
        deliveries++;
        expect(d.status).toBe('delivered');
        expect(d.receipt).toBeTruthy();
        // Applied exactly once at the department that should have it: the instance of the jurisdiction.
        expect(city.fleet.get(d.connectorId)!.stats().appliedByCase[caseId]).toBe(1);
      }
      await eventually(async () => ((await store.getCase(caseId))!.results.length === record.deliveries.filter((d) => d.kind === 'case').length * 2 ? true : undefined), 30_000, `results of ${caseId}`);
      results += (await store.getCase(caseId))!.results.length;
    }
    const totals = city.fleet.totals();
    expect(totals.applied).toBe(deliveries);
    expect(totals.maxAppliedPerCase).toBe(1);
    expect(results).toBe(deliveries * 2);
    expect(await store.outboxStats()).toEqual({ pending: 0, inFlight: 0, delivered: deliveries + messages, dead: 0, waiting: 0, held: 0, skipped: 0 });
    expect(messages).toBeGreaterThan(0);
  });
});
