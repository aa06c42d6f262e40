/**
 * The synthetic city register: deterministic, valid at city scale (70,000 items), consistent
 * (every item's department and systems exist), with the demo city's phase 1 inside, and read
 * back by the import without a single refusal. Also: the committed sample is what the
 * generator makes.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  cityRegisterCsv,
  CityRegister,
  generateCityRegister,
  readDemoCity,
  writeCityRegister,
} from '../../../../examples/city-register/tools/generate-city-register';
import { parseImportFile } from '../../../../src/onboarding/import/parse';
import { POWER_KINDS, RegisterKind } from '../../../../src/onboarding/types';
import { isCreditCode } from '../../../../src/validate/cn-codes';
import { packageRoot } from '../../../../src/util/package-root';
import { tempDir } from '../../../helpers/temp-dir';

const CODE = /^(XK|CF|QZ|ZS|JF|JC|QR|JL|CJ|QT|GG)[0-9]{8}$/;
const SAMPLE = join(packageRoot(), 'examples', 'city-register');

let city: CityRegister;
beforeAll(() => {
  city = generateCityRegister({ items: 70_000, seed: 7 });
});

describe('generateCityRegister', () => {
  it('is deterministic for a seed, and differs for another seed', () => {
    const a = generateCityRegister({ items: 2_000, seed: 42 });
    expect(generateCityRegister({ items: 2_000, seed: 42 })).toEqual(a);
    expect(generateCityRegister({ items: 2_000, seed: 43 }).items).not.toEqual(a.items);
  });

  it('makes 70,000 items with unique, valid codes over all 11 types of power', () => {
    expect(city.items).toHaveLength(70_000);
    expect(new Set(city.items.map((i) => i.code)).size).toBe(70_000);
    // Expectations per item are slow at this size: collect what is wrong, then expect none.
    const byPower = new Map<string, number>();
    const wrong: string[] = [];
    for (const item of city.items) {
      if (!CODE.test(item.code) || item.power !== item.code.slice(0, 2)) wrong.push(item.code);
      byPower.set(item.power, (byPower.get(item.power) ?? 0) + 1);
    }
    expect(wrong).toEqual([]);
    expect([...byPower.keys()].sort()).toEqual([...POWER_KINDS].sort());
    // Licensing and public services the most, penalties very many.
    const ranked = [...byPower.entries()].sort((x, y) => y[1] - x[1]).map(([p]) => p);
    expect(ranked.slice(0, 3).sort()).toEqual(['CF', 'GG', 'XK']);
  });

  it('gives every item a department and systems that exist, its lead in its own department', () => {
    const departments = new Set(city.departments.map((d) => d.id));
    const systems = new Map(city.systems.map((s) => [s.id, s]));
    const demoCodes = new Set(readDemoCity().items.map((i) => i.code));
    const wrong: string[] = [];
    for (const s of city.systems) if (!departments.has(s.department)) wrong.push(`system ${s.id}: no department ${s.department}`);
    for (const item of city.items) {
      if (!departments.has(item.department)) wrong.push(`${item.code}: no department ${item.department}`);
      const lead = item.lead === undefined ? undefined : systems.get(item.lead);
      if (!lead) wrong.push(`${item.code}: no lead system ${item.lead}`);
      else if (!demoCodes.has(item.code) && lead.department !== item.department) wrong.push(`${item.code}: lead ${lead.id} of another department`);
      if (item.coHandlers.length > 3) wrong.push(`${item.code}: ${item.coHandlers.length} co-handlers`);
      for (const co of item.coHandlers) if (!systems.has(co)) wrong.push(`${item.code}: no co-handler system ${co}`);
    }
    expect(wrong).toEqual([]);
    const withCoHandlers = city.items.filter((i) => i.coHandlers.length > 0).length;
    expect(withCoHandlers / city.items.length).toBeLessThan(0.3);
  });

  it('has a city-sized set of departments and systems, the credit codes valid', () => {
    expect(city.departments).toHaveLength(45);
    expect(city.departments.every((d) => d.creditCode !== undefined && isCreditCode(d.creditCode))).toBe(true);
    expect(city.systems.length).toBeGreaterThanOrEqual(300);
    expect(city.systems.length).toBeLessThanOrEqual(400);
    expect(new Set(city.systems.map((s) => s.id)).size).toBe(city.systems.length);
  });

  it("contains the demo city's departments, systems and 118 items as they are", () => {
    const demo = readDemoCity();
    expect(city.departments.slice(0, 11).map((d) => d.id)).toEqual(demo.departments.map((d) => d.id));
    expect(city.systems.slice(0, 14)).toEqual(demo.systems);
    expect(city.items.slice(0, 118)).toEqual(demo.items);
  });

  it('gives heavy-tailed volumes: the top 100 items hold a large share of all cases', () => {
    const volumes = city.volumes.map((v) => v.volume).sort((a, b) => b - a);
    const total = volumes.reduce((a, b) => a + b, 0);
    const top100 = volumes.slice(0, 100).reduce((a, b) => a + b, 0);
    expect(top100 / total).toBeGreaterThan(0.5);
    expect(volumes[99]).toBeGreaterThan(10 * volumes[Math.floor(volumes.length / 2)]);
    const codes = new Set(city.items.map((i) => i.code));
    expect(city.volumes.every((v) => codes.has(v.itemCode) && v.volume > 0)).toBe(true);
  });

  it('writes CSV files that the import reads back whole, 70,000 items without a refusal', () => {
    const dir = tempDir('owh-register-');
    try {
      writeCityRegister(city, dir.path);
      // How fast is bench/onboarding.bench.ts's to say (npm run bench): a timed assertion here would only measure the machine's load.
      const read = (kind: RegisterKind) => {
        const parsed = parseImportFile(join(dir.path, `${kind}.csv`));
        expect(parsed.refused).toEqual([]);
        return parsed[kind].map((r) => r.value);
      };
      expect(read('departments')).toEqual(city.departments);
      expect(read('systems')).toEqual(city.systems);
      expect(read('items')).toEqual(city.items);
      expect(read('volumes')).toEqual(city.volumes);
    } finally {
      dir.cleanup();
    }
  });
});

describe('the committed sample (examples/city-register)', () => {
  it('is what the generator makes with the README\'s command', () => {
    const expected = cityRegisterCsv(generateCityRegister({ items: 1_200, seed: 1 }));
    for (const kind of ['departments', 'systems', 'items', 'volumes'] as const) {
      expect(readFileSync(join(SAMPLE, `${kind}.csv`), 'utf8')).toBe(expected[kind]);
    }
  });

  it('imports without a refusal, stays small, and holds phase 1', () => {
    let bytes = 0;
    const parsed = Object.fromEntries(
      (['departments', 'systems', 'items', 'volumes'] as const).map((kind) => {
        const file = join(SAMPLE, `${kind}.csv`);
        bytes += statSync(file).size;
        const result = parseImportFile(file);
        expect(result.refused).toEqual([]);
        return [kind, result];
      }),
    );
    expect(bytes).toBeLessThan(300_000);
    expect(parsed.items.items).toHaveLength(1_200);
    const codes = new Set(parsed.items.items.map((r) => r.value.code));
    expect(readDemoCity().items.every((i) => codes.has(i.code))).toBe(true);
  });
});
