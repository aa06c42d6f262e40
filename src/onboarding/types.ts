/**
 * The city's staged onboarding (分阶段对接), as the hub tracks it: the register of departments,
 * systems and items at city scale (imported), case volumes, phases, and the stage of every
 * (item, system) pair. docs/onboarding.md describes it for people.
 */

/** Types of power (权力类型), the first two letters of an item code. */
export const POWER_KINDS = ['XK', 'CF', 'QZ', 'ZS', 'JF', 'JC', 'QR', 'JL', 'CJ', 'QT', 'GG'] as const;
export type PowerKind = (typeof POWER_KINDS)[number];

export interface RegisterDepartment {
  id: string;
  name: string;
  shortName?: string;
  creditCode?: string;
}

export interface RegisterSystem {
  id: string;
  name: string;
  department: string;
  /** The adapter kind, once known (rest, soap, file, amqp, a plug-in's). */
  adapter?: string;
  description?: string;
}

export interface RegisterItem {
  /** The standardised item code (规范编码), 10 characters: XK00101001. */
  code: string;
  name: string;
  department: string;
  /** Kind of power; the code's first two letters when not given. */
  power: PowerKind;
  /** The e-form id, when the item has one. */
  form?: string;
  timeLimitDays?: number;
  level?: 'city' | 'district';
  /** The lead system (牵头), when known. */
  lead?: string;
  /** Co-handling systems (协办). */
  coHandlers: string[];
}

export type RegisterKind = 'departments' | 'systems' | 'items' | 'volumes';

/** One row read from an import file, with where it stands in the file. */
export interface ImportRow<T> {
  /** 1-based line of the row in its file (a CSV record's first line; a YAML/JSON entry's first line). */
  line: number;
  value: T;
}

/** A row the import refuses, and why: what was wrong, where, and how to fix it. */
export interface Refusal {
  file: string;
  line?: number;
  kind: RegisterKind;
  /** The row's key (an item code, a system id), when it has one. */
  key?: string;
  /** A JSON pointer into the row, when one field is at fault. */
  pointer?: string;
  reason: string;
}

export interface VolumeRow {
  itemCode: string;
  /** Cases in the period (办件量). */
  volume: number;
  /** The period counted, e.g. 2025 or 2026-Q3. */
  period?: string;
}

/** What an import file holds once parsed: rows by kind, and the rows refused while reading. */
export interface ParsedImport {
  file: string;
  departments: Array<ImportRow<RegisterDepartment>>;
  systems: Array<ImportRow<RegisterSystem>>;
  items: Array<ImportRow<RegisterItem>>;
  volumes: Array<ImportRow<VolumeRow>>;
  refused: Refusal[];
}

/** What an import did (or, with --dry-run, would do), per kind. */
export interface ImportReport {
  file: string;
  dryRun: boolean;
  /** False when any row was refused: then nothing was imported. */
  applied: boolean;
  counts: Record<RegisterKind, { added: number; changed: number; unchanged: number }>;
  /** Keys added and changed, per kind (for people: the first few hundred). */
  added: Partial<Record<RegisterKind, string[]>>;
  changed: Partial<Record<RegisterKind, string[]>>;
  refused: Refusal[];
  rows: number;
  ms: number;
}

/** The stages an (item, system) pair moves through. */
export const STAGES = ['planned', 'mapped', 'connected', 'verified', 'live'] as const;
export type ForwardStage = (typeof STAGES)[number];
export type Stage = ForwardStage | 'paused' | 'retired';

/** A phase as the catalog defines it (phases.yaml). */
export interface PhaseDef {
  id: number;
  name: string;
  /** A named list of item codes (phase 1: the service centre's 118 items). */
  items?: string[];
  /** The items with this `phase:` in items.yaml. */
  catalogPhase?: number;
  /** The top N items by case volume (phase 2: 100). */
  topByVolume?: number;
  /** Every item of the register (phase 3). */
  all?: boolean;
}

/** The onboarding report over one phase (or every phase), as `owh onboarding report` and GET /api/v1/onboarding give it. */
export interface PhaseReport {
  phase: number;
  name: string;
  /** How the phase's items were chosen, in words. */
  basis: string;
  items: { total: number; live: number };
  systems: { needed: number; connected: number };
  departments: { total: number; withLiveItems: number };
  forms: { total: number; digitised: number };
  stages: Record<Stage, number>;
  byDepartment: Array<{ department: string; name: string; items: number; live: number; pairs: number; pairsLive: number }>;
  /** What each unfinished pair still lacks (the first `blockersLimit`), most common first. */
  blockers: Array<{ item: string; system: string; stage: Stage; next: ForwardStage; lacks: string }>;
  blockersTotal: number;
}

export interface OnboardingReport {
  generatedAt: string;
  city?: string;
  phases: PhaseReport[];
}
