import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store';
import { packageRoot } from '../../../src/util/package-root';
import { owh, writeTestConfig } from '../../helpers/cli-harness';
import { tempDir } from '../../helpers/temp-dir';

const REGISTER = join(packageRoot(), 'examples/city-register');

/** `owh catalog import`, `owh catalog volumes` and `owh onboarding report` against a store on disk. */
describe('owh: the onboarding register', () => {
  let dir: ReturnType<typeof tempDir>;
  let config: string;
  beforeEach(async () => {
    dir = tempDir('owh-onb-');
    config = writeTestConfig(dir.path);
    await new SqliteStore({ path: join(dir.path, 'owh.db') }).close(); // the hub's store, as a first start leaves it
  });
  afterEach(() => dir.cleanup());

  const importFile = (...args: string[]) => owh('--config', config, 'catalog', 'import', ...args);

  it('imports the city register, file by file, and reports added, changed and unchanged', async () => {
    for (const kind of ['departments', 'systems', 'items', 'volumes']) {
      const res = await importFile(join(REGISTER, `${kind}.csv`));
      expect([kind, res.code]).toEqual([kind, 0]);
      expect(res.out).toMatch(new RegExp(`${kind}\\.csv: imported — \\d+ rows in \\d+ ms`));
    }
    const again = await importFile(join(REGISTER, 'items.csv'), '--json');
    expect(JSON.parse(again.out)).toMatchObject({ applied: true, counts: { items: { added: 0, changed: 0, unchanged: 1200 } } });
    // The runtime catalog's own items.yaml imports too (its targets become lead and co-handlers).
    const runtime = await importFile(join(packageRoot(), 'examples/demo-city/catalog/items.yaml'), '--dry-run', '--json');
    expect(JSON.parse(runtime.out)).toMatchObject({ dryRun: true, applied: false, refused: [], counts: { items: { unchanged: 118 } } });
  });

  it('refuses a file with bad rows whole, naming each row\'s line and what is wrong', async () => {
    await importFile(join(REGISTER, 'departments.csv'));
    await importFile(join(REGISTER, 'systems.csv'));
    const file = join(dir.path, 'items.csv');
    writeFileSync(file, [
      'code,name,department,power,form,timeLimitDays,level,lead,coHandlers',
      'XK09900001,好事项,amr,XK,,5,city,amr-registration,',
      'XK0990000,坏编码,amr,XK,,5,city,amr-registration,',
      'CF09900002,类型不符,amr,XK,,5,city,amr-registration,',
      'XK09900003,时限不对,amr,XK,,abc,city,amr-registration,',
      'XK09900004,没有的系统,amr,XK,,5,city,fax-machine,',
      '',
    ].join('\n'));
    const res = await importFile(file);
    expect(res.code).toBe(65);
    expect(res.out).toMatch(/imported NOTHING/);
    expect(res.out).toMatch(/4 rows refused, so nothing was imported/);
    for (const line of [3, 4, 5, 6]) expect(res.out).toContain(`items.csv:${line} items`);
    expect(res.out).toMatch(/items\.csv:6 items XK09900004 \/lead: system 'fax-machine' is not in the register/);
    const count = await owh('--config', config, 'catalog', 'import', join(REGISTER, 'items.csv'), '--dry-run', '--json');
    expect(JSON.parse(count.out).counts.items.added).toBe(1200); // the bad file left nothing behind
  });

  it('counts volumes from the hub\'s cases, and writes the report as JSON and as a self-contained HTML page', async () => {
    for (const kind of ['departments', 'systems', 'items', 'volumes']) await importFile(join(REGISTER, `${kind}.csv`));
    const volumes = await owh('--config', config, 'catalog', 'volumes', '--from-cases');
    expect(volumes).toMatchObject({ code: 0, out: "volumes counted from the hub's cases for 0 items" });
    const json = await owh('--config', config, 'onboarding', 'report', '--phase', '3', '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out);
    // The register's 1,200 items and the four of the test catalog it does not hold.
    expect(report.phases).toEqual([expect.objectContaining({ phase: 3, items: { total: 1204, live: 0 } })]);
    const html = join(dir.path, 'report.html');
    const written = await owh('--config', config, 'onboarding', 'report', '--html', html);
    expect(written.code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/i);
    expect(page).toContain('data-chart="phase"');
    expect((await owh('--config', config, 'onboarding', 'report', '--phase', '9')).code).toBe(64);
  });
});
