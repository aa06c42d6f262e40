import type { Catalog, ParallelRules } from '../catalog/types';
import { connectorIdOf, parallelRulesOf } from '../catalog/types';
import { OwhError } from '../errors/owh-error';
import { defaultRequestMapping, routeCase } from './route';

export interface RouteExplanation {
  item: { code: string; name: string; department: string; level: 'city' | 'district' };
  jurisdiction?: { code: string; name: string; alias?: { code: string; endedOn: string } };
  targets: Array<{
    role: string;
    system: string;
    systemName: string;
    department: string;
    adapter: string;
    mapping: string;
    /** With a jurisdiction: the one connector; without: every connector the item can reach, by district. */
    connectors: Array<{ district?: string; connector: string }>;
  }>;
  /** Parallel approval rules, when the item has co-handlers. */
  parallel?: ParallelRules;
  /** Data fetched from other departments before delivery. */
  lookups: Array<{ name: string; system: string; operation: string; required: boolean; legalBasis: string; connectors: string[] }>;
  why: string[];
}

/**
 * Where cases of an item go and why — for one jurisdiction (exactly what intake would do), or for
 * every district at once (a per-district system lists its instances).
 */
export function explainRoute(catalog: Catalog, itemCode: string, jurisdiction?: string): RouteExplanation {
  const item = catalog.items.get(itemCode);
  if (!item) throw new OwhError('OWH_ITEM_UNKNOWN', { message: `item ${itemCode} is not in the catalog` });
  const level = item.level ?? 'district';
  const describe = (t: { system: string; role: string; mapping?: string }) => {
    const system = catalog.systems.get(t.system)!;
    return { role: t.role, system: t.system, systemName: system.name, department: system.department, adapter: system.adapter, mapping: t.mapping ?? defaultRequestMapping(t.system, item.form) };
  };
  const base = { code: item.code, name: item.name, department: item.department, level };
  const coHandled = (list: Array<{ role: string }>) => list.some((t) => t.role === 'co-handler');
  const parallel = coHandled(item.targets) || Object.values(item.jurisdictions ?? {}).some((v) => coHandled(v.targets)) ? parallelRulesOf(item) : undefined;
  if (jurisdiction !== undefined) {
    const route = routeCase(catalog, itemCode, jurisdiction);
    return {
      item: base,
      parallel,
      lookups: route.lookups.map((l) => ({ name: l.name, system: l.system, operation: l.operation, required: l.required, legalBasis: l.legalBasis, connectors: [l.connectorId] })),
      jurisdiction: { code: route.jurisdiction.code, name: route.jurisdiction.name, alias: route.jurisdiction.alias && { code: route.jurisdiction.alias.code, endedOn: route.jurisdiction.alias.endedOn } },
      targets: route.targets.map((t) => ({ ...describe({ system: t.systemId, role: t.role, mapping: t.mapping }), connectors: [{ connector: t.connectorId }] })),
      why: route.explanation,
    };
  }
  const why: string[] = [];
  for (const district of Object.keys(item.jurisdictions ?? {})) {
    why.push(`cases of ${district} ${catalog.districts.name(district) ?? ''} go to other departments: see --jurisdiction ${district}`.replace('  ', ' '));
  }
  const lookups = (item.lookups ?? []).map((l) => {
    const system = catalog.systems.get(l.system)!;
    return { name: l.name, system: l.system, operation: l.operation, required: l.required, legalBasis: l.legalBasis, connectors: system.instances ? Object.keys(system.instances).sort().map((d) => connectorIdOf(l.system, d)) : [connectorIdOf(l.system)] };
  });
  const targets = item.targets.map((t) => {
    const system = catalog.systems.get(t.system)!;
    if (!system.instances) {
      why.push(`${t.role} ${t.system}: one city-level system for every district; the jurisdiction travels as a field`);
      return { ...describe(t), connectors: [{ connector: connectorIdOf(t.system) }] };
    }
    if (level === 'city') {
      const city = catalog.districts.city ?? '';
      why.push(`${t.role} ${t.system}: the item is handled at city level, by the instance of ${city}`);
      return { ...describe(t), connectors: [{ district: city, connector: connectorIdOf(t.system, city) }] };
    }
    const districts = Object.keys(system.instances).sort();
    why.push(`${t.role} ${t.system}: one system per district; the case's jurisdiction (the applicant's home district, not where the case was accepted) picks one of ${districts.length}`);
    const missing = catalog.districts.list.map((d) => d.code).filter((c) => c !== catalog.districts.city && !districts.includes(c));
    if (missing.length > 0) why.push(`  no instance serves ${missing.join(', ')}: cases from there are refused (OWH_NO_ROUTE)`);
    return { ...describe(t), connectors: districts.map((d) => ({ district: d, connector: connectorIdOf(t.system, d) })) };
  });
  return { item: base, parallel, lookups, targets, why };
}
