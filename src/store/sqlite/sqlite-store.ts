import Database, { Database as Db, Statement } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Pause } from '../../calendar/working-days';
import type { CaseEnvelope, CaseStatus, DeliveryStatus } from '../../model/case';
import type { SupplementDocument } from '../../model/messages';
import { aggregate, AggregateDelivery, AggregateResult, CaseDecision } from '../../results/aggregate';
import { documentHash } from '../../util/canonical-json';
import { fieldsOf } from '../../util/fields';
import type {
  AcceptOutcome,
  CaseDue,
  CaseEvent,
  CaseRecord,
  CaseRules,
  ClaimedDelivery,
  DeliveryError,
  DeliveryRecord,
  HubStore,
  LookupSpec,
  NewCase,
  NewResult,
  NewSupplement,
  OutboxStats,
  ResultOutcomeOfStore,
  SharingLogEntry,
  NewSharingEntry,
  SupplementOutcome,
  SupplementRecord,
  Woken,
} from '../contract';
import { migrations } from './migrations';
import { DeliveryRow, iso, ResultRow, SettledRow, sharedMaterial, toDelivery, toResult } from './rows';
import { WriteBatcher } from './write-batcher';

export interface SqliteStoreOptions {
  /** Database file, or ':memory:'. */
  path: string;
  synchronous?: 'full' | 'normal';
  /** The clock, in ms since epoch (tests move it). */
  now?: () => number;
}

/** How many recently accepted envelopes are kept in memory for dispatch (a cache: the database stays the truth). */
const ENVELOPE_CACHE_SIZE = 5_000;

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
      insertCase: p(`INSERT INTO cases (case_id, item_code, jurisdiction, client_id, status, body_hash, envelope, received_at, updated_at, due_at, rules, wait_until)
                     VALUES (@caseId, @itemCode, @jurisdiction, @clientId, 'received', @bodyHash, @envelope, @now, @now, @dueAt, @rules, @waitUntil)`),
      // A paused clock (补正) cannot run late: those cases are left out until the supplement comes.
      casesDue: p(`SELECT case_id, item_code, jurisdiction, status, received_at, due_at FROM cases
                   WHERE due_at IS NOT NULL AND status NOT IN ('completed', 'rejected') AND status <> 'awaiting-supplement' AND due_at <= ? ORDER BY due_at LIMIT ?`),
      insertDelivery: p(`INSERT INTO deliveries (case_id, kind, ref, system_id, connector_id, role, mapping, operation, payload, status, attempts, due_at, created_at, updated_at)
                         VALUES (@caseId, @kind, @ref, @systemId, @connectorId, @role, @mapping, @operation, @payload, @status, 0, @now, @now, @now)`),
      // Forwarding and supplements may meet a message already planned (a result resent): once is enough.
      insertMessage: p(`INSERT INTO deliveries (case_id, kind, ref, system_id, connector_id, role, mapping, operation, payload, status, attempts, due_at, created_at, updated_at)
                        VALUES (@caseId, @kind, @ref, @systemId, @connectorId, @role, @mapping, @operation, @payload, @status, 0, @now, @now, @now)
                        ON CONFLICT (case_id, system_id, kind, ref) DO NOTHING RETURNING id`),
      caseDelivery: p(`SELECT * FROM deliveries WHERE case_id = ? AND kind = 'case' AND system_id = ?`),
      leadDelivery: p(`SELECT * FROM deliveries WHERE case_id = ? AND kind = 'case' AND role = 'lead'`),
      releaseHeld: p(`UPDATE deliveries SET status = 'pending', due_at = ?, updated_at = ? WHERE case_id = ? AND system_id = ? AND status = 'held' RETURNING connector_id`),
      releaseWaiting: p(`UPDATE deliveries SET status = 'pending', due_at = ?, updated_at = ? WHERE case_id = ? AND status = 'waiting' RETURNING connector_id`),
      caseLookups: p(`SELECT id, ref, status, payload, system_id FROM deliveries WHERE case_id = ? AND kind = 'lookup'`),
      skipLookup: p(`UPDATE deliveries SET status = 'skipped', lease_until = NULL, updated_at = ? WHERE id = ? AND status IN ('pending', 'in_flight', 'waiting')`),
      waitsDue: p('SELECT case_id FROM cases WHERE wait_until IS NOT NULL AND wait_until <= ?'),
      clearWait: p('UPDATE cases SET wait_until = NULL WHERE case_id = ?'),
      caseMeta: p('SELECT item_code, rules, decision, supplements, paused_at, wait_until, due_at FROM cases WHERE case_id = ?'),
      setDecision: p('UPDATE cases SET decision = ? WHERE case_id = ?'),
      pauseClock: p('UPDATE cases SET paused_at = COALESCE(paused_at, ?) WHERE case_id = ?'),
      insertShared: p(`INSERT INTO shared_data (case_id, name, system_id, answer, sha256, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
      caseShared: p('SELECT name, system_id, answer, sha256, received_at FROM shared_data WHERE case_id = ? ORDER BY name'),
      insertSharingLog: p(`INSERT INTO sharing_log (at, case_id, item_code, lookup, requested_by, source_system, subject, request_fields, answer_fields, legal_basis, purpose, outcome, detail)
                           VALUES (@at, @caseId, @itemCode, @lookup, @requestedBy, @sourceSystem, @subject, @requestFields, @answerFields, @legalBasis, @purpose, @outcome, @detail)`),
      supplementById: p('SELECT body_hash FROM supplements WHERE case_id = ? AND supplement_id = ?'),
      insertSupplement: p(`INSERT INTO supplements (case_id, supplement_id, body_hash, body, paused_from, received_at) VALUES (?, ?, ?, ?, ?, ?)`),
      caseSupplements: p('SELECT supplement_id, body, paused_from, received_at FROM supplements WHERE case_id = ? ORDER BY id'),
      resumeClock: p('UPDATE cases SET supplements = supplements + 1, paused_at = NULL, due_at = ? WHERE case_id = ?'),
      insertEvent: p('INSERT INTO events (case_id, at, type, system_id, detail) VALUES (?, ?, ?, ?, ?)'),
      claim: p(`UPDATE deliveries SET status = 'in_flight', attempts = attempts + 1, lease_until = @lease, updated_at = @now
                WHERE id IN (
                  SELECT id FROM deliveries WHERE connector_id = @connectorId AND status = 'pending' AND due_at <= @now
                  UNION ALL
                  SELECT id FROM deliveries WHERE connector_id = @connectorId AND status = 'in_flight' AND lease_until <= @now
                  ORDER BY 1 LIMIT @limit)
                RETURNING id, case_id, kind, ref, system_id, connector_id, role, mapping, operation, payload, attempts`),
      caseForSend: p('SELECT item_code, envelope FROM cases WHERE case_id = ?'),
      nextPending: p(`SELECT MIN(due_at) AS t FROM deliveries WHERE connector_id = ? AND status = 'pending'`),
      nextLease: p(`SELECT MIN(lease_until) AS t FROM deliveries WHERE connector_id = ? AND status = 'in_flight'`),
      delivered: p(`UPDATE deliveries SET status = 'delivered', receipt = ?, response = ?, delivered_at = ?, lease_until = NULL, updated_at = ?
                    WHERE id = ? AND status = 'in_flight' RETURNING case_id, kind, ref, system_id, payload, attempts`),
      retry: p(`UPDATE deliveries SET status = 'pending', due_at = ?, last_error = ?, lease_until = NULL, updated_at = ?
                WHERE id = ? AND status = 'in_flight' RETURNING case_id, system_id, attempts`),
      dead: p(`UPDATE deliveries SET status = 'dead', last_error = ?, lease_until = NULL, updated_at = ?
               WHERE id = ? AND status = 'in_flight' RETURNING case_id, kind, ref, system_id, payload, attempts`),
      releaseAll: p(`UPDATE deliveries SET status = 'pending', lease_until = NULL, due_at = ?, updated_at = ? WHERE status = 'in_flight'`),
      connectorsWithWork: p(`SELECT DISTINCT connector_id FROM deliveries WHERE status IN ('pending', 'in_flight')`),
      statusInputsD: p('SELECT kind, ref, role, status, system_id, attempts, last_error, due_at, payload FROM deliveries WHERE case_id = ?'),
      statusInputsR: p('SELECT system_id, role, kind, outcome, round, result, received_at FROM results WHERE case_id = ?'),
      caseStatus: p('SELECT status FROM cases WHERE case_id = ?'),
      setStatus: p('UPDATE cases SET status = ?, updated_at = ? WHERE case_id = ?'),
      touchCase: p('UPDATE cases SET updated_at = ? WHERE case_id = ?'),
      resultFor: p('SELECT * FROM results WHERE delivery_id = ? AND kind = ? AND round = ?'),
      insertResult: p(`INSERT INTO results (case_id, delivery_id, system_id, role, kind, outcome, round, result, result_hash, received_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`),
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
    if (version >= migrations.length) return;
    // A migration may rebuild a table others refer to; SQLite's way is to do it with foreign keys
    // off (the pragma is ignored inside a transaction) and check them all before going on.
    this.db.pragma('foreign_keys = OFF');
    try {
      for (let i = version; i < migrations.length; i++) {
        this.db.transaction(() => {
          this.db.exec(migrations[i]);
          const broken = this.db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`migration ${i + 1} left ${broken.length} broken references`);
          this.db.pragma(`user_version = ${i + 1}`);
        })();
      }
    } finally {
      this.db.pragma('foreign_keys = ON');
    }
  }

  private event(caseId: string, type: string, systemId: string | null, detail?: Record<string, unknown>): void {
    this.s.insertEvent.run(caseId, this.now(), type, systemId, detail ? JSON.stringify(detail) : null);
  }

  /** What the aggregation reads of a case: its deliveries, results, supplements and any decision made. */
  private aggregateOf(caseId: string) {
    const meta = this.s.caseMeta.get(caseId) as { rules: string | null; decision: string | null; supplements: number };
    const rules = meta.rules ? (JSON.parse(meta.rules) as CaseRules) : undefined;
    const deliveries = (this.s.statusInputsD.all(caseId) as Array<Pick<DeliveryRow, 'kind' | 'ref' | 'role' | 'status' | 'system_id' | 'attempts' | 'last_error' | 'due_at' | 'payload'>>).map(
      (d): AggregateDelivery => ({
        systemId: d.system_id,
        role: d.role,
        kind: d.kind,
        ref: d.ref,
        status: d.status as AggregateDelivery['status'],
        attempts: d.attempts,
        required: d.kind === 'lookup' && d.payload ? (JSON.parse(d.payload) as LookupSpec).required : undefined,
        lastError: d.last_error ? (JSON.parse(d.last_error) as { code: string; message: string }) : undefined,
        dueAt: iso(d.due_at),
      }),
    );
    const results = (this.s.statusInputsR.all(caseId) as Array<Pick<ResultRow, 'system_id' | 'role' | 'kind' | 'outcome' | 'round' | 'result' | 'received_at'>>).map((r): AggregateResult => {
      const body = JSON.parse(r.result) as { reason?: string; materials?: AggregateResult['materials'] };
      return { systemId: r.system_id, role: r.role, kind: r.kind, outcome: r.outcome, round: r.round, reason: body.reason, materials: body.materials, receivedAt: iso(r.received_at)! };
    });
    const decision = meta.decision ? (JSON.parse(meta.decision) as CaseDecision) : undefined;
    return aggregate({ rules: rules?.parallel, deliveries, results, supplements: meta.supplements, decision, now: new Date(this.now()).toISOString() });
  }

  /** Recomputes the case's status (and its one result, once the rules allow it); records a change. */
  private refreshStatus(caseId: string): CaseStatus {
    const before = (this.s.caseStatus.get(caseId) as { status: CaseStatus }).status;
    const { status: after, decision } = this.aggregateOf(caseId);
    if (decision && (before !== 'completed' && before !== 'rejected')) {
      this.s.setDecision.run(JSON.stringify(decision), caseId);
      this.event(caseId, 'case.decided', decision.system, { ...decision });
    }
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
      const lookups = input.lookups ?? [];
      const optional = lookups.filter((l) => !l.required);
      this.s.insertCase.run({
        caseId: input.caseId,
        itemCode: input.itemCode,
        jurisdiction: input.jurisdiction,
        clientId: input.clientId,
        bodyHash: input.bodyHash,
        envelope: JSON.stringify(input.envelope),
        now,
        dueAt: input.dueAt ? Date.parse(input.dueAt) : null,
        rules: input.rules ? JSON.stringify(input.rules) : null,
        waitUntil: optional.length > 0 ? now + Math.max(...optional.map((l) => l.waitSeconds)) * 1000 : null,
      });
      // With lookups, the deliveries wait for their answers (the request mappings may use them).
      const status = lookups.length > 0 ? 'waiting' : 'pending';
      for (const d of input.deliveries) {
        this.s.insertDelivery.run({ caseId: input.caseId, kind: 'case', ref: '', systemId: d.systemId, connectorId: d.connectorId, role: d.role, mapping: d.mapping ?? null, operation: null, payload: null, status, now });
      }
      for (const l of lookups) {
        const spec: LookupSpec = { answer: l.answer, required: l.required, waitSeconds: l.waitSeconds, legalBasis: l.legalBasis, purpose: l.purpose, subject: l.subject };
        this.s.insertDelivery.run({ caseId: input.caseId, kind: 'lookup', ref: l.name, systemId: l.systemId, connectorId: l.connectorId, role: 'source', mapping: l.request, operation: l.operation, payload: JSON.stringify(spec), status: 'pending', now });
      }
      this.event(input.caseId, 'case.received', null, {
        clientId: input.clientId,
        targets: input.deliveries.map((d) => ({ system: d.systemId, connector: d.connectorId, role: d.role })),
        ...(lookups.length > 0 ? { lookups: lookups.map((l) => ({ name: l.name, system: l.systemId, required: l.required })) } : {}),
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

  /** The case as the mappings see it: the stored envelope, plus `shared.<lookup>` and a material per answered lookup. */
  private envelopeForSend(caseId: string): { itemCode: string; envelope: CaseEnvelope } {
    const cached = this.recentEnvelopes.get(caseId);
    if (cached) return cached;
    const row = this.s.caseForSend.get(caseId) as { item_code: string; envelope: string };
    const envelope = JSON.parse(row.envelope) as CaseEnvelope & { shared?: Record<string, unknown> };
    const shared = this.s.caseShared.all(caseId) as Array<{ name: string; system_id: string; answer: string; sha256: string }>;
    if (shared.length > 0) {
      envelope.shared = Object.fromEntries(shared.map((d) => [d.name, JSON.parse(d.answer) as unknown]));
      envelope.materials = [...(envelope.materials ?? []), ...shared.map((d) => sharedMaterial(d.name, d.system_id, d.answer, d.sha256))];
    }
    return { itemCode: row.item_code, envelope };
  }

  claimDue(connectorId: string, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.batcher.run(() => {
      const now = this.now();
      const rows = this.s.claim.all({ connectorId, now, lease: now + leaseMs, limit }) as Array<
        Pick<DeliveryRow, 'id' | 'case_id' | 'kind' | 'ref' | 'system_id' | 'connector_id' | 'role' | 'mapping' | 'operation' | 'payload' | 'attempts'>
      >;
      return rows.map((r): ClaimedDelivery => {
        const c = this.envelopeForSend(r.case_id);
        return {
          id: r.id,
          caseId: r.case_id,
          itemCode: c.itemCode,
          kind: r.kind,
          ref: r.ref,
          operation: r.operation ?? undefined,
          systemId: r.system_id,
          connectorId: r.connector_id,
          role: r.role,
          mapping: r.mapping ?? undefined,
          attempt: r.attempts,
          envelope: c.envelope, // shared and read-only: a compiled mapping never changes its source
          document: r.payload ? (JSON.parse(r.payload) as unknown) : undefined,
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

  markDelivered(id: number, ack: { receipt?: string; response?: unknown; answer?: { data: unknown; requestFields: string[] } }): Promise<Woken> {
    return this.batcher.run((): Woken => {
      const now = this.now();
      let response = ack.response === undefined ? null : JSON.stringify(ack.response);
      if (response && response.length > MAX_RESPONSE_CHARS) response = JSON.stringify({ truncated: response.slice(0, MAX_RESPONSE_CHARS) });
      const row = this.s.delivered.get(ack.receipt ?? null, response, now, now, id) as SettledRow | undefined;
      if (!row) return { notify: [] }; // the lease was lost and someone else holds it: they record the outcome
      const notify: string[] = [];
      if (row.kind === 'lookup') {
        const data = ack.answer?.data ?? null;
        const answer = JSON.stringify(data);
        this.s.insertShared.run(row.case_id, row.ref, row.system_id, answer, documentHash(data), now);
        this.recentEnvelopes.delete(row.case_id);
        this.logSharing(row, 'answered', ack.answer?.requestFields ?? [], fieldsOf(data));
        this.event(row.case_id, 'lookup.answered', row.system_id, { deliveryId: id, lookup: row.ref, attempt: row.attempts, fields: fieldsOf(data) });
        notify.push(...this.releaseIfReady(row.case_id));
      } else {
        this.event(row.case_id, row.kind === 'case' ? 'delivery.delivered' : `${row.kind}.delivered`, row.system_id, { deliveryId: id, attempt: row.attempts, receipt: ack.receipt, ...(row.ref ? { ref: row.ref } : {}) });
        // Messages about the case (an opinion, a supplement) wait until the case itself has reached the system.
        if (row.kind === 'case') notify.push(...(this.s.releaseHeld.all(now, now, row.case_id, row.system_id) as Array<{ connector_id: string }>).map((r) => r.connector_id));
      }
      this.refreshStatus(row.case_id);
      return { notify };
    });
  }

  /** One row of the sharing log for a lookup that was answered, failed or was skipped. */
  private logSharing(row: SettledRow, outcome: SharingLogEntry['outcome'], requestFields: string[], answerFields: string[], detail?: string): void {
    const spec = JSON.parse(row.payload!) as LookupSpec;
    const meta = this.s.caseMeta.get(row.case_id) as { item_code: string; rules: string | null };
    const rules = meta.rules ? (JSON.parse(meta.rules) as CaseRules) : undefined;
    this.insertSharing({
      caseId: row.case_id,
      itemCode: meta.item_code,
      lookup: row.ref,
      requestedBy: rules?.department ?? '',
      sourceSystem: row.system_id,
      subject: spec.subject,
      requestFields,
      answerFields,
      legalBasis: spec.legalBasis,
      purpose: spec.purpose,
      outcome,
      detail,
    });
  }

  private insertSharing(entry: NewSharingEntry): number {
    const info = this.s.insertSharingLog.run({
      at: this.now(),
      caseId: entry.caseId,
      itemCode: entry.itemCode,
      lookup: entry.lookup,
      requestedBy: entry.requestedBy,
      sourceSystem: entry.sourceSystem,
      subject: entry.subject ?? null,
      requestFields: JSON.stringify(entry.requestFields),
      answerFields: JSON.stringify(entry.answerFields),
      legalBasis: entry.legalBasis,
      purpose: entry.purpose ?? null,
      outcome: entry.outcome,
      detail: entry.detail ?? null,
    });
    return Number(info.lastInsertRowid);
  }

  async recordSharing(entry: NewSharingEntry): Promise<number> {
    return this.insertSharing(entry);
  }

  /**
   * Lets the case's deliveries go once its lookups allow: every required one answered, every
   * optional one answered, failed, or out of time (then skipped and logged as such).
   */
  private releaseIfReady(caseId: string): string[] {
    const lookups = this.s.caseLookups.all(caseId) as Array<{ id: number; ref: string; status: DeliveryStatus; payload: string; system_id: string }>;
    const waitUntil = (this.s.caseMeta.get(caseId) as { wait_until: number | null }).wait_until;
    const now = this.now();
    const open = (l: { status: DeliveryStatus }) => l.status === 'pending' || l.status === 'in_flight' || l.status === 'waiting';
    const required = (l: { payload: string }) => (JSON.parse(l.payload) as LookupSpec).required;
    if (lookups.some((l) => required(l) && l.status !== 'delivered')) return [];
    const optionalOpen = lookups.filter((l) => !required(l) && open(l));
    if (optionalOpen.length > 0 && (waitUntil === null || waitUntil > now)) return [];
    for (const l of optionalOpen) {
      if (this.s.skipLookup.run(now, l.id).changes === 0) continue;
      const row: SettledRow = { case_id: caseId, kind: 'lookup', ref: l.ref, system_id: l.system_id, payload: l.payload, attempts: 0 };
      this.logSharing(row, 'skipped', [], [], `not answered within ${(JSON.parse(l.payload) as LookupSpec).waitSeconds} s; the case went on without it`);
      this.event(caseId, 'lookup.skipped', l.system_id, { lookup: l.ref });
    }
    this.s.clearWait.run(caseId);
    const released = (this.s.releaseWaiting.all(now, now, caseId) as Array<{ connector_id: string }>).map((r) => r.connector_id);
    if (released.length > 0) this.event(caseId, 'lookups.done', null, { released: released.length });
    return released;
  }

  releaseExpiredWaits(): Promise<Woken> {
    // Called on every poll of the delivery loop: a read first, so that no write transaction (and
    // no lock against intake) is taken while no case waits for an optional lookup.
    if (this.s.waitsDue.get(this.now()) === undefined) return Promise.resolve({ notify: [] });
    return this.batcher.run((): Woken => {
      const notify: string[] = [];
      for (const { case_id } of this.s.waitsDue.all(this.now()) as Array<{ case_id: string }>) {
        notify.push(...this.releaseIfReady(case_id));
        this.refreshStatus(case_id);
      }
      return { notify };
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

  markDead(id: number, error: DeliveryError): Promise<Woken> {
    return this.batcher.run((): Woken => {
      const now = this.now();
      const row = this.s.dead.get(JSON.stringify({ ...error, at: new Date(now).toISOString() }), now, id) as SettledRow | undefined;
      if (!row) return { notify: [] };
      this.event(row.case_id, row.kind === 'case' ? 'delivery.dead' : `${row.kind}.dead`, row.system_id, { deliveryId: id, attempt: row.attempts, code: error.code, message: error.message, ...(row.ref ? { ref: row.ref } : {}) });
      const notify: string[] = [];
      if (row.kind === 'lookup') {
        this.logSharing(row, 'failed', [], [], `${error.code}: ${error.message}`);
        // An optional lookup that failed for good is skipped; a required one holds the case for an operator.
        notify.push(...this.releaseIfReady(row.case_id));
      }
      this.refreshStatus(row.case_id);
      return { notify };
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
      const delivery = this.s.caseDelivery.get(input.caseId, input.systemId) as DeliveryRow | undefined;
      if (!delivery) return { kind: 'no-delivery' };
      const meta = this.s.caseMeta.get(input.caseId) as { item_code: string; rules: string | null; decision: string | null; supplements: number };
      // A department may ask for more material once per round; its acceptance and completion once in all.
      const round = input.result.kind === 'supplement' ? meta.supplements : 0;
      const existing = this.s.resultFor.get(delivery.id, input.result.kind, round) as ResultRow | undefined;
      if (existing) {
        const record = toResult(existing);
        if (existing.result_hash !== input.resultHash) return { kind: 'conflict', existing: record };
        return { kind: 'duplicate', status: (this.s.caseStatus.get(input.caseId) as { status: CaseStatus }).status, record };
      }
      const now = this.now();
      const row = this.s.insertResult.get(
        input.caseId, delivery.id, input.systemId, delivery.role, input.result.kind, input.result.outcome, round,
        JSON.stringify(input.result), input.resultHash, now,
      ) as ResultRow;
      const decided = meta.decision !== null;
      this.event(input.caseId, `result.${input.result.kind}`, input.systemId, {
        deliveryId: delivery.id,
        role: delivery.role,
        outcome: input.result.outcome,
        reason: input.result.reason,
        receipt: input.result.receipt,
        ...(decided ? { afterDecision: true } : {}),
      });
      if (input.result.kind === 'supplement' && !decided) this.s.pauseClock.run(now, input.caseId);
      const notify: string[] = [];
      if (delivery.role === 'co-handler' && input.opinion && !decided) {
        const forwarded = this.forwardOpinion({ ...input, opinion: { ...input.opinion, itemCode: meta.item_code } }, round, meta.rules ? (JSON.parse(meta.rules) as CaseRules) : undefined);
        if (forwarded) notify.push(forwarded);
      }
      const status = this.refreshStatus(input.caseId);
      return { kind: 'created', status, record: toResult(row), notify };
    });
  }

  /** Plans the co-handler's opinion for the lead's system; returns the lead's connector when it may go now. */
  private forwardOpinion(input: NewResult, round: number, rules: CaseRules | undefined): string | undefined {
    const lead = this.s.leadDelivery.get(input.caseId) as DeliveryRow | undefined;
    if (!lead || lead.system_id === input.systemId) return undefined;
    const ref = `${input.systemId}/${input.result.kind}/${round}`;
    const status = lead.status === 'delivered' ? 'pending' : 'held';
    const inserted = this.s.insertMessage.get({
      caseId: input.caseId, kind: 'opinion', ref, systemId: lead.system_id, connectorId: lead.connector_id, role: 'lead',
      mapping: rules?.opinionMapping ?? null, operation: 'opinion', payload: JSON.stringify(input.opinion), status, now: this.now(),
    }) as { id: number } | undefined;
    if (!inserted) return undefined;
    this.event(input.caseId, 'opinion.planned', lead.system_id, { deliveryId: inserted.id, from: input.systemId, kind: input.result.kind, opinion: input.opinion!.opinion, ...(status === 'held' ? { heldUntil: 'the case reaches the lead' } : {}) });
    return status === 'pending' ? lead.connector_id : undefined;
  }

  addSupplement(input: NewSupplement): Promise<SupplementOutcome> {
    return this.batcher.run((): SupplementOutcome => {
      const meta = this.s.caseMeta.get(input.caseId) as { item_code: string; rules: string | null; decision: string | null; supplements: number; paused_at: number | null; due_at: number | null } | undefined;
      if (!meta) return { kind: 'not-found' };
      const seen = this.s.supplementById.get(input.caseId, input.supplementId) as { body_hash: string } | undefined;
      const status = () => (this.s.caseStatus.get(input.caseId) as { status: CaseStatus }).status;
      if (seen) return seen.body_hash === input.bodyHash ? { kind: 'duplicate', status: status() } : { kind: 'conflict' };
      const { openRequests } = this.aggregateOf(input.caseId);
      if (meta.decision || openRequests.length === 0) return { kind: 'not-requested', status: status() };
      const now = this.now();
      const pausedFrom = meta.paused_at ?? Math.min(...openRequests.map((r) => Date.parse(r.requestedAt)));
      const document: SupplementDocument = { ...input.document, answers: openRequests.map((r) => ({ system: r.system, reason: r.reason, requestedAt: r.requestedAt })) };
      this.s.insertSupplement.run(input.caseId, input.supplementId, input.bodyHash, JSON.stringify(document), pausedFrom, now);
      // The clock ran again from today: the deadline moves by the working days it was stopped.
      const pauses: Pause[] = (this.s.caseSupplements.all(input.caseId) as Array<{ paused_from: number; received_at: number }>).map((p) => ({ from: new Date(p.paused_from), to: new Date(p.received_at) }));
      const dueAt = input.dueAt?.(pauses);
      this.s.resumeClock.run(dueAt ? Date.parse(dueAt) : (meta.due_at ?? null), input.caseId);
      // Concerned: who asked, the lead (who decides), and every co-handler still forming its opinion.
      const agg = this.aggregateOf(input.caseId);
      const waitingOpinion = new Set(agg.pending.filter((p) => p.waitingFor === 'opinion' || p.role === 'lead').map((p) => p.who));
      const rules = meta.rules ? (JSON.parse(meta.rules) as CaseRules) : undefined;
      const caseDeliveries = (this.s.caseDeliveries.all(input.caseId) as DeliveryRow[]).filter((d) => d.kind === 'case');
      const recipients = caseDeliveries.filter((d) => d.role === 'lead' || waitingOpinion.has(d.system_id) || openRequests.some((r) => r.system === d.system_id));
      const notify: string[] = [];
      for (const d of recipients) {
        const held = d.status !== 'delivered';
        this.s.insertMessage.get({
          caseId: input.caseId, kind: 'supplement', ref: input.supplementId, systemId: d.system_id, connectorId: d.connector_id, role: d.role,
          mapping: rules?.supplementMappings?.[d.system_id] ?? null, operation: 'supplement', payload: JSON.stringify(document), status: held ? 'held' : 'pending', now,
        });
        if (!held) notify.push(d.connector_id);
      }
      this.event(input.caseId, 'supplement.received', null, { supplementId: input.supplementId, answers: document.answers.map((a) => a.system), recipients: recipients.map((d) => d.system_id), materials: document.materials.length, dueAt });
      const after = this.refreshStatus(input.caseId);
      return { kind: 'created', status: after, recipients: recipients.map((d) => d.system_id), dueAt, notify };
    });
  }

  async listSharingLog(filter: { caseId?: string; limit?: number }): Promise<SharingLogEntry[]> {
    const sql = `SELECT * FROM sharing_log ${filter.caseId ? 'WHERE case_id = ?' : ''} ORDER BY id DESC LIMIT ?`;
    const args: unknown[] = filter.caseId ? [filter.caseId] : [];
    const rows = this.db.prepare(sql).all(...args, filter.limit ?? 1000) as Array<{
      id: number; at: number; case_id: string; item_code: string; lookup: string; requested_by: string; source_system: string; subject: string | null;
      request_fields: string; answer_fields: string; legal_basis: string; purpose: string | null; outcome: SharingLogEntry['outcome']; detail: string | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      at: iso(r.at)!,
      caseId: r.case_id,
      itemCode: r.item_code,
      lookup: r.lookup,
      requestedBy: r.requested_by,
      sourceSystem: r.source_system,
      subject: r.subject ?? undefined,
      requestFields: JSON.parse(r.request_fields) as string[],
      answerFields: JSON.parse(r.answer_fields) as string[],
      legalBasis: r.legal_basis,
      purpose: r.purpose ?? undefined,
      outcome: r.outcome,
      detail: r.detail ?? undefined,
    }));
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const row = this.s.caseRow.get(caseId) as
      | {
          case_id: string; item_code: string; jurisdiction: string; client_id: string; status: CaseStatus; envelope: string; received_at: number; updated_at: number;
          due_at: number | null; rules: string | null; decision: string | null; paused_at: number | null;
        }
      | undefined;
    if (!row) return undefined;
    return {
      rules: row.rules ? (JSON.parse(row.rules) as CaseRules) : undefined,
      decision: row.decision ? (JSON.parse(row.decision) as CaseDecision) : undefined,
      aggregate: this.aggregateOf(caseId),
      pausedAt: iso(row.paused_at),
      supplements: (this.s.caseSupplements.all(caseId) as Array<{ supplement_id: string; body: string; paused_from: number; received_at: number }>).map(
        (p): SupplementRecord => ({ supplementId: p.supplement_id, receivedAt: iso(p.received_at)!, pausedFrom: iso(p.paused_from)!, document: JSON.parse(p.body) as SupplementDocument }),
      ),
      shared: (this.s.caseShared.all(caseId) as Array<{ name: string; system_id: string; answer: string; sha256: string; received_at: number }>).map((d) => ({
        name: d.name, systemId: d.system_id, answer: JSON.parse(d.answer) as unknown, sha256: d.sha256, receivedAt: iso(d.received_at)!,
      })),
      caseId: row.case_id,
      itemCode: row.item_code,
      jurisdiction: row.jurisdiction,
      clientId: row.client_id,
      status: row.status,
      receivedAt: iso(row.received_at)!,
      updatedAt: iso(row.updated_at)!,
      dueAt: iso(row.due_at),
      envelope: JSON.parse(row.envelope) as CaseEnvelope,
      deliveries: (this.s.caseDeliveries.all(caseId) as DeliveryRow[]).map((d) => toDelivery(d)),
      results: (this.s.caseResults.all(caseId) as ResultRow[]).map((r) => toResult(r)),
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
    return (this.db.prepare(sql).all(...args, filter.limit ?? 1000) as DeliveryRow[]).map((d) => toDelivery(d));
  }

  async getDelivery(id: number): Promise<DeliveryRecord | undefined> {
    const row = this.s.deliveryById.get(id) as DeliveryRow | undefined;
    return row ? toDelivery(row) : undefined;
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
    const stats: OutboxStats = { pending: 0, inFlight: 0, delivered: 0, dead: 0, waiting: 0, held: 0, skipped: 0 };
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
}
