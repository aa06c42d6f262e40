import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../catalog/types';
import { defaultRequestMapping } from '../routing/route';
import type { PairRecord, RegisterSnapshot } from './contract';
import type { FormStatus } from './coverage';
import { ForwardStage, OnboardingReport, PhaseDef, PhaseReport, Stage, STAGES } from './types';

/** Without phases.yaml: the service centre's items (phase: 1), the top 100 by volume, everything. */
export const DEFAULT_PHASES: PhaseDef[] = [
  { id: 1, name: '市行政服务中心事项 (phase 1)', catalogPhase: 1 },
  { id: 2, name: '办件量前100项 (top 100 by case volume)', topByVolume: 100 },
  { id: 3, name: '全部事项 (every item)', all: true },
];

/** An item as the report sees it: the register's row, or the runtime catalog's where the register lacks it. */
interface ItemView {
  code: string;
  department: string;
  form?: string;
  phase?: number;
  pairs: Array<{ system: string; role: PairRecord['role'] }>;
}

export interface ReportOptions {
  phase?: number;
  department?: string;
  /** Blockers listed per phase (all are counted). */
  blockersLimit?: number;
  now?: Date;
}

/**
 * The onboarding report: for each phase, items live / total, systems connected / needed,
 * departments, e-forms digitised / total, stage counts, per-department progress and the blockers.
 * Computed from one snapshot of the register, the runtime catalog and the forms' coverage.
 */
export function buildReport(snapshot: RegisterSnapshot, catalog: Catalog, forms: Map<string, FormStatus>, options: ReportOptions = {}): OnboardingReport {
  const items = itemViews(snapshot, catalog);
  const stageOf = new Map(snapshot.pairs.map((p) => [`${p.itemCode}\u0000${p.systemId}`, p.stage]));
  const departmentNames = new Map<string, string>([...catalog.departments.values()].map((d) => [d.id, d.name]));
  for (const d of snapshot.departments) departmentNames.set(d.id, d.name);
  const phases = (catalog.phases ?? DEFAULT_PHASES).filter((p) => options.phase === undefined || p.id === options.phase);
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    city: catalog.districts.city ? catalog.districts.name(catalog.districts.city) : undefined,
    phases: phases.map((phase) => {
      const { codes, basis } = phaseItems(phase, items, snapshot.volumes);
      let chosen = codes.map((c) => items.get(c)).filter((i): i is ItemView => i !== undefined);
      if (options.department) chosen = chosen.filter((i) => i.department === options.department);
      return phaseReport(phase, basis, chosen, stageOf, forms, departmentNames, catalog, options.blockersLimit ?? 200);
    }),
  };
}

function itemViews(snapshot: RegisterSnapshot, catalog: Catalog): Map<string, ItemView> {
  const views = new Map<string, ItemView>();
  for (const item of snapshot.items) {
    const pairs: ItemView['pairs'] = [];
    if (item.lead) pairs.push({ system: item.lead, role: 'lead' });
    for (const c of item.coHandlers) pairs.push({ system: c, role: 'co-handler' });
    views.set(item.code, { code: item.code, department: item.department, form: item.form, pairs });
  }
  for (const item of catalog.items.values()) {
    const known = views.get(item.code);
    // The runtime catalog is what the hub routes: its targets are the pairs of an onboarded item.
    const pairs = item.targets.map((t) => ({ system: t.system, role: t.role }));
    views.set(item.code, { code: item.code, department: known?.department ?? item.department, form: item.form, phase: item.phase, pairs });
  }
  return views;
}

/** Which items a phase holds, and why, in words. */
export function phaseItems(phase: PhaseDef, items: Map<string, { code: string; phase?: number }>, volumes: Map<string, number>): { codes: string[]; basis: string } {
  if (phase.items) return { codes: phase.items, basis: `a named list of ${phase.items.length} items` };
  if (phase.catalogPhase !== undefined) {
    const codes = [...items.values()].filter((i) => i.phase === phase.catalogPhase).map((i) => i.code);
    return { codes, basis: `the ${codes.length} items marked phase: ${phase.catalogPhase} in items.yaml` };
  }
  if (phase.topByVolume !== undefined) {
    const ranked = [...volumes].filter(([code]) => items.has(code)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, phase.topByVolume);
    const least = ranked.at(-1)?.[1];
    return { codes: ranked.map(([code]) => code), basis: `the top ${phase.topByVolume} items by case volume (${ranked.length} with volumes${least === undefined ? '' : `; the last has ${least} cases`})` };
  }
  return { codes: [...items.keys()], basis: `every item of the register (${items.size})` };
}

const CONNECTED: ReadonlySet<Stage> = new Set(['connected', 'verified', 'live']);

function phaseReport(
  phase: PhaseDef,
  basis: string,
  items: ItemView[],
  stageOf: Map<string, Stage>,
  forms: Map<string, FormStatus>,
  departmentNames: Map<string, string>,
  catalog: Catalog,
  blockersLimit: number,
): PhaseReport {
  const stages: Record<Stage, number> = { planned: 0, mapped: 0, connected: 0, verified: 0, live: 0, paused: 0, retired: 0 };
  const systemsNeeded = new Set<string>();
  const systemsConnected = new Set<string>();
  const formIds = new Set<string>();
  const byDepartment = new Map<string, PhaseReport['byDepartment'][number]>();
  const blockers: PhaseReport['blockers'] = [];
  let blockersTotal = 0;
  let live = 0;
  for (const item of items) {
    if (item.form) formIds.add(item.form);
    const dept = byDepartment.get(item.department) ?? { department: item.department, name: departmentNames.get(item.department) ?? item.department, items: 0, live: 0, pairs: 0, pairsLive: 0 };
    byDepartment.set(item.department, dept);
    dept.items++;
    let active = 0;
    let activeLive = 0;
    for (const pair of item.pairs) {
      const stage = stageOf.get(`${item.code}\u0000${pair.system}`) ?? 'planned';
      stages[stage]++;
      if (stage === 'retired') continue;
      systemsNeeded.add(pair.system);
      if (CONNECTED.has(stage)) systemsConnected.add(pair.system);
      active++;
      dept.pairs++;
      if (stage === 'live') {
        activeLive++;
        dept.pairsLive++;
      } else if (stage !== 'paused') {
        blockersTotal++;
        const next = STAGES[STAGES.indexOf(stage as ForwardStage) + 1];
        if (blockers.length < blockersLimit) blockers.push({ item: item.code, system: pair.system, stage, next, lacks: lacks(catalog, item, pair.system, next) });
      }
    }
    if (active > 0 && activeLive === active) {
      live++;
      dept.live++;
    }
  }
  const digitised = [...formIds].filter((f) => forms.get(f)?.digitised).length;
  const departments = [...byDepartment.values()].sort((a, b) => b.items - a.items || (a.department < b.department ? -1 : 1));
  blockers.sort((a, b) => STAGES.indexOf(b.next) - STAGES.indexOf(a.next) || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
  return {
    phase: phase.id,
    name: phase.name,
    basis,
    items: { total: items.length, live },
    systems: { needed: systemsNeeded.size, connected: [...systemsConnected].filter((s) => systemsNeeded.has(s)).length },
    departments: { total: departments.length, withLiveItems: departments.filter((d) => d.live > 0).length },
    forms: { total: formIds.size, digitised },
    stages,
    byDepartment: departments,
    blockers,
    blockersTotal,
  };
}

/** What a pair still lacks for its next stage, from what the catalog shows (the gates check the rest). */
function lacks(catalog: Catalog, item: ItemView, system: string, next: ForwardStage): string {
  const runtime = catalog.items.get(item.code);
  const target = runtime?.targets.find((t) => t.system === system);
  switch (next) {
    case 'mapped': {
      if (!catalog.systems.has(system)) return `system ${system} is not in the hub's catalog yet (owh onboard)`;
      if (!runtime || !target) return `item ${item.code} does not name ${system} as a target in items.yaml yet`;
      const folder = target.mapping ?? defaultRequestMapping(system, runtime.form);
      if (!existsSync(join(catalog.root, folder))) return `no request mapping ${folder}`;
      return `${folder} exists: its fixtures must pass (owh onboarding stage ${item.code} ${system})`;
    }
    case 'connected':
      return `the connector's health probe has not succeeded yet (owh onboarding stage ${item.code} ${system})`;
    case 'verified':
      return 'no test case delivered and answered in a sandbox yet';
    default:
      return 'no real case acknowledged by the system yet';
  }
}
