import type { Database as Db, Statement } from 'better-sqlite3';
import type { OnboardingStore, PairRecord, RegisterSnapshot, StageEvent } from '../../onboarding/contract';
import type { ImportReport, ParsedImport, Refusal, RegisterDepartment, RegisterItem, RegisterKind, RegisterSystem, Stage } from '../../onboarding/types';
import { iso } from './rows';

/** How many keys an import report lists per kind and change (the counts are always whole). */
const LISTED_KEYS = 500;

type Counts = ImportReport['counts'];

/**
 * The onboarding register in the hub's SQLite database (migration 4), on the store's connection.
 * An import runs in one transaction that is rolled back for a dry run or when any row is refused.
 */
export class SqliteOnboardingStore implements OnboardingStore {
  private readonly s: Record<string, Statement>;

  constructor(private readonly db: Db, private readonly now: () => number = Date.now) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      allDepartments: p('SELECT id, name, short_name, credit_code FROM reg_departments'),
      allSystems: p('SELECT id, name, department, adapter, description FROM reg_systems'),
      allItems: p('SELECT code, name, department, power, form, time_limit_days, level, lead, co_handlers FROM reg_items'),
      allVolumes: p('SELECT item_code, volume FROM reg_volumes'),
      allPairs: p('SELECT item_code, system_id, role, stage, updated_at FROM onboarding_pairs'),
      startedPairs: p(`SELECT item_code, system_id, role, stage, updated_at FROM onboarding_pairs WHERE stage <> 'planned'`),
      leanItems: p(`SELECT code, '' AS name, department, power, form, NULL AS time_limit_days, NULL AS level, lead, co_handlers FROM reg_items`),
      itemCount: p('SELECT COUNT(*) AS n FROM reg_items'),
      upsertDepartment: p(`INSERT INTO reg_departments (id, name, short_name, credit_code, updated_at) VALUES (@id, @name, @shortName, @creditCode, @now)
                           ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, credit_code = excluded.credit_code, updated_at = excluded.updated_at`),
      upsertSystem: p(`INSERT INTO reg_systems (id, name, department, adapter, description, updated_at) VALUES (@id, @name, @department, @adapter, @description, @now)
                       ON CONFLICT (id) DO UPDATE SET name = excluded.name, department = excluded.department, adapter = excluded.adapter, description = excluded.description, updated_at = excluded.updated_at`),
      upsertItem: p(`INSERT INTO reg_items (code, name, department, power, form, time_limit_days, level, lead, co_handlers, updated_at)
                     VALUES (@code, @name, @department, @power, @form, @timeLimitDays, @level, @lead, @coHandlers, @now)
                     ON CONFLICT (code) DO UPDATE SET name = excluded.name, department = excluded.department, power = excluded.power, form = excluded.form,
                       time_limit_days = excluded.time_limit_days, level = excluded.level, lead = excluded.lead, co_handlers = excluded.co_handlers, updated_at = excluded.updated_at`),
      upsertVolume: p(`INSERT INTO reg_volumes (item_code, volume, period, source, updated_at) VALUES (?, ?, ?, ?, ?)
                       ON CONFLICT (item_code) DO UPDATE SET volume = excluded.volume, period = excluded.period, source = excluded.source, updated_at = excluded.updated_at`),
      itemPairs: p('SELECT system_id, role, stage FROM onboarding_pairs WHERE item_code = ?'),
      insertPair: p(`INSERT INTO onboarding_pairs (item_code, system_id, role, stage, updated_at) VALUES (?, ?, ?, 'planned', ?)
                     ON CONFLICT (item_code, system_id) DO UPDATE SET role = excluded.role,
                       stage = CASE WHEN onboarding_pairs.stage = 'retired' THEN 'planned' ELSE onboarding_pairs.stage END, updated_at = excluded.updated_at`),
      pair: p('SELECT item_code, system_id, role, stage, updated_at FROM onboarding_pairs WHERE item_code = ? AND system_id = ?'),
      setStage: p('UPDATE onboarding_pairs SET stage = ?, updated_at = ? WHERE item_code = ? AND system_id = ?'),
      insertEvent: p(`INSERT INTO stage_events (item_code, system_id, from_stage, to_stage, at, by, forced, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`),
      history: p('SELECT * FROM stage_events WHERE item_code = ? AND system_id = ? ORDER BY id'),
      volumesFromCases: p(`INSERT INTO reg_volumes (item_code, volume, period, source, updated_at)
                           SELECT item_code, COUNT(*), NULL, 'cases', ? FROM cases GROUP BY item_code
                           ON CONFLICT (item_code) DO UPDATE SET volume = excluded.volume, period = NULL, source = 'cases', updated_at = excluded.updated_at`),
      firstDelivered: p(`SELECT d.case_id, d.delivered_at FROM deliveries d JOIN cases c ON c.case_id = d.case_id
                         WHERE d.system_id = ? AND d.kind = 'case' AND d.status = 'delivered' AND c.item_code = ? AND substr(d.case_id, 1, length(?)) <> ?
                         ORDER BY d.delivered_at LIMIT 1`),
    };
  }

  async applyImport(parsed: ParsedImport, options: { dryRun: boolean; by: string; onProgress?: (rowsDone: number) => void }): Promise<ImportReport> {
    const started = Date.now();
    const counts: Counts = { departments: zero(), systems: zero(), items: zero(), volumes: zero() };
    const added: ImportReport['added'] = {};
    const changed: ImportReport['changed'] = {};
    const refused: Refusal[] = [...parsed.refused];
    const note = (kind: RegisterKind, key: string, how: 'added' | 'changed' | 'unchanged') => {
      counts[kind][how]++;
      if (how === 'unchanged') return;
      const list = ((how === 'added' ? added : changed)[kind] ??= []);
      if (list.length < LISTED_KEYS) list.push(key);
    };

    const departments = new Map((this.s.allDepartments.all() as DepartmentRow[]).map((r) => [r.id, departmentOf(r)]));
    const systems = new Map((this.s.allSystems.all() as SystemRow[]).map((r) => [r.id, systemOf(r)]));
    const items = new Map((this.s.allItems.all() as ItemRow[]).map((r) => [r.code, itemOf(r)]));
    const volumes = new Map((this.s.allVolumes.all() as Array<{ item_code: string; volume: number }>).map((r) => [r.item_code, r.volume]));
    // References may point at rows of the same file: every key the register will hold.
    const departmentIds = new Set([...departments.keys(), ...parsed.departments.map((r) => r.value.id)]);
    const systemIds = new Set([...systems.keys(), ...parsed.systems.map((r) => r.value.id)]);
    const itemCodes = new Set([...items.keys(), ...parsed.items.map((r) => r.value.code)]);
    const refuse = (kind: RegisterKind, line: number, key: string, pointer: string, reason: string) => refused.push({ file: parsed.file, line, kind, key, pointer, reason });

    for (const { line, value } of parsed.systems) {
      if (!departmentIds.has(value.department)) refuse('systems', line, value.id, '/department', `department '${value.department}' is not in the register (import the departments first, or in the same file)`);
    }
    for (const { line, value } of parsed.items) {
      if (!departmentIds.has(value.department)) refuse('items', line, value.code, '/department', `department '${value.department}' is not in the register`);
      [value.lead, ...value.coHandlers].forEach((system, i) => {
        if (system !== undefined && !systemIds.has(system)) refuse('items', line, value.code, i === 0 ? '/lead' : `/coHandlers/${i - 1}`, `system '${system}' is not in the register (import the systems first, or in the same file)`);
      });
      if (value.lead !== undefined && value.coHandlers.includes(value.lead)) refuse('items', line, value.code, '/coHandlers', `system '${value.lead}' cannot lead and co-handle the same item`);
    }
    for (const { line, value } of parsed.volumes) {
      if (!itemCodes.has(value.itemCode)) refuse('volumes', line, value.itemCode, '/itemCode', `item ${value.itemCode} is not in the register`);
    }

    let done = 0;
    const step = () => {
      if (++done % 2000 === 0) options.onProgress?.(done);
    };
    const apply = this.db.transaction(() => {
      const now = this.now();
      for (const { value } of parsed.departments) {
        step();
        note('departments', value.id, compare(departments.get(value.id), value));
        this.s.upsertDepartment.run({ id: value.id, name: value.name, shortName: value.shortName ?? null, creditCode: value.creditCode ?? null, now });
      }
      for (const { value } of parsed.systems) {
        step();
        note('systems', value.id, compare(systems.get(value.id), value));
        this.s.upsertSystem.run({ id: value.id, name: value.name, department: value.department, adapter: value.adapter ?? null, description: value.description ?? null, now });
      }
      for (const { value } of parsed.items) {
        step();
        const how = compare(items.get(value.code), value);
        note('items', value.code, how);
        if (how === 'unchanged') continue;
        this.s.upsertItem.run({
          code: value.code, name: value.name, department: value.department, power: value.power, form: value.form ?? null,
          timeLimitDays: value.timeLimitDays ?? null, level: value.level ?? null, lead: value.lead ?? null, coHandlers: JSON.stringify(value.coHandlers), now,
        });
        this.syncPairs(value, options.by, now);
      }
      for (const { value } of parsed.volumes) {
        step();
        const before = volumes.get(value.itemCode);
        note('volumes', value.itemCode, before === undefined ? 'added' : before === value.volume ? 'unchanged' : 'changed');
        this.s.upsertVolume.run(value.itemCode, value.volume, value.period ?? null, parsed.file, now);
      }
      // Nothing half-imported: a dry run, or a file with any refused row, leaves the register as it was.
      if (options.dryRun || refused.length > 0) throw ROLLBACK;
    });
    try {
      apply();
    } catch (error) {
      if (error !== ROLLBACK) throw error;
    }
    const rows = parsed.departments.length + parsed.systems.length + parsed.items.length + parsed.volumes.length + parsed.refused.length;
    return { file: parsed.file, dryRun: options.dryRun, applied: !options.dryRun && refused.length === 0, counts, added, changed, refused, rows, ms: Date.now() - started };
  }

  /** The item's pairs follow its lead and co-handlers: new ones are planned, dropped ones retired (recorded). */
  private syncPairs(item: RegisterItem, by: string, now: number): void {
    const wanted = new Map<string, PairRecord['role']>();
    if (item.lead) wanted.set(item.lead, 'lead');
    for (const c of item.coHandlers) wanted.set(c, 'co-handler');
    for (const [system, role] of wanted) this.s.insertPair.run(item.code, system, role, now);
    for (const p of this.s.itemPairs.all(item.code) as Array<{ system_id: string; stage: Stage }>) {
      if (wanted.has(p.system_id) || p.stage === 'retired') continue;
      this.s.setStage.run('retired', now, item.code, p.system_id);
      this.s.insertEvent.run(item.code, p.system_id, p.stage, 'retired', now, by, 0, JSON.stringify({ reason: 'no longer a system of the item in an import' }));
    }
  }

  async volumesFromCases(): Promise<number> {
    return this.s.volumesFromCases.run(this.now()).changes;
  }

  async snapshot(options: { lean?: boolean } = {}): Promise<RegisterSnapshot> {
    const read = this.db.transaction(() => ({
      departments: (this.s.allDepartments.all() as DepartmentRow[]).map(departmentOf),
      systems: (this.s.allSystems.all() as SystemRow[]).map(systemOf),
      items: ((options.lean ? this.s.leanItems : this.s.allItems).all() as ItemRow[]).map(itemOf),
      volumes: new Map((this.s.allVolumes.all() as Array<{ item_code: string; volume: number }>).map((r) => [r.item_code, r.volume])),
      pairs: ((options.lean ? this.s.startedPairs : this.s.allPairs).all() as PairRow[]).map(pairOf),
    }));
    return read();
  }

  async registerSize(): Promise<number> {
    return (this.s.itemCount.get() as { n: number }).n;
  }

  async getPair(itemCode: string, systemId: string): Promise<PairRecord | undefined> {
    const row = this.s.pair.get(itemCode, systemId) as PairRow | undefined;
    return row ? pairOf(row) : undefined;
  }

  async recordStage(input: { itemCode: string; systemId: string; role?: PairRecord['role']; to: Stage; by: string; forced: boolean; evidence?: Record<string, unknown> }): Promise<StageEvent> {
    const record = this.db.transaction((): StageEvent => {
      const now = this.now();
      if (!this.s.pair.get(input.itemCode, input.systemId)) this.s.insertPair.run(input.itemCode, input.systemId, input.role ?? 'lead', now);
      const from = (this.s.pair.get(input.itemCode, input.systemId) as PairRow).stage;
      this.s.setStage.run(input.to, now, input.itemCode, input.systemId);
      const row = this.s.insertEvent.get(input.itemCode, input.systemId, from, input.to, now, input.by, input.forced ? 1 : 0, input.evidence ? JSON.stringify(input.evidence) : null) as EventRow;
      return eventOf(row);
    });
    return record();
  }

  async stageHistory(itemCode: string, systemId: string): Promise<StageEvent[]> {
    return (this.s.history.all(itemCode, systemId) as EventRow[]).map(eventOf);
  }

  async firstDelivered(itemCode: string, systemId: string, notCasePrefix: string): Promise<{ caseId: string; deliveredAt: string } | undefined> {
    const row = this.s.firstDelivered.get(systemId, itemCode, notCasePrefix, notCasePrefix) as { case_id: string; delivered_at: number } | undefined;
    return row ? { caseId: row.case_id, deliveredAt: iso(row.delivered_at)! } : undefined;
  }
}

const ROLLBACK = new Error('rollback');

const zero = () => ({ added: 0, changed: 0, unchanged: 0 });

/** added / changed / unchanged, comparing the fields the row gives (undefined and absent alike). */
function compare<T extends object>(before: T | undefined, after: T): 'added' | 'changed' | 'unchanged' {
  if (!before) return 'added';
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (JSON.stringify(a[key] ?? null) !== JSON.stringify(b[key] ?? null)) return 'changed';
  }
  return 'unchanged';
}

interface DepartmentRow { id: string; name: string; short_name: string | null; credit_code: string | null }
interface SystemRow { id: string; name: string; department: string; adapter: string | null; description: string | null }
interface ItemRow { code: string; name: string; department: string; power: string; form: string | null; time_limit_days: number | null; level: string | null; lead: string | null; co_handlers: string }
interface PairRow { item_code: string; system_id: string; role: PairRecord['role']; stage: Stage; updated_at: number }
interface EventRow { id: number; item_code: string; system_id: string; from_stage: Stage; to_stage: Stage; at: number; by: string; forced: number; evidence: string | null }

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

// Absent values come back as undefined properties: `compare` takes them as equal to absent ones.
function departmentOf(r: DepartmentRow): RegisterDepartment {
  return { id: r.id, name: r.name, shortName: opt(r.short_name), creditCode: opt(r.credit_code) };
}

function systemOf(r: SystemRow): RegisterSystem {
  return { id: r.id, name: r.name, department: r.department, adapter: opt(r.adapter), description: opt(r.description) };
}

function itemOf(r: ItemRow): RegisterItem {
  return {
    code: r.code, name: r.name, department: r.department, power: r.power as RegisterItem['power'], form: opt(r.form), timeLimitDays: opt(r.time_limit_days),
    level: opt(r.level) as RegisterItem['level'], lead: opt(r.lead), coHandlers: r.co_handlers === '[]' ? [] : (JSON.parse(r.co_handlers) as string[]),
  };
}

function pairOf(r: PairRow): PairRecord {
  return { itemCode: r.item_code, systemId: r.system_id, role: r.role, stage: r.stage, updatedAt: iso(r.updated_at)! };
}

function eventOf(r: EventRow): StageEvent {
  return { id: r.id, itemCode: r.item_code, systemId: r.system_id, from: r.from_stage, to: r.to_stage, at: iso(r.at)!, by: r.by, forced: r.forced === 1, evidence: r.evidence ? (JSON.parse(r.evidence) as Record<string, unknown>) : undefined };
}
