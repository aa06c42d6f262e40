import { join } from 'node:path';
import type { CaseEnvelope } from '../../../src/model/case';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store';
import type { NewCase } from '../../../src/store/contract';
import { tempDir } from '../../helpers/temp-dir';

const envelope = (caseId: string): CaseEnvelope => ({
  caseId,
  itemCode: 'XK00101001',
  applicant: { type: 'person', name: '张三', idType: 'resident-id', idNumber: '11010519491231002X' },
  channel: 'window',
  acceptedAt: { servicePoint: 'SP1', district: '330281' },
  jurisdiction: '330203',
  submittedAt: '2026-11-28T09:30:00+08:00',
  form: { a: 1 },
});

const newCase = (caseId: string, bodyHash = 'h1'): NewCase => ({
  caseId,
  itemCode: 'XK00101001',
  jurisdiction: '330203',
  clientId: 'platform',
  bodyHash,
  envelope: envelope(caseId),
  deliveries: [
    { systemId: 'sys-a', connectorId: 'sys-a', role: 'lead', mapping: 'mappings/sys-a/request/f' },
    { systemId: 'sys-b', connectorId: 'sys-b@330203', role: 'co-handler', mapping: 'mappings/sys-b/request/f' },
  ],
});

describe('SQLite store', () => {
  let dir: ReturnType<typeof tempDir>;
  let now: number;
  let store: SqliteStore;
  const open = () => new SqliteStore({ path: join(dir.path, 'owh.db'), now: () => now });

  beforeEach(() => {
    dir = tempDir();
    now = Date.UTC(2026, 10, 28, 1, 0, 0);
    store = open();
  });
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  it('stores a case with its deliveries in one transaction, idempotent on caseId', async () => {
    expect(await store.acceptCase(newCase('C1'))).toEqual({ kind: 'created', status: 'received' });
    expect(await store.acceptCase(newCase('C1'))).toEqual({ kind: 'duplicate', status: 'received' });
    expect(await store.acceptCase(newCase('C1', 'other'))).toEqual({ kind: 'conflict' });
    const record = (await store.getCase('C1'))!;
    expect(record.deliveries.map((d) => [d.systemId, d.connectorId, d.role, d.status])).toEqual([
      ['sys-a', 'sys-a', 'lead', 'pending'],
      ['sys-b', 'sys-b@330203', 'co-handler', 'pending'],
    ]);
    expect(record.timeline.map((e) => e.type)).toEqual(['case.received']);
    expect(record.envelope.applicant.name).toBe('张三');
  });

  it('group-commits concurrent writes; one failing write does not lose the others', async () => {
    const results = await Promise.allSettled([
      store.acceptCase(newCase('C1')),
      store.acceptCase({ ...newCase('C2'), deliveries: [{ systemId: 'x', connectorId: 'x', role: 'lead' }, { systemId: 'x', connectorId: 'x', role: 'lead' }] }),
      store.acceptCase(newCase('C3')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.getCase('C1')).toBeDefined();
    expect(await store.getCase('C2')).toBeUndefined(); // its savepoint rolled back whole: no case without its deliveries
    expect(await store.getCase('C3')).toBeDefined();
  });

  it('waits for another connection holding the write lock without failing or blocking the thread', async () => {
    const other = open();
    other.db.prepare('BEGIN IMMEDIATE').run(); // the other thread (or an owh command) is writing
    let done = false;
    const accepting = store.acceptCase(newCase('C1')).then((r) => ((done = true), r));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false); // still queued: retried on later turns, the event loop kept running
    other.db.prepare('COMMIT').run();
    expect(await accepting).toEqual({ kind: 'created', status: 'received' });
    await other.close();
  });

  it('claims due deliveries of one connector with a lease and counts the attempt', async () => {
    await store.acceptCase(newCase('C1'));
    await store.acceptCase(newCase('C2'));
    const first = await store.claimDue('sys-a', 1, 60_000);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ caseId: 'C1', systemId: 'sys-a', attempt: 1, itemCode: 'XK00101001' });
    expect(first[0].envelope.caseId).toBe('C1');
    const rest = await store.claimDue('sys-a', 10, 60_000);
    expect(rest.map((d) => d.caseId)).toEqual(['C2']);
    expect(await store.claimDue('sys-a', 10, 60_000)).toEqual([]); // held by the leases
    now += 60_000;
    const expired = await store.claimDue('sys-a', 10, 60_000); // leases expired: taken back
    expect(expired.map((d) => [d.caseId, d.attempt])).toEqual([['C1', 2], ['C2', 2]]);
  });

  it('records delivery, retry and dead letter, and derives the case status from them', async () => {
    await store.acceptCase(newCase('C1'));
    const [a] = await store.claimDue('sys-a', 1, 60_000);
    const [b] = await store.claimDue('sys-b@330203', 1, 60_000);
    await store.markDelivered(a.id, { receipt: 'R-1', response: { ok: true } });
    await store.scheduleRetry(b.id, { code: 'OWH_SEND_TIMEOUT', message: 'slow', retryable: true }, now + 5_000);
    expect(await store.claimDue('sys-b@330203', 1, 60_000)).toEqual([]); // not due yet
    expect(await store.nextDueAt('sys-b@330203')).toBe(now + 5_000);
    now += 5_000;
    const [again] = await store.claimDue('sys-b@330203', 1, 60_000);
    expect(again.attempt).toBe(2);
    await store.markDead(again.id, { code: 'OWH_SEND_REJECTED', message: 'no', retryable: false });
    let record = (await store.getCase('C1'))!;
    expect(record.status).toBe('failed');
    expect(record.deliveries.map((d) => [d.status, d.attempts, d.receipt, d.lastError?.code])).toEqual([
      ['delivered', 1, 'R-1', undefined],
      ['dead', 2, undefined, 'OWH_SEND_REJECTED'],
    ]);
    expect((await store.listDeliveries({ status: 'dead' })).map((d) => d.id)).toEqual([again.id]);
    expect(await store.resendDead({ ids: [again.id] }, 'test')).toBe(1);
    record = (await store.getCase('C1'))!;
    expect(record.status).toBe('received');
    expect(record.deliveries[1]).toMatchObject({ status: 'pending', attempts: 0 });
    expect(record.timeline.map((e) => e.type)).toEqual(['case.received', 'delivery.delivered', 'delivery.retry', 'delivery.dead', 'case.status', 'delivery.resent', 'case.status']);
  });

  it('ignores an outcome for a delivery it no longer holds', async () => {
    await store.acceptCase(newCase('C1'));
    const [a] = await store.claimDue('sys-a', 1, 60_000);
    await store.markDelivered(a.id, { receipt: 'R-1' });
    await store.markDead(a.id, { code: 'X', message: 'late', retryable: false });
    expect((await store.getDelivery(a.id))!.status).toBe('delivered');
  });

  it('records each kind of result once per delivery: duplicates are harmless, conflicts refused', async () => {
    await store.acceptCase(newCase('C1'));
    const accepted = { kind: 'acceptance' as const, outcome: 'accepted' as const };
    expect(await store.recordResult({ caseId: 'C1', systemId: 'sys-a', result: accepted, resultHash: 'r1' })).toMatchObject({ kind: 'created', status: 'accepted' });
    expect(await store.recordResult({ caseId: 'C1', systemId: 'sys-a', result: accepted, resultHash: 'r1' })).toMatchObject({ kind: 'duplicate' });
    expect(await store.recordResult({ caseId: 'C1', systemId: 'sys-a', result: { kind: 'acceptance', outcome: 'rejected', reason: 'x' }, resultHash: 'r2' })).toMatchObject({ kind: 'conflict' });
    expect(await store.recordResult({ caseId: 'C1', systemId: 'nobody', result: accepted, resultHash: 'r1' })).toEqual({ kind: 'no-delivery' });
    // The lead's decision is held until its co-handler has answered (the default rule).
    expect(await store.recordResult({ caseId: 'C1', systemId: 'sys-a', result: { kind: 'completion', outcome: 'approved' }, resultHash: 'r3' })).toMatchObject({ kind: 'created', status: 'accepted' });
    expect(await store.recordResult({ caseId: 'C1', systemId: 'sys-b', result: { kind: 'completion', outcome: 'approved' }, resultHash: 'r4' })).toMatchObject({ kind: 'created', status: 'completed' });
    expect((await store.getCase('C1'))!.decision).toMatchObject({ outcome: 'approved', system: 'sys-a', role: 'lead' });
  });

  it('survives a reopen: what was committed is there, in-flight deliveries are taken back', async () => {
    await store.acceptCase(newCase('C1'));
    await store.claimDue('sys-a', 1, 600_000);
    await store.close();
    store = open();
    expect(await store.releaseLeases()).toBe(1);
    const [again] = await store.claimDue('sys-a', 1, 60_000);
    expect(again).toMatchObject({ caseId: 'C1', attempt: 2 });
    expect(await store.outboxStats()).toEqual({ pending: 1, inFlight: 1, delivered: 0, dead: 0, waiting: 0, held: 0, skipped: 0 });
    expect((await store.connectorsWithWork()).sort()).toEqual(['sys-a', 'sys-b@330203']);
  });
});
