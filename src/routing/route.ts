import { OwhError } from '../errors/owh-error';
import type { Role } from '../model/case';
import { Catalog, connectorIdOf, ItemDef, ResolvedDistrict } from '../catalog/types';

export interface RouteTarget {
  systemId: string;
  connectorId: string;
  role: Role;
  /** Request mapping folder, relative to the catalog. */
  mapping: string;
}

export interface Route {
  item: ItemDef;
  jurisdiction: ResolvedDistrict;
  targets: RouteTarget[];
  /** Why each target was chosen, in words (for `owh routes show` and the case's timeline). */
  explanation: string[];
}

/** The default request mapping folder of an (item, system) pair. */
export function defaultRequestMapping(systemId: string, formId: string): string {
  return `mappings/${systemId}/request/${formId}`;
}

/**
 * Where a case goes: the item's targets from the catalog, each system's instance picked by the
 * case's jurisdiction (the applicant's home district), never by where it was accepted. An item
 * handled at city level uses the city's instance whatever the district.
 */
export function routeCase(catalog: Catalog, itemCode: string, jurisdictionCode: string): Route {
  const item = catalog.items.get(itemCode);
  if (!item) throw new OwhError('OWH_ITEM_UNKNOWN', { message: `item ${itemCode} is not in the catalog`, details: [{ pointer: '/itemCode', keyword: 'catalog', message: 'is not a known item code' }] });
  const jurisdiction = catalog.districts.resolve(jurisdictionCode);
  if (!jurisdiction) {
    throw new OwhError('OWH_JURISDICTION_UNKNOWN', {
      message: `district code ${jurisdictionCode} is not a district of this city`,
      details: [{ pointer: '/jurisdiction', keyword: 'catalog', message: 'is not a known GB/T 2260 district code of the city' }],
    });
  }
  const explanation: string[] = [];
  if (jurisdiction.alias) explanation.push(`district code ${jurisdiction.alias.code} (${jurisdiction.alias.name ?? 'old code'}) ended on ${jurisdiction.alias.endedOn}; routed as ${jurisdiction.code} ${jurisdiction.name}`);
  const targets = item.targets.map((t): RouteTarget => {
    const system = catalog.systems.get(t.system)!;
    const mapping = t.mapping ?? defaultRequestMapping(t.system, item.form);
    if (!system.instances) {
      explanation.push(`${t.role} ${t.system}: one city-level system`);
      return { systemId: t.system, connectorId: connectorIdOf(t.system), role: t.role, mapping };
    }
    const district = item.level === 'city' ? catalog.districts.city ?? jurisdiction.code : jurisdiction.code;
    if (!system.instances[district]) {
      throw new OwhError('OWH_NO_ROUTE', {
        message: `system ${t.system} has no instance for district ${district} (${catalog.districts.name(district) ?? 'unknown'})`,
        details: [{ pointer: '/jurisdiction', keyword: 'route', message: `${t.system} runs per district and none serves ${district}` }],
      });
    }
    explanation.push(`${t.role} ${t.system}: the instance of ${district} ${catalog.districts.name(district) ?? ''}`.trim() + (item.level === 'city' ? ' (item handled at city level)' : ' (by jurisdiction)'));
    return { systemId: t.system, connectorId: connectorIdOf(t.system, district), role: t.role, mapping };
  });
  return { item, jurisdiction, targets, explanation };
}
