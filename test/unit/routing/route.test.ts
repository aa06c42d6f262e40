import { loadCatalog } from '../../../src/catalog/load';
import { routeCase } from '../../../src/routing/route';
import { SMALL_CATALOG } from '../../helpers/hub-harness';

describe('routing', () => {
  const catalog = loadCatalog(SMALL_CATALOG);

  it('sends a case to every target of its item, lead first as the catalog lists them', () => {
    const route = routeCase(catalog, 'XK00002001', '330203');
    expect(route.targets).toEqual([
      { systemId: 'alpha', connectorId: 'alpha', role: 'lead', mapping: 'mappings/alpha/request/simple' },
      { systemId: 'beta', connectorId: 'beta', role: 'co-handler', mapping: 'mappings/beta/request/simple' },
    ]);
  });

  it("picks a district-run system's instance by the jurisdiction", () => {
    expect(routeCase(catalog, 'QR00003001', '330281').targets[0].connectorId).toBe('marriage@330281');
    expect(routeCase(catalog, 'QR00003001', '330203').targets[0].connectorId).toBe('marriage@330203');
  });

  it('refuses what it cannot route, each with its own code', () => {
    expect(() => routeCase(catalog, 'XK99999001', '330203')).toThrow(expect.objectContaining({ code: 'OWH_ITEM_UNKNOWN' }));
    expect(() => routeCase(catalog, 'XK00001001', '110105')).toThrow(expect.objectContaining({ code: 'OWH_JURISDICTION_UNKNOWN' }));
    expect(() => routeCase(catalog, 'QR00003001', '330212')).toThrow(expect.objectContaining({ code: 'OWH_NO_ROUTE', message: expect.stringContaining('330212') }));
  });

  it('routes an old district code as its successor and says so', () => {
    const route = routeCase(catalog, 'XK00001001', '330204');
    expect(route.jurisdiction).toEqual({ code: '330212', name: '鄞州区', alias: { code: '330204', name: '江东区', endedOn: '2016-09-30' } });
    expect(route.explanation[0]).toMatch(/330204 \(江东区\) ended on 2016-09-30; routed as 330212 鄞州区/);
  });
});

describe('the catalog loader', () => {
  it('reports every broken reference with its file and line', () => {
    const { writeFileSync, cpSync } = require('node:fs');
    const { join } = require('node:path');
    const { tempDir } = require('../../helpers/temp-dir');
    const dir = tempDir();
    try {
      cpSync(SMALL_CATALOG, dir.path, { recursive: true });
      writeFileSync(
        join(dir.path, 'items.yaml'),
        'items:\n  - code: XK00001001\n    name: x\n    department: nobody\n    form: missing\n    targets:\n      - { system: alpha, role: co-handler }\n      - { system: ghost, role: co-handler }\n',
      );
      let error: any;
      try {
        loadCatalog(dir.path);
      } catch (e) {
        error = e;
      }
      expect(error.code).toBe('OWH_CATALOG_INVALID');
      const where = error.details.map((d: any) => `${d.line} ${d.pointer} ${d.message}`);
      expect(where).toEqual(
        expect.arrayContaining([
          "4 /items/0/department department 'nobody' is not in departments.yaml",
          '5 /items/0/form form \'missing\' has no schema file forms/missing.schema.json',
          '7 /items/0/targets an item needs exactly one lead target, this one has 0',
          "8 /items/0/targets/1/system system 'ghost' is not in systems.yaml",
        ]),
      );
    } finally {
      dir.cleanup();
    }
  });
});
