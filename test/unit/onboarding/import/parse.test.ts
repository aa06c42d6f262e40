/**
 * Reading register import files: every kind from CSV, YAML and JSON, the runtime catalog's own
 * files, and the rows refused, each with its line and a reason a person can act on.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseImportFile } from '../../../../src/onboarding/import/parse';
import { packageRoot } from '../../../../src/util/package-root';
import type { ParsedImport } from '../../../../src/onboarding/types';
import { caught } from '../../../helpers/owh-error';
import { tempDir } from '../../../helpers/temp-dir';

const CATALOG = join(packageRoot(), 'examples', 'demo-city', 'catalog');
const CREDIT_CODE = '11330200002958346J';

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir('owh-import-');
});
afterEach(() => dir.cleanup());

/** Writes `text` to a file of the temp folder and parses it. */
function parse(name: string, text: string, options: Parameters<typeof parseImportFile>[1] = {}): ParsedImport {
  const file = join(dir.path, name);
  writeFileSync(file, text, 'utf8');
  return parseImportFile(file, options);
}


const ITEMS_CSV = [
  'code,name,department,power,form,timeLimitDays,level,lead,coHandlers',
  'XK00101001,有限责任公司设立登记,amr,XK,amr-company-setup,1,city,amr-registration,',
  'QT00101003,企业开办一件事,amr,,,,,amr-registration,hrss-employment;hrss-social-insurance',
  'GG00201000,社保查询,hrss,GG,,0,district,hrss-social-insurance,',
].join('\n');

describe('items from CSV', () => {
  it('reads each row with its line, the power from the code when absent, empty cells as absent', () => {
    const parsed = parse('items.csv', ITEMS_CSV);
    expect(parsed.refused).toEqual([]);
    expect(parsed.items.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(parsed.items[0].value).toEqual({
      code: 'XK00101001',
      name: '有限责任公司设立登记',
      department: 'amr',
      power: 'XK',
      form: 'amr-company-setup',
      timeLimitDays: 1,
      level: 'city',
      lead: 'amr-registration',
      coHandlers: [],
    });
    expect(parsed.items[1].value).toEqual({
      code: 'QT00101003',
      name: '企业开办一件事',
      department: 'amr',
      power: 'QT',
      lead: 'amr-registration',
      coHandlers: ['hrss-employment', 'hrss-social-insurance'],
    });
    expect(parsed.items[2].value.timeLimitDays).toBe(0);
  });

  it('accepts headers in any case and co-handlers separated by | or 、', () => {
    const parsed = parse('items.csv', 'CODE,Name,Department,CoHandlers\nXK00101001,设立登记,amr,a-one|b-two\nXK00101002,变更登记,amr,a-one、b-two\n');
    expect(parsed.refused).toEqual([]);
    expect(parsed.items.map((r) => r.value.coHandlers)).toEqual([
      ['a-one', 'b-two'],
      ['a-one', 'b-two'],
    ]);
  });

  it('takes the kind from options over the header', () => {
    const parsed = parse('list.csv', 'code,name,department\nXK00101001,设立登记,amr\n', { kind: 'items' });
    expect(parsed.items).toHaveLength(1);
  });
});

describe('the other kinds from CSV', () => {
  it('reads systems, telling them by department and adapter', () => {
    const parsed = parse('systems.csv', 'id,name,department,adapter,description\namr-registration,企业登记管理系统,amr,rest,"REST, gov dialect"\nwater-approval,水利审批系统,water,,\n');
    expect(parsed.refused).toEqual([]);
    expect(parsed.systems).toEqual([
      { line: 2, value: { id: 'amr-registration', name: '企业登记管理系统', department: 'amr', adapter: 'rest', description: 'REST, gov dialect' } },
      { line: 3, value: { id: 'water-approval', name: '水利审批系统', department: 'water' } },
    ]);
  });

  it('reads systems with Chinese headers (系统编码, 系统名称, 部门)', () => {
    const parsed = parse('systems.csv', '系统编码,系统名称,部门\nnrp-land,国土资源审批系统,nrp\n');
    expect(parsed.systems.map((r) => r.value)).toEqual([{ id: 'nrp-land', name: '国土资源审批系统', department: 'nrp' }]);
  });

  it('reads departments and checks their credit codes (GB 32100)', () => {
    const wrong = `${CREDIT_CODE.slice(0, 17)}${CREDIT_CODE[17] === '0' ? '1' : '0'}`;
    const parsed = parse('departments.csv', `部门编码,部门名称,shortName,creditCode\nfinance,宁波市财政局,市财政局,${CREDIT_CODE}\nwater,宁波市水利局,,${wrong}\n`);
    expect(parsed.departments).toEqual([{ line: 2, value: { id: 'finance', name: '宁波市财政局', shortName: '市财政局', creditCode: CREDIT_CODE } }]);
    expect(parsed.refused).toEqual([
      expect.objectContaining({ line: 3, kind: 'departments', key: 'water', pointer: '/creditCode', reason: expect.stringContaining('unified social credit code') }),
    ]);
  });

  it('reads volumes, also with Chinese headers and an item name for people', () => {
    const parsed = parse('volumes.csv', '事项编码,事项名称,办件量,统计期间\nXK00101001,有限责任公司设立登记,12840,2025\nGG00201000,社保查询,0,2026-Q3\n');
    expect(parsed.refused).toEqual([]);
    expect(parsed.volumes).toEqual([
      { line: 2, value: { itemCode: 'XK00101001', volume: 12840, period: '2025' } },
      { line: 3, value: { itemCode: 'GG00201000', volume: 0, period: '2026-Q3' } },
    ]);
  });

  it('refuses a file whose header says nothing of its kind, unless the kind is given', () => {
    const error = caught(() => parse('what.csv', 'foo,bar\n1,2\n'));
    expect(error.code).toBe('OWH_CATALOG_INVALID');
    expect(error.fix).toContain('--kind');
  });
});

describe('YAML and JSON', () => {
  const DOCUMENT = {
    departments: [{ id: 'finance', name: '宁波市财政局' }],
    systems: [{ id: 'finance-approval', name: '财政审批系统', department: 'finance', adapter: 'soap' }],
    items: [{ code: 'XK00501001', name: '政府采购代理机构审批', department: 'finance', lead: 'finance-approval', coHandlers: [], timeLimitDays: 5 }],
    volumes: [{ itemCode: 'XK00501001', volume: 31, period: 2025 }],
  };

  function expectDocument(parsed: ParsedImport): void {
    expect(parsed.refused).toEqual([]);
    expect(parsed.departments.map((r) => r.value)).toEqual(DOCUMENT.departments);
    expect(parsed.systems.map((r) => r.value)).toEqual(DOCUMENT.systems);
    expect(parsed.items.map((r) => r.value)).toEqual([{ ...DOCUMENT.items[0], power: 'XK' }]);
    expect(parsed.volumes.map((r) => r.value)).toEqual([{ itemCode: 'XK00501001', volume: 31, period: '2025' }]);
  }

  it('reads every kind from one YAML document, each row with its first line', () => {
    const yaml = [
      'departments:',
      '  - id: finance',
      '    name: 宁波市财政局',
      'systems:',
      '  - id: finance-approval',
      '    name: 财政审批系统',
      '    department: finance',
      '    adapter: soap',
      'items:',
      '  - code: XK00501001',
      '    name: 政府采购代理机构审批',
      '    department: finance',
      '    lead: finance-approval',
      '    coHandlers: []',
      '    timeLimitDays: 5',
      'volumes:',
      '  - { itemCode: XK00501001, volume: 31, period: 2025 }',
    ].join('\n');
    const parsed = parse('register.yaml', yaml);
    expectDocument(parsed);
    expect([parsed.departments[0].line, parsed.systems[0].line, parsed.items[0].line, parsed.volumes[0].line]).toEqual([2, 5, 10, 17]);
  });

  it('reads every kind from one JSON document, each row with its first line', () => {
    const parsed = parse('register.json', JSON.stringify(DOCUMENT, null, 2));
    expectDocument(parsed);
    expect(parsed.departments[0].line).toBe(3);
    expect(parsed.items[0].line).toBe(17);
  });

  it('reads a bare list when the kind is given, and asks for the kind otherwise', () => {
    const json = JSON.stringify(DOCUMENT.systems, null, 2);
    expect(parse('systems.json', json, { kind: 'systems' }).systems.map((r) => r.value)).toEqual(DOCUMENT.systems);
    expect(caught(() => parse('systems.json', json)).code).toBe('OWH_USAGE');
    expect(parse('systems.yml', '- id: finance-approval\n  name: 财政审批系统\n  department: finance\n', { kind: 'systems' }).systems).toHaveLength(1);
  });

  it('reads the lines of a JSON file written on one line, and of bare JSON lists', () => {
    const parsed = parse('items.json', `[\n${DOCUMENT.items.map((i) => JSON.stringify(i)).join(',\n')},\n{"code":"XK00501002","name":"变更","department":"finance"}\n]`, { kind: 'items' });
    expect(parsed.items.map((r) => r.line)).toEqual([2, 3]);
  });

  it('refuses an entry that is not a map of fields', () => {
    const parsed = parse('items.yaml', 'items:\n  - XK00501001\n');
    expect(parsed.refused).toEqual([expect.objectContaining({ line: 2, kind: 'items', reason: expect.stringContaining('not a map of fields') })]);
  });
});

describe("the runtime catalog's files import as they are", () => {
  it("reads the demo city's 118 items, taking lead and co-handlers from their targets", () => {
    const parsed = parseImportFile(join(CATALOG, 'items.yaml'));
    expect(parsed.refused).toEqual([]);
    expect(parsed.items).toHaveLength(118);
    expect(new Set(parsed.items.map((r) => r.value.code)).size).toBe(118);
    const onePlace = parsed.items.find((r) => r.value.code === 'QT00101003')!;
    expect(onePlace.value).toMatchObject({ department: 'amr', power: 'QT', lead: 'amr-registration', coHandlers: ['hrss-employment', 'hrss-social-insurance'], form: 'amr-company-setup' });
    expect(onePlace.value).not.toHaveProperty('phase');
    expect(onePlace.value).not.toHaveProperty('targets');
    expect(parsed.items.every((r) => r.value.lead !== undefined)).toBe(true);
  });

  it("reads the demo city's 14 systems without their connector settings", () => {
    const parsed = parseImportFile(join(CATALOG, 'systems.yaml'));
    expect(parsed.refused).toEqual([]);
    expect(parsed.systems).toHaveLength(14);
    for (const { value } of parsed.systems) expect(Object.keys(value).every((k) => ['id', 'name', 'department', 'adapter', 'description'].includes(k))).toBe(true);
    expect(parsed.systems[0]).toMatchObject({ line: 7, value: { id: 'amr-registration', department: 'amr', adapter: 'rest' } });
  });

  it("leaves out whatever the catalog's schema allows beyond the register, and refuses what neither knows", () => {
    const yaml = [
      'systems:',
      '  - id: nrp-land',
      '    name: 国土资源审批系统',
      '    department: nrp',
      '    adapter: rest',
      '    connector: { baseUrl: http://127.0.0.1:18104 }',
      '    sandbox: { connector: { baseUrl: http://127.0.0.1:28104 } }',
      '    concurrency: 4',
      '  - id: nrp-realestate',
      '    name: 不动产登记系统',
      '    department: nrp',
      '    owner: 张三',
    ].join('\n');
    const parsed = parse('systems.yaml', yaml);
    expect(parsed.systems.map((r) => r.value)).toEqual([{ id: 'nrp-land', name: '国土资源审批系统', department: 'nrp', adapter: 'rest' }]);
    expect(parsed.refused).toEqual([expect.objectContaining({ line: 12, pointer: '/owner', reason: expect.stringContaining("'owner' is not a field of a system") })]);
  });

  it("reads the demo city's 11 departments", () => {
    const parsed = parseImportFile(join(CATALOG, 'departments.yaml'));
    expect(parsed.refused).toEqual([]);
    expect(parsed.departments.map((r) => r.value.id)).toEqual(['amr', 'hrss', 'nrp', 'housing', 'psb', 'civil', 'health', 'transport', 'eco', 'culture', 'drc']);
  });
});

describe('refusals', () => {
  it('refuses a bad item code with its line and the expected form', () => {
    const parsed = parse('items.csv', 'code,name,department\nXK00101001,设立登记,amr\nXK0010100,变更登记,amr\n');
    expect(parsed.items).toHaveLength(1);
    expect(parsed.refused).toEqual([
      {
        file: join(dir.path, 'items.csv'),
        line: 3,
        kind: 'items',
        key: 'XK0010100',
        pointer: '/code',
        reason: "code 'XK0010100' is not a standardised item code: 2 letters for the type of power (XK, CF, QZ, ZS, JF, JC, QR, JL, CJ, QT, GG) and 8 digits, e.g. XK00101001",
      },
    ]);
  });

  it('refuses a power that does not match the code', () => {
    const parsed = parse('items.csv', 'code,name,department,power\nXK00101001,设立登记,amr,CF\n');
    expect(parsed.refused).toEqual([
      expect.objectContaining({
        line: 2,
        key: 'XK00101001',
        pointer: '/power',
        reason: "power 'CF' does not match the code XK00101001: an item's type of power is its code's first two letters (XK)",
      }),
    ]);
  });

  it('refuses a power that is not a type of power', () => {
    const parsed = parse('items.csv', 'code,name,department,power\nXK00101001,设立登记,amr,XX\n');
    expect(parsed.refused[0].reason).toContain("power 'XX' is not a type of power");
  });

  it('refuses a time limit that is not a whole number of working days', () => {
    const parsed = parse('items.csv', 'code,name,department,timeLimitDays\nXK00101001,设立登记,amr,5\nXK00101002,变更登记,amr,abc\nXK00101003,注销登记,amr,-1\nXK00101004,补证,amr,2.5\n');
    expect(parsed.items.map((r) => r.value.code)).toEqual(['XK00101001']);
    expect(parsed.refused.map((r) => [r.line, r.pointer, r.reason])).toEqual([
      [3, '/timeLimitDays', "timeLimitDays 'abc' is not a whole number of working days (0 or more; leave it empty for an item handled on the spot)"],
      [4, '/timeLimitDays', "timeLimitDays '-1' is not a whole number of working days (0 or more; leave it empty for an item handled on the spot)"],
      [5, '/timeLimitDays', "timeLimitDays '2.5' is not a whole number of working days (0 or more; leave it empty for an item handled on the spot)"],
    ]);
  });

  it('names every problem of a row in one refusal, and a missing field by what a row needs', () => {
    const parsed = parse('items.csv', 'code,name,department,level\nXK00101001,设立登记,,province\n');
    expect(parsed.refused).toHaveLength(1);
    expect(parsed.refused[0].reason).toBe('department is missing: every item needs code, name, department; level \'province\' must be city or district (市级 or 区县级)');
    expect(parsed.refused[0].pointer).toBe('/department');
  });

  it('refuses an unknown column once, on the header, naming it and the known columns', () => {
    const parsed = parse('items.csv', 'code,name,department,timelimit\nXK00101001,设立登记,amr,5\nXK00101002,变更登记,amr,3\n');
    expect(parsed.refused).toEqual([
      {
        file: join(dir.path, 'items.csv'),
        line: 1,
        kind: 'items',
        reason: "unknown column 'timelimit': the columns of items are code, name, department, power, form, timeLimitDays, level, lead, coHandlers (check its spelling, or remove the column)",
      },
    ]);
    // The other rows are still read, so that one run shows every problem; the refusal keeps the import from applying.
    expect(parsed.items).toHaveLength(2);
  });

  it('refuses a header without a column every row needs, once, and reads no rows', () => {
    const parsed = parse('items.csv', 'code,name,departmnt\nXK00101001,设立登记,amr\n', { kind: 'items' });
    expect(parsed.items).toEqual([]);
    expect(parsed.refused.map((r) => [r.line, r.reason])).toEqual([
      [1, expect.stringContaining("unknown column 'departmnt'")],
      [1, expect.stringContaining('the header has no department column')],
    ]);
  });

  it('refuses a repeated column', () => {
    const parsed = parse('items.csv', 'code,name,department,事项名称\nXK00101001,设立登记,amr,设立登记\n');
    expect(parsed.refused[0]).toMatchObject({ line: 1, reason: "column '事项名称' repeats the name column: keep one of them" });
  });

  it('refuses the second row of a key already in the file, naming the first line', () => {
    const parsed = parse('items.csv', 'code,name,department\nXK00101001,设立登记,amr\nXK00101002,变更登记,amr\nXK00101001,设立登记（重复）,amr\n');
    expect(parsed.items.map((r) => r.line)).toEqual([2, 3]);
    expect(parsed.refused).toEqual([
      expect.objectContaining({ line: 4, key: 'XK00101001', pointer: '/code', reason: 'item XK00101001 is already on line 2 of this file: keep one of the two rows' }),
    ]);
  });

  it('refuses repeated system ids, and volumes repeated for the same period only', () => {
    const systems = parse('systems.csv', 'id,name,department\nnrp-land,国土资源审批系统,nrp\nnrp-land,国土资源审批系统二,nrp\n');
    expect(systems.refused[0]).toMatchObject({ line: 3, key: 'nrp-land', reason: 'system nrp-land is already on line 2 of this file: keep one of the two rows' });
    const volumes = parse('volumes.csv', 'itemCode,volume,period\nXK00101001,10,2025\nXK00101001,12,2026\nXK00101001,11,2025\n');
    expect(volumes.volumes).toHaveLength(2);
    expect(volumes.refused[0]).toMatchObject({ line: 4, key: 'XK00101001', reason: 'the volume of XK00101001 for 2025 is already on line 2 of this file: keep one of the two rows' });
  });

  it('refuses a row with more cells than the header has columns', () => {
    const parsed = parse('systems.csv', 'id,name,department\nnrp-land,国土资源审批系统,nrp,extra\n');
    expect(parsed.refused[0]).toMatchObject({ line: 2, reason: expect.stringContaining('a value holding a comma must be in double quotes') });
  });

  it('refuses a system id that is not an id, and an item whose lead is also a co-handler', () => {
    const systems = parse('systems.csv', 'id,name,department\nNRP Land,国土资源审批系统,nrp\n');
    expect(systems.refused[0]).toMatchObject({ key: 'NRP Land', pointer: '/id' });
    expect(systems.refused[0].reason).toBe("id 'NRP Land' is not an id: lower-case letters, digits and '-', 2 to 63 characters (e.g. amr-registration)");
    const items = parse('items.csv', 'code,name,department,lead,coHandlers\nXK00101001,设立登记,amr,amr-registration,amr-registration;hrss-employment\n');
    expect(items.refused[0]).toMatchObject({ pointer: '/coHandlers', reason: expect.stringContaining("names the lead system 'amr-registration' too") });
  });

  it('refuses a volume that is not a whole number of cases', () => {
    const parsed = parse('volumes.csv', 'itemCode,volume\nXK00101001,"12,840"\n');
    expect(parsed.refused[0]).toMatchObject({ line: 2, pointer: '/volume', reason: "volume '12,840' is not a whole number of cases (0 or more, without separators)" });
  });

  it('gives the line of the field at fault in YAML, and refuses unknown fields there', () => {
    const yaml = ['items:', '  - code: XK00101001', '    name: 设立登记', '    department: amr', '    power: CF', '  - code: XK00101002', '    name: 变更登记', '    departmnt: amr'].join('\n');
    const parsed = parse('items.yaml', yaml);
    expect(parsed.refused.map((r) => [r.line, r.pointer, r.reason])).toEqual([
      [5, '/power', "power 'CF' does not match the code XK00101001: an item's type of power is its code's first two letters (XK)"],
      [6, '/department', expect.stringContaining("department is missing: every item needs code, name, department; 'departmnt' is not a field of an item (check its spelling")],
    ]);
  });

  it('refuses duplicates in YAML and JSON with the first entry\'s line', () => {
    const yaml = parse('systems.yaml', 'systems:\n  - { id: nrp-land, name: 国土资源审批系统, department: nrp }\n  - { id: nrp-land, name: 国土, department: nrp }\n');
    expect(yaml.refused[0]).toMatchObject({ line: 3, reason: 'system nrp-land is already on line 2 of this file: keep one of the two rows' });
    const json = parse('systems.json', JSON.stringify({ systems: [{ id: 'nrp-land', name: 'a', department: 'nrp' }, { id: 'nrp-land', name: 'b', department: 'nrp' }] }, null, 2));
    expect(json.refused[0]).toMatchObject({ line: 8, reason: 'system nrp-land is already on line 3 of this file: keep one of the two rows' });
  });
});

describe('files that cannot be read at all', () => {
  it('throws OWH_CONFIG_NOT_FOUND for a missing file', () => {
    expect(caught(() => parseImportFile(join(dir.path, 'missing.csv'))).code).toBe('OWH_CONFIG_NOT_FOUND');
  });

  it('throws OWH_USAGE for an extension it does not read', () => {
    expect(caught(() => parseImportFile(join(dir.path, 'items.xlsx'))).code).toBe('OWH_USAGE');
  });

  it('throws OWH_CATALOG_INVALID with the line for broken YAML and JSON', () => {
    const yaml = caught(() => parse('items.yaml', 'items:\n  - code: XK00101001\n    name: [unclosed\n'));
    expect(yaml.code).toBe('OWH_CATALOG_INVALID');
    expect(yaml.details[0].line).toBeGreaterThanOrEqual(3);
    const json = caught(() => parse('items.json', '{\n  "items": [\n    { "code": "XK00101001" "name": "x" }\n  ]\n}\n'));
    expect(json.code).toBe('OWH_CATALOG_INVALID');
    expect(json.details[0]).toMatchObject({ file: join(dir.path, 'items.json'), line: 3 });
  });

  it('throws OWH_CATALOG_INVALID for a part a register file does not have', () => {
    const error = caught(() => parse('register.yaml', 'items: []\nforms:\n  - id: x\n'));
    expect(error.code).toBe('OWH_CATALOG_INVALID');
    expect(error.message).toContain("'forms'");
    expect(error.details[0].file).toBe(join(dir.path, 'register.yaml'));
    expect(error.details[0].line).toBeGreaterThanOrEqual(2); // the part's value: its first entry
  });

  it('throws OWH_CATALOG_INVALID for an empty CSV file', () => {
    expect(caught(() => parse('items.csv', '')).code).toBe('OWH_CATALOG_INVALID');
  });
});
