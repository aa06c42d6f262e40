import type { ValidateFunction } from 'ajv/dist/2020';
import type { SecretRef } from '../config/secrets';
import type { Role } from '../model/case';
import type { WorkingDayCalendar } from '../calendar';
import type { PhaseDef } from '../onboarding/types';

export interface Department {
  id: string;
  name: string;
  shortName?: string;
  nameEn?: string;
  creditCode?: string;
}

export interface SystemDef {
  id: string;
  name: string;
  department: string;
  adapter: string;
  description?: string;
  connector?: Record<string, unknown>;
  concurrency?: number;
  instances?: Record<string, { connector?: Record<string, unknown>; name?: string }>;
  results?: { token?: SecretRef; mapping?: string };
  responseMapping?: string;
  /** Mapping of a co-handler's opinion forwarded to this system when it leads (else the opinion document as is). */
  opinionMapping?: string;
  /** Mapping of a supplement (补正) sent to this system (else the supplement document as is). */
  supplementMapping?: string;
  /** Settings merged over the connector's for onboarding's test case (the `verified` gate). */
  sandbox?: { connector?: Record<string, unknown> };
}

export interface ItemTarget {
  system: string;
  role: Role;
  mapping?: string;
}

/** How a parallel approval (并联审批) comes to its one result; see docs/parallel-approval.md. */
export interface ParallelRules {
  decision: 'after-all-opinions' | 'lead-may-decide-early';
  refusal: 'any-refusal-refuses' | 'lead-decides';
}

export const DEFAULT_PARALLEL_RULES: ParallelRules = { decision: 'after-all-opinions', refusal: 'any-refusal-refuses' };

/** The item's parallel approval rules, the defaults filling what it does not set. */
export function parallelRulesOf(item: Pick<ItemDef, 'parallel'>): ParallelRules {
  return { ...DEFAULT_PARALLEL_RULES, ...item.parallel };
}

/** Data fetched from another department's system before delivery (数据共享). */
export interface LookupDef {
  name: string;
  system: string;
  operation: string;
  request: string;
  answer: string;
  required: boolean;
  waitSeconds: number;
  legalBasis: string;
  purpose?: string;
}

export interface ItemDef {
  code: string;
  name: string;
  department: string;
  form: string;
  timeLimitDays?: number;
  level?: 'city' | 'district';
  phase?: number;
  targets: ItemTarget[];
  /** Targets that replace `targets` for cases of these jurisdictions. */
  jurisdictions?: Record<string, { targets: ItemTarget[] }>;
  parallel?: Partial<ParallelRules>;
  lookups?: LookupDef[];
}

export interface FormDef {
  id: string;
  file: string;
  schema: Record<string, unknown>;
  title?: string;
  validate: ValidateFunction;
}

export interface District {
  code: string;
  name: string;
  aliases?: Array<{ code: string; name?: string; endedOn: string }>;
}

export interface Catalog {
  root: string;
  /** The working-day calendar of statutory time limits (calendar.yaml; weekends only without one). */
  calendar: WorkingDayCalendar;
  departments: Map<string, Department>;
  systems: Map<string, SystemDef>;
  items: Map<string, ItemDef>;
  forms: Map<string, FormDef>;
  districts: DistrictIndex;
  /** The onboarding phases (phases.yaml), when the catalog defines them. */
  phases?: PhaseDef[];
}

/** A district code as the hub understands it: current, or an old code that now means another. */
export interface ResolvedDistrict {
  code: string;
  name: string;
  /** Set when the code given was an old one, kept as an alias. */
  alias?: { code: string; name?: string; endedOn: string };
}

export class DistrictIndex {
  private readonly byCode = new Map<string, ResolvedDistrict>();

  constructor(readonly city: string | undefined, readonly list: District[]) {
    for (const d of list) {
      this.byCode.set(d.code, { code: d.code, name: d.name });
      for (const a of d.aliases ?? []) this.byCode.set(a.code, { code: d.code, name: d.name, alias: a });
    }
  }

  resolve(code: string): ResolvedDistrict | undefined {
    return this.byCode.get(code);
  }

  name(code: string): string | undefined {
    return this.byCode.get(code)?.name;
  }
}

/** The id of the connector for a system, or for one district's instance of it. */
export function connectorIdOf(systemId: string, district?: string): string {
  return district ? `${systemId}@${district}` : systemId;
}
