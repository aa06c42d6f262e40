import type { ImportReport, ParsedImport, RegisterDepartment, RegisterItem, RegisterSystem, Stage } from './types';

/** An (item, system) pair and the stage it has reached. */
export interface PairRecord {
  itemCode: string;
  systemId: string;
  role: 'lead' | 'co-handler';
  stage: Stage;
  updatedAt: string;
}

/** One stage change: who, when, from and to, forced or not, and the evidence the hub checked. */
export interface StageEvent {
  id: number;
  itemCode: string;
  systemId: string;
  from: Stage;
  to: Stage;
  at: string;
  by: string;
  forced: boolean;
  evidence?: Record<string, unknown>;
}

/** The register as the report reads it, in one consistent read. */
export interface RegisterSnapshot {
  departments: RegisterDepartment[];
  systems: RegisterSystem[];
  items: RegisterItem[];
  /** Case volume by item code. */
  volumes: Map<string, number>;
  pairs: PairRecord[];
}

/**
 * Where the onboarding state lives: the hub's store (SQLite embedded, PostgreSQL scaled out).
 * An import is one transaction: every row goes in, or — when any row is refused — none does.
 */
export interface OnboardingStore {
  applyImport(parsed: ParsedImport, options: { dryRun: boolean; by: string; onProgress?: (rowsDone: number) => void }): Promise<ImportReport>;
  /** Replaces every item's volume by the number of cases the hub has accepted for it. Returns the items counted. */
  volumesFromCases(): Promise<number>;
  /**
   * The register in one read. `lean` (for reports at city scale): items without their names, time
   * limits and levels, and only the pairs past `planned` (a pair not listed is planned).
   */
  snapshot(options?: { lean?: boolean }): Promise<RegisterSnapshot>;
  /** How many items the register holds. */
  registerSize(): Promise<number>;
  getPair(itemCode: string, systemId: string): Promise<PairRecord | undefined>;
  /** Moves a pair to a stage (creating the pair when the runtime catalog has it but the register does not). */
  recordStage(input: { itemCode: string; systemId: string; role?: PairRecord['role']; to: Stage; by: string; forced: boolean; evidence?: Record<string, unknown> }): Promise<StageEvent>;
  stageHistory(itemCode: string, systemId: string): Promise<StageEvent[]>;
  /** The first real case of the pair that its system acknowledged (the `live` gate's evidence). */
  firstDelivered(itemCode: string, systemId: string, notCasePrefix: string): Promise<{ caseId: string; deliveredAt: string } | undefined>;
}
