import { OwhError } from '../errors/owh-error';
import type { Role } from '../model/case';
import { Catalog, connectorIdOf, ItemDef, LookupDef, ResolvedDistrict } from '../catalog/types';

export interface RouteTarget {
  systemId: string;
  connectorId: string;
  role: Role;
  /** Request mapping folder, relative to the catalog. */
  mapping: string;
}

/** A lookup (数据共享) of the case, routed like a target: the connector of the system that holds the data. */
export interface RouteLookup extends LookupDef {
  connectorId: string;
}

export interface Route {
  item: ItemDef;
  jurisdiction: ResolvedDistrict;
  targets: RouteTarget[];
  lookups: RouteLookup[];
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
  const variant = item.jurisdictions?.[jurisdiction.code];
  if (variant) explanation.push(`lead and co-handlers as the catalog sets them for ${jurisdiction.code} ${jurisdiction.name}`);
  const connectorOf = (systemId: string, who: string): string => {
    const system = catalog.systems.get(systemId)!;
    if (!system.instances) {
      explanation.push(`${who} ${systemId}: one city-level system`);
      return connectorIdOf(systemId);
    }
    const district = item.level === 'city' ? catalog.districts.city ?? jurisdiction.code : jurisdiction.code;
    if (!system.instances[district]) {
      throw new OwhError('OWH_NO_ROUTE', {
        message: `system ${systemId} has no instance for district ${district} (${catalog.districts.name(district) ?? 'unknown'})`,
        details: [{ pointer: '/jurisdiction', keyword: 'route', message: `${systemId} runs per district and none serves ${district}` }],
      });
    }
    explanation.push(`${who} ${systemId}: the instance of ${district} ${catalog.districts.name(district) ?? ''}`.trim() + (item.level === 'city' ? ' (item handled at city level)' : ' (by jurisdiction)'));
    return connectorIdOf(systemId, district);
  };
  const targets = (variant?.targets ?? item.targets).map((t): RouteTarget => ({
    systemId: t.system,
    connectorId: connectorOf(t.system, t.role),
    role: t.role,
    mapping: t.mapping ?? defaultRequestMapping(t.system, item.form),
  }));
  const lookups = (item.lookups ?? []).map((l): RouteLookup => ({ ...l, connectorId: connectorOf(l.system, `lookup ${l.name} from`) }));
  return { item, jurisdiction, targets, lookups, explanation };
}
