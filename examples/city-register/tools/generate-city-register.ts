/**
 * Generates a synthetic register of a whole city (Ningbo-like, mission.md): ~45 city departments,
 * a few hundred department systems, up to 70,000 service items over the 11 types of power, and
 * their case volumes (heavy-tailed, so that a top 100 means something). The demo city's 11
 * departments, 14 systems and 118 items (phase 1) are part of it, read from its catalog with the
 * register import's own parser. Deterministic for a seed.
 *
 *   npm run build
 *   node dist/examples/city-register/tools/generate-city-register.js --items 70000 --out /tmp/register [--seed 1]
 *
 * writes departments.csv, systems.csv, items.csv and volumes.csv (UTF-8, English headers).
 * examples/city-register/README.md says how the committed sample is made.
 */
import { seededRandom } from '../../demo-city/simulators/decisions';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseImportFile } from '../../../src/onboarding/import/parse';
import { headerOf } from '../../../src/onboarding/import/columns';
import { writeCsv } from '../../../src/onboarding/import/csv';
import { packageRoot } from '../../../src/util/package-root';
import { creditCodeCheckChar } from '../../../src/validate/cn-codes';
import { POWER_KINDS, PowerKind, RegisterDepartment, RegisterItem, RegisterKind, RegisterSystem, VolumeRow } from '../../../src/onboarding/types';
import {
  DEMO_DEPARTMENT_PROFILES,
  DepartmentDef,
  DISTRICTS,
  MORE_DEPARTMENTS,
  NAME_TEMPLATES,
  POWER_DEMAND,
  POWER_WEIGHTS,
  SUB_ITEMS,
  SYSTEM_KINDS,
} from './city-data';

export interface CityRegisterOptions {
  /** How many items (the demo city's 118 included). */
  items: number;
  /** The same seed gives the same register. Default 1. */
  seed?: number;
  /** How many departments (at least the demo city's 11; at most 45). Default 45. */
  departments?: number;
  /** How many systems (at least one per department). Default: one per 200 items, between 120 and 400. */
  systems?: number;
  /** The period the volumes count. Default 2025. */
  period?: string;
}

/** A register as the import files hold it. */
export interface CityRegister {
  departments: RegisterDepartment[];
  systems: RegisterSystem[];
  items: RegisterItem[];
  volumes: VolumeRow[];
}

class Dice {
  constructor(private readonly next: () => number) {}
  float(): number {
    return this.next();
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** An index into `weights`, with probability proportional to its weight. */
  weighted(weights: readonly number[], total = weights.reduce((a, b) => a + b, 0)): number {
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
}

interface DemoCity {
  departments: RegisterDepartment[];
  systems: RegisterSystem[];
  items: RegisterItem[];
}

let demoCity: DemoCity | undefined;

/** The demo city's phase 1, read through the register import (its catalog files import as they are). */
export function readDemoCity(): DemoCity {
  if (demoCity) return demoCity;
  const catalog = join(packageRoot(), 'examples', 'demo-city', 'catalog');
  const read = <K extends 'departments' | 'systems' | 'items'>(kind: K) => {
    const parsed = parseImportFile(join(catalog, `${kind}.yaml`), { kind });
    if (parsed.refused.length > 0) throw new Error(`the demo city's ${kind}.yaml does not import: ${parsed.refused[0].reason}`);
    return parsed[kind].map((r) => r.value) as DemoCity[K];
  };
  demoCity = { departments: read('departments'), systems: read('systems'), items: read('items') };
  return demoCity;
}

/** A department's unified social credit code: 11 (an organ of government) or 91 (a company), Ningbo's 330200, an organisation code and the check character. */
function creditCode(dice: Dice, company: boolean): string {
  const alphabet = '0123456789';
  let org = '';
  for (let i = 0; i < 9; i++) org += alphabet[dice.int(10)];
  const first17 = `${company ? '91' : '11'}330200${org}`;
  return first17 + creditCodeCheckChar(first17);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Builds the register in memory (tests and benchmarks call this; the command writes it as CSV). */
export function generateCityRegister(options: CityRegisterOptions): CityRegister {
  const itemCount = Math.max(0, Math.floor(options.items));
  const dice = new Dice(seededRandom(options.seed ?? 1));
  const demo = readDemoCity();
  const period = options.period ?? '2025';

  // Departments: the demo city's first, with its ids, then the others.
  const departmentCount = Math.min(Math.max(options.departments ?? 45, demo.departments.length), demo.departments.length + MORE_DEPARTMENTS.length);
  const defs: DepartmentDef[] = [
    ...demo.departments.map((d) => ({ ...d, shortName: d.shortName ?? d.name, ...(DEMO_DEPARTMENT_PROFILES[d.id] ?? { weight: 1, subjects: [d.shortName ?? d.name] }) })),
    ...MORE_DEPARTMENTS,
  ].slice(0, departmentCount);
  const departments: RegisterDepartment[] = defs.map((d) => ({ id: d.id, name: d.name, shortName: d.shortName, creditCode: creditCode(dice, d.company === true) }));

  // Systems: the demo city's 14, district systems of the departments that have district offices, then city systems.
  const systemTarget = Math.max(options.systems ?? Math.min(400, Math.max(120, Math.round(itemCount / 200))), departmentCount + demo.systems.length);
  const systems: RegisterSystem[] = demo.systems.map((s) => ({ ...s }));
  const systemIds = new Set(systems.map((s) => s.id));
  const addSystem = (system: RegisterSystem): void => {
    if (systemIds.has(system.id)) return;
    systemIds.add(system.id);
    systems.push(system);
  };
  const adapterOf = (): string | undefined => ['rest', 'rest', 'rest', 'rest', 'soap', 'soap', 'file', 'amqp', undefined, undefined][dice.int(10)];
  const districtDepartments = defs.filter((d) => d.districts);
  const districtsEach = Math.min(DISTRICTS.length, Math.floor((systemTarget - systems.length) * 0.25 / Math.max(1, districtDepartments.length)));
  for (const d of districtDepartments) {
    for (const district of DISTRICTS.slice(0, districtsEach)) {
      const adapter = adapterOf();
      addSystem({
        id: `${d.id}-${district.slug}`,
        name: `${d.name.includes('宁波市') ? d.name.replace('宁波市', district.name) : district.name + d.name}业务系统`,
        department: d.id,
        ...(adapter ? { adapter } : {}),
        description: `${district.name}（${district.code}）的区县系统${adapter ? '' : '；接口方式待调研'}`,
      });
    }
  }
  // Every department at least one city system; then more for the larger ones.
  const kindIndex = new Map<string, number>();
  const addCitySystem = (d: DepartmentDef): boolean => {
    const k = kindIndex.get(d.id) ?? 0;
    if (k >= SYSTEM_KINDS.length) return false;
    kindIndex.set(d.id, k + 1);
    const kind = SYSTEM_KINDS[k];
    const adapter = adapterOf();
    addSystem({
      id: `${d.id}-${kind.slug}`,
      name: `${d.shortName}${kind.name}`,
      department: d.id,
      ...(adapter ? { adapter } : { description: '接口方式待调研' }),
    });
    return true;
  };
  for (const d of defs) if (!systems.some((s) => s.department === d.id)) addCitySystem(d);
  const weights = defs.map((d) => d.weight);
  for (let guard = 0; systems.length < systemTarget && guard < systemTarget * 20; guard++) addCitySystem(defs[dice.weighted(weights)]);

  const systemsOf = new Map<string, string[]>();
  for (const s of systems) systemsOf.set(s.department, [...(systemsOf.get(s.department) ?? []), s.id]);

  // Items: the demo city's, then main items (主项) with their sub-items (子项) until the count is reached.
  const items: RegisterItem[] = demo.items.slice(0, itemCount).map((i) => ({ ...i, coHandlers: [...i.coHandlers] }));
  const usedMain = new Set(demo.items.map((i) => i.code.slice(0, 7)));
  const nextMain: Record<string, number> = {};
  const powerWeights = POWER_KINDS.map((p) => POWER_WEIGHTS[p]);
  let formNo = 0;
  while (items.length < itemCount) {
    const d = defs[dice.weighted(weights)];
    const power: PowerKind = POWER_KINDS[dice.weighted(powerWeights)];
    let main = nextMain[power] ?? 1;
    while (usedMain.has(`${power}${pad(main, 5)}`)) main++;
    nextMain[power] = main + 1;
    if (main > 99999) continue; // this type of power is full; others are not
    const base = dice.pick(NAME_TEMPLATES[power])(dice.pick(d.subjects));
    const subs = dice.chance(0.55) ? 0 : 2 + dice.int(5);
    const form = dice.chance(0.3) ? `form-${++formNo}` : undefined;
    const level = dice.chance(0.1) ? 'city' : 'district';
    const own = systemsOf.get(d.id) ?? [];
    const lead = own[Math.min(own.length - 1, Math.floor(own.length * dice.float() ** 2))];
    const timeLimitDays = dice.chance(0.12) ? undefined : [0, 1, 1, 3, 5, 5, 7, 10, 15, 20][dice.int(10)];
    const coCount = dice.weighted([82, 11, 5, 2]);
    const coHandlers: string[] = [];
    for (let tries = 0; coHandlers.length < coCount && tries < 20; tries++) {
      const s = systems[dice.int(systems.length)];
      if (s.department !== d.id && !coHandlers.includes(s.id)) coHandlers.push(s.id);
    }
    for (let sub = subs === 0 ? 0 : 1; sub <= subs && items.length < itemCount; sub++) {
      items.push({
        code: `${power}${pad(main, 5)}${pad(sub, 3)}`,
        name: sub === 0 ? base : `${base}${SUB_ITEMS[(sub - 1) % SUB_ITEMS.length]}`,
        department: d.id,
        power,
        ...(form ? { form } : {}),
        ...(timeLimitDays === undefined ? {} : { timeLimitDays }),
        level,
        ...(lead ? { lead } : {}),
        coHandlers: [...coHandlers],
      });
    }
  }

  // Volumes: items ranked by a draw that favours services and licences (and the service centre's
  // items), then Zipf-like: the r-th item gets about 800,000 / r^1.25 cases (past rank ~50,000 none: those items have no volume row).
  const demoCodes = new Set(demo.items.map((i) => i.code));
  const ranked = items
    .map((item) => ({ item, draw: -Math.log(1 - dice.float()) / (POWER_DEMAND[item.power] * (demoCodes.has(item.code) ? 100 : 1)) }))
    .sort((a, b) => a.draw - b.draw);
  const volumeOf = new Map<string, number>();
  ranked.forEach(({ item }, index) => volumeOf.set(item.code, Math.floor((800_000 / (index + 1) ** 1.25) * (0.85 + 0.3 * dice.float()))));
  const volumes: VolumeRow[] = [];
  for (const item of items) {
    const volume = volumeOf.get(item.code) ?? 0;
    if (volume > 0) volumes.push({ itemCode: item.code, volume, period });
  }
  return { departments, systems, items, volumes };
}

/** One CSV cell of a register value. */
function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(';');
  return String(value);
}

/** The register's four files as CSV text (header row with the English column names). */
export function cityRegisterCsv(register: CityRegister): Record<RegisterKind, string> {
  const table = (kind: RegisterKind, rows: ReadonlyArray<object>): string => {
    const header = headerOf(kind);
    return writeCsv([header, ...rows.map((row) => header.map((field) => cell((row as Record<string, unknown>)[field])))]);
  };
  return {
    departments: table('departments', register.departments),
    systems: table('systems', register.systems),
    items: table('items', register.items),
    volumes: table('volumes', register.volumes),
  };
}

/** Writes departments.csv, systems.csv, items.csv and volumes.csv into `dir`; gives their paths. */
export function writeCityRegister(register: CityRegister, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(cityRegisterCsv(register)).map(([kind, text]) => {
    const file = join(dir, `${kind}.csv`);
    writeFileSync(file, text, 'utf8');
    return file;
  });
}

const USAGE = 'usage: generate-city-register --items <n> --out <dir> [--seed <n>] [--departments <n>] [--systems <n>] [--period <p>]';

function main(argv: string[]): void {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    if (!name.startsWith('--') || value === undefined) throw new Error(USAGE);
    args.set(name.slice(2), value);
    i++;
  }
  const number = (name: string): number | undefined => {
    const value = args.get(name);
    if (value === undefined) return undefined;
    if (!/^[0-9]+$/.test(value)) throw new Error(`--${name} must be a whole number\n${USAGE}`);
    return Number(value);
  };
  const items = number('items');
  const out = args.get('out');
  if (items === undefined || !out) throw new Error(USAGE);
  const started = Date.now();
  const register = generateCityRegister({ items, seed: number('seed'), departments: number('departments'), systems: number('systems'), period: args.get('period') });
  const files = writeCityRegister(register, out);
  console.log(
    `${register.departments.length} departments, ${register.systems.length} systems, ${register.items.length} items, ${register.volumes.length} volumes in ${Date.now() - started} ms:\n  ${files.join('\n  ')}`,
  );
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(64);
  }
}
