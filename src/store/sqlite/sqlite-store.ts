import Database, { Database as Db, Statement } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { deriveCaseStatus } from '../../model/case-status';
import type { CaseEnvelope, CaseStatus, DeliveryStatus, ResultKind, ResultOutcome, Role } from '../../model/case';
import type {
  AcceptOutcome,
  CaseDue,
  CaseEvent,
  CaseRecord,
  ClaimedDelivery,
  DeliveryError,
  DeliveryRecord,
  HubStore,
  NewCase,
  NewResult,
  OutboxStats,
  ResultOutcomeOfStore,
  ResultRecord,
} from '../contract';
import { migrations } from './migrations';
import { WriteBatcher } from './write-batcher';

export interface SqliteStoreOptions {
  /** Database file, or ':memory:'. */
  path: string;
  synchronous?: 'full' | 'normal';
  /** The clock, in ms since epoch (tests move it). */
  now?: () => number;
}

interface DeliveryRow {
  id: number;
  case_id: string;
  system_id: string;
  connector_id: string;
  role: Role;
  mapping: string | null;
  status: DeliveryStatus;
  attempts: number;
  due_at: number;
  last_error: string | null;
  receipt: string | null;
  delivered_at: number | null;
  created_at: number;
  updated_at: number;
}

interface ResultRow {
  id: number;
  case_id: string;
  delivery_id: number;
  system_id: string;
  role: Role;
  kind: ResultKind;
  outcome: ResultOutcome;
  result: string;
  result_hash: string;
  received_at: number;
}

/** How many recently accepted envelopes are kept in memory for dispatch (a cache: the database stays the truth). */
const ENVELOPE_CACHE_SIZE = 5_000;

const iso = (ms: number | null | undefined): string | undefined => (ms == null ? undefined : new Date(ms).toISOString());
const MAX_RESPONSE_CHARS = 4000;

/**
 * The embedded store: one SQLite file in WAL mode through better-sqlite3, whose synchronous
 * transactions make the transactional outbox simple — a case and its deliveries commit together
 * or not at all. Writes are group-committed (see WriteBatcher); reads run directly.
 */
export class SqliteStore implements HubStore {
  readonly db: Db;
  private readonly batcher: WriteBatcher;
  private readonly now: () => number;
  private readonly s: Record<string, Statement>;
  private closed = false;
  /**
   * Envelopes of recently accepted cases, so dispatch does not read back and parse what intake has
   * just written (a case is usually sent within milliseconds of its acceptance). Insertion-ordered
   * Map, oldest dropped first.
   */
  private readonly recentEnvelopes = new Map<string, { itemCode: string; envelope: CaseEnvelope }>();

  constructor(options: SqliteStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.migrate();
    this.now = options.now ?? Date.now;
    this.batcher = new WriteBatcher(this.db);
    const p = (sql: string) => this.db.prepare(sql);
    this.s = {
      caseHash: p('SELECT body_hash, status FROM cases WHERE case_id = ?'),
      insertCase: p(`INSERT INTO cases (case_id, item_code, jurisdiction, client_id, status, body_hash, envelope, received_at, updated_at, due_at)
                     VALUES (@caseId, @itemCode, @jurisdiction, @clientId, 'received', @bodyHash, @envelope, @now, @now, @dueAt)`),
      casesDue: p(`SELECT case_id, item_code, jurisdiction, status, received_at, due_at FROM cases
                   WHERE due_at IS NOT NULL AND status NOT IN ('completed', 'rejected') AND due_at <= ? ORDER BY due_at LIMIT ?`),
      insertDelivery: p(`INSERT INTO deliveries (case_id, system_id, connector_id, role, mapping, status, attempts, due_at, created_at, updated_at)
                         VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`),
      insertEvent: p('INSERT INTO events (case_id, at, type, system_id, detail) VALUES (?, ?, ?, ?, ?)'),
      claim: p(`UPDATE deliveries SET status = 'in_flight', attempts = attempts + 1, lease_until = @lease, updated_at = @now
                WHERE id IN (
                  SELECT id FROM deliveries WHERE connector_id = @connectorId AND status = 'pending' AND due_at <= @now
                  UNION ALL
                  SELECT id FROM deliveries WHERE connector_id = @connectorId AND status = 'in_flight' AND lease_until <= @now
                  ORDER BY 1 LIMIT @limit)
                RETURNING id, case_id, system_id, connector_id, role, mapping, attempts`),
      caseForSend: p('SELECT item_code, envelope FROM cases WHERE case_id = ?'),
      nextPending: p(`SELECT MIN(due_at) AS t FROM deliveries WHERE connector_id = ? AND status = 'pending'`),
      nextLease: p(`SELECT MIN(lease_until) AS t FROM deliveries WHERE connector_id = ? AND status = 'in_flight'`),
      delivered: p(`UPDATE deliveries SET status = 'delivered', receipt = ?, response = ?, delivered_at = ?, lease_until = NULL, updated_at = ?
                    WHERE id = ? AND status = 'in_flight' RETURNING case_id, system_id, attempts`),
      retry: p(`UPDATE deliveries SET status = 'pending', due_at = ?, last_error = ?, lease_until = NULL, updated_at = ?
                WHERE id = ? AND status = 'in_flight' RETURNING case_id, system_id, attempts`),
      dead: p(`UPDATE deliveries SET status = 'dead', last_error = ?, lease_until = NULL, updated_at = ?
               WHERE id = ? AND status = 'in_flight' RETURNING case_id, system_id, attempts`),
      releaseAll: p(`UPDATE deliveries SET status = 'pending', lease_until = NULL, due_at = ?, updated_at = ? WHERE status = 'in_flight'`),
      connectorsWithWork: p(`SELECT DISTINCT connector_id FROM deliveries WHERE status IN ('pending', 'in_flight')`),
      statusInputsD: p('SELECT role, status FROM deliveries WHERE case_id = ?'),
      statusInputsR: p('SELECT role, kind, outcome FROM results WHERE case_id = ?'),
      caseStatus: p('SELECT status FROM cases WHERE case_id = ?'),
      setStatus: p('UPDATE cases SET status = ?, updated_at = ? WHERE case_id = ?'),
      touchCase: p('UPDATE cases SET updated_at = ? WHERE case_id = ?'),
      deliveryFor: p('SELECT * FROM deliveries WHERE case_id = ? AND system_id = ?'),
      resultFor: p('SELECT * FROM results WHERE delivery_id = ? AND kind = ?'),
      insertResult: p(`INSERT INTO results (case_id, delivery_id, system_id, role, kind, outcome, result, result_hash, received_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`),
      caseRow: p('SELECT * FROM cases WHERE case_id = ?'),
      caseDeliveries: p('SELECT * FROM deliveries WHERE case_id = ? ORDER BY id'),
      caseResults: p('SELECT * FROM results WHERE case_id = ? ORDER BY id'),
      caseEvents: p('SELECT id, at, type, system_id, detail FROM events WHERE case_id = ? ORDER BY id'),
      deliveryById: p('SELECT * FROM deliveries WHERE id = ?'),
      resendOne: p(`UPDATE deliveries SET status = 'pending', attempts = 0, due_at = ?, updated_at = ? WHERE id = ? AND status = 'dead' RETURNING id, case_id, system_id`),
      resendAll: p(`UPDATE deliveries SET status = 'pending', attempts = 0, due_at = ?, updated_at = ? WHERE status = 'dead' RETURNING id, case_id, system_id`),
      openStats: p(`SELECT status, COUNT(*) AS n FROM deliveries WHERE status <> 'delivered' GROUP BY status`),
      allCount: p('SELECT COUNT(*) AS n FROM deliveries'),
    };
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let i = version; i < migrations.length; i++) {
      this.db.transaction(() => {
        this.db.exec(migrations[i]);
        this.db.pragma(`user_version = ${i + 1}`);
      })();
    }
  }

  private event(caseId: string, type: string, systemId: string | null, detail?: Record<string, unknown>): void {
    this.s.insertEvent.run(caseId, this.now(), type, systemId, detail ? JSON.stringify(detail) : null);
  }

  /** Recomputes the case's status from its deliveries and results; records a change. */
  private refreshStatus(caseId: string): CaseStatus {
    const before = (this.s.caseStatus.get(caseId) as { status: CaseStatus }).status;
    const after = deriveCaseStatus({
      deliveries: this.s.statusInputsD.all(caseId) as Array<{ role: Role; status: DeliveryStatus }>,
      results: this.s.statusInputsR.all(caseId) as Array<{ role: Role; kind: ResultKind; outcome: ResultOutcome }>,
    });
    if (after !== before) {
      this.s.setStatus.run(after, this.now(), caseId);
      this.event(caseId, 'case.status', null, { from: before, to: after });
    } else {
      this.s.touchCase.run(this.now(), caseId);
    }
    return after;
  }

  acceptCase(input: NewCase): Promise<AcceptOutcome> {
    return this.batcher.run((): AcceptOutcome => {
      const existing = this.s.caseHash.get(input.caseId) as { body_hash: string; status: CaseStatus } | undefined;
      if (existing) return existing.body_hash === input.bodyHash ? { kind: 'duplicate', status: existing.status } : { kind: 'conflict' };
      const now = this.now();
      this.s.insertCase.run({
        caseId: input.caseId,
        itemCode: input.itemCode,
        jurisdiction: input.jurisdiction,
        clientId: input.clientId,
        bodyHash: input.bodyHash,
        envelope: JSON.stringify(input.envelope),
        now,
        dueAt: input.dueAt ? Date.parse(input.dueAt) : null,
      });
      for (const d of input.deliveries) {
        this.s.insertDelivery.run(input.caseId, d.systemId, d.connectorId, d.role, d.mapping ?? null, now, now, now);
      }
      this.event(input.caseId, 'case.received', null, {
        clientId: input.clientId,
        targets: input.deliveries.map((d) => ({ system: d.systemId, connector: d.connectorId, role: d.role })),
        ...input.receivedDetail,
      });
      this.remember(input.caseId, input.itemCode, input.envelope);
      return { kind: 'created', status: 'received' };
    });
  }

  private remember(caseId: string, itemCode: string, envelope: CaseEnvelope): void {
    this.recentEnvelopes.set(caseId, { itemCode, envelope });
    if (this.recentEnvelopes.size > ENVELOPE_CACHE_SIZE) this.recentEnvelopes.delete(this.recentEnvelopes.keys().next().value!);
  }

  private envelopeForSend(caseId: string): { itemCode: string; envelope: CaseEnvelope } {
    const cached = this.recentEnvelopes.get(caseId);
    if (cached) return cached;
    const row = this.s.caseForSend.get(caseId) as { item_code: string; envelope: string };
    return { itemCode: row.item_code, envelope: JSON.parse(row.envelope) as CaseEnvelope };
  }

  claimDue(connectorId: string, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.batcher.run(() => {
      const now = this.now();
      const rows = this.s.claim.all({ connectorId, now, lease: now + leaseMs, limit }) as Array<Pick<DeliveryRow, 'id' | 'case_id' | 'system_id' | 'connector_id' | 'role' | 'mapping' | 'attempts'>>;
      return rows.map((r) => {
        const c = this.envelopeForSend(r.case_id);
        return {
          id: r.id,
          caseId: r.case_id,
          itemCode: c.itemCode,
          systemId: r.system_id,
          connectorId: r.connector_id,
          role: r.role,
          mapping: r.mapping ?? undefined,
          attempt: r.attempts,
          envelope: c.envelope, // shared and read-only: a compiled mapping never changes its source
        };
      });
    });
  }

  async nextDueAt(connectorId: string): Promise<number | undefined> {
    const a = (this.s.nextPending.get(connectorId) as { t: number | null }).t;
    const b = (this.s.nextLease.get(connectorId) as { t: number | null }).t;
    const times = [a, b].filter((t): t is number => t !== null);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  markDelivered(id: number, ack: { receipt?: string; response?: unknown }): Promise<void> {
    return this.batcher.run(() => {
      const now = this.now();
      let response = ack.response === undefined ? null : JSON.stringify(ack.response);
      if (response && response.length > MAX_RESPONSE_CHARS) response = JSON.stringify({ truncated: response.slice(0, MAX_RESPONSE_CHARS) });
      const row = this.s.delivered.get(ack.receipt ?? null, response, now, now, id) as { case_id: string; system_id: string; attempts: number } | undefined;
      if (!row) return; // the lease was lost and someone else holds it: they record the outcome
      this.event(row.case_id, 'delivery.delivered', row.system_id, { deliveryId: id, attempt: row.attempts, receipt: ack.receipt });
      this.refreshStatus(row.case_id);
    });
  }

  scheduleRetry(id: number, error: DeliveryError, dueAt: number): Promise<void> {
    return this.batcher.run(() => {
      const now = this.now();
      const row = this.s.retry.get(dueAt, JSON.stringify({ ...error, at: new Date(now).toISOString() }), now, id) as { case_id: string; system_id: string; attempts: number } | undefined;
      if (!row) return;
      this.event(row.case_id, 'delivery.retry', row.system_id, { deliveryId: id, attempt: row.attempts, code: error.code, message: error.message, nextAttemptAt: iso(dueAt) });
      this.s.touchCase.run(now, row.case_id);
    });
  }

  markDead(id: number, error: DeliveryError): Promise<void> {
    return this.batcher.run(() => {
      const now = this.now();
      const row = this.s.dead.get(JSON.stringify({ ...error, at: new Date(now).toISOString() }), now, id) as { case_id: string; system_id: string; attempts: number } | undefined;
      if (!row) return;
      this.event(row.case_id, 'delivery.dead', row.system_id, { deliveryId: id, attempt: row.attempts, code: error.code, message: error.message });
      this.refreshStatus(row.case_id);
    });
  }

  releaseLeases(): Promise<number> {
    return this.batcher.run(() => {
      const now = this.now();
      return this.s.releaseAll.run(now, now).changes;
    });
  }

  async connectorsWithWork(): Promise<string[]> {
    return (this.s.connectorsWithWork.all() as Array<{ connector_id: string }>).map((r) => r.connector_id);
  }

  recordResult(input: NewResult): Promise<ResultOutcomeOfStore> {
    return this.batcher.run((): ResultOutcomeOfStore => {
      const delivery = this.s.deliveryFor.get(input.caseId, input.systemId) as DeliveryRow | undefined;
      if (!delivery) return { kind: 'no-delivery' };
      const existing = this.s.resultFor.get(delivery.id, input.result.kind) as ResultRow | undefined;
      if (existing) {
        const record = this.toResult(existing);
        if (existing.result_hash !== input.resultHash) return { kind: 'conflict', existing: record };
        return { kind: 'duplicate', status: (this.s.caseStatus.get(input.caseId) as { status: CaseStatus }).status, record };
      }
      const row = this.s.insertResult.get(
        input.caseId, delivery.id, input.systemId, delivery.role, input.result.kind, input.result.outcome,
        JSON.stringify(input.result), input.resultHash, this.now(),
      ) as ResultRow;
      this.event(input.caseId, `result.${input.result.kind}`, input.systemId, {
        deliveryId: delivery.id,
        role: delivery.role,
        outcome: input.result.outcome,
        reason: input.result.reason,
        receipt: input.result.receipt,
      });
      const status = this.refreshStatus(input.caseId);
      return { kind: 'created', status, record: this.toResult(row) };
    });
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const row = this.s.caseRow.get(caseId) as
      | { case_id: string; item_code: string; jurisdiction: string; client_id: string; status: CaseStatus; envelope: string; received_at: number; updated_at: number; due_at: number | null }
      | undefined;
    if (!row) return undefined;
    return {
      caseId: row.case_id,
      itemCode: row.item_code,
      jurisdiction: row.jurisdiction,
      clientId: row.client_id,
      status: row.status,
      receivedAt: iso(row.received_at)!,
      updatedAt: iso(row.updated_at)!,
      dueAt: iso(row.due_at),
      envelope: JSON.parse(row.envelope) as CaseEnvelope,
      deliveries: (this.s.caseDeliveries.all(caseId) as DeliveryRow[]).map((d) => this.toDelivery(d)),
      results: (this.s.caseResults.all(caseId) as ResultRow[]).map((r) => this.toResult(r)),
      timeline: (this.s.caseEvents.all(caseId) as Array<{ id: number; at: number; type: string; system_id: string | null; detail: string | null }>).map(
        (e): CaseEvent => ({ id: e.id, at: iso(e.at)!, type: e.type, systemId: e.system_id ?? undefined, detail: e.detail ? JSON.parse(e.detail) : undefined }),
      ),
    };
  }

  async listDeliveries(filter: { status?: DeliveryStatus; connectorId?: string; limit?: number }): Promise<DeliveryRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
      // Lets the planner use the partial index of open and dead deliveries.
      if (filter.status !== 'delivered') where.push(`status <> 'delivered'`);
    }
    if (filter.connectorId) {
      where.push('connector_id = ?');
      args.push(filter.connectorId);
    }
    const sql = `SELECT * FROM deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at, id LIMIT ?`;
    return (this.db.prepare(sql).all(...args, filter.limit ?? 1000) as DeliveryRow[]).map((d) => this.toDelivery(d));
  }

  async getDelivery(id: number): Promise<DeliveryRecord | undefined> {
    const row = this.s.deliveryById.get(id) as DeliveryRow | undefined;
    return row ? this.toDelivery(row) : undefined;
  }

  resendDead(target: { ids: number[] } | { all: true }, by: string): Promise<number> {
    return this.batcher.run(() => {
      const now = this.now();
      const rows = ('all' in target
        ? this.s.resendAll.all(now, now)
        : target.ids.flatMap((id) => this.s.resendOne.all(now, now, id))) as Array<{ id: number; case_id: string; system_id: string }>;
      for (const r of rows) {
        this.event(r.case_id, 'delivery.resent', r.system_id, { deliveryId: r.id, by });
        this.refreshStatus(r.case_id);
      }
      return rows.length;
    });
  }

  async outboxStats(): Promise<OutboxStats> {
    const stats: OutboxStats = { pending: 0, inFlight: 0, delivered: 0, dead: 0 };
    let open = 0;
    for (const { status, n } of this.s.openStats.all() as Array<{ status: DeliveryStatus; n: number }>) {
      if (status === 'in_flight') stats.inFlight = n;
      else stats[status] = n;
      open += n;
    }
    stats.delivered = (this.s.allCount.get() as { n: number }).n - open;
    return stats;
  }

  async listCasesDue(before: number, limit = 1000): Promise<CaseDue[]> {
    return (this.s.casesDue.all(before, limit) as Array<{ case_id: string; item_code: string; jurisdiction: string; status: CaseStatus; received_at: number; due_at: number }>).map((r) => ({
      caseId: r.case_id,
      itemCode: r.item_code,
      jurisdiction: r.jurisdiction,
      status: r.status,
      receivedAt: iso(r.received_at)!,
      dueAt: iso(r.due_at)!,
    }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.batcher.flush(true);
    this.db.close();
  }

  private toDelivery(d: DeliveryRow): DeliveryRecord {
    return {
      id: d.id,
      caseId: d.case_id,
      systemId: d.system_id,
      connectorId: d.connector_id,
      role: d.role,
      mapping: d.mapping ?? undefined,
      status: d.status,
      attempts: d.attempts,
      dueAt: iso(d.due_at)!,
      lastError: d.last_error ? JSON.parse(d.last_error) : undefined,
      receipt: d.receipt ?? undefined,
      deliveredAt: iso(d.delivered_at),
      createdAt: iso(d.created_at)!,
      updatedAt: iso(d.updated_at)!,
    };
  }

  private toResult(r: ResultRow): ResultRecord {
    return {
      id: r.id,
      caseId: r.case_id,
      deliveryId: r.delivery_id,
      systemId: r.system_id,
      role: r.role,
      kind: r.kind,
      outcome: r.outcome,
      result: JSON.parse(r.result),
      receivedAt: iso(r.received_at)!,
    };
  }
}
