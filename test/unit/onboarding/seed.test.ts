import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordedStages } from '../../../examples/city-register/tools/recorded-stages';
import { loadCatalog } from '../../../src/catalog/load';
import { silentLogger } from '../../../src/log/logger';
import { writeCsv } from '../../../src/onboarding/import';
import { seedRegister } from '../../../src/onboarding/seed';
import { onboardingReport } from '../../../src/onboarding/service';
import { SqliteOnboardingStore } from '../../../src/store/sqlite/onboarding-store';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store';
import { packageRoot } from '../../../src/util/package-root';
import { tempDir } from '../../helpers/temp-dir';

const ROOT = packageRoot();
const REGISTER = join(ROOT, 'examples/city-register');
const seed = { files: ['departments', 'systems', 'items', 'volumes'].map((k) => `examples/city-register/${k}.csv`), stages: 'examples/city-register/stages.csv' };

describe('the demo city\'s onboarding seed', () => {
  it('is what the recorded-stages tool makes', () => {
    expect(readFileSync(join(REGISTER, 'stages.csv'), 'utf8')).toBe(writeCsv(recordedStages(REGISTER)));
  });

  it('seeds an empty register once: phase 1 complete as in the source, phases 2 and 3 partly done', async () => {
    const dir = tempDir();
    const store = new SqliteStore({ path: join(dir.path, 'owh.db') });
    try {
      const onboarding = new SqliteOnboardingStore(store.db);
      expect(await seedRegister(onboarding, seed, ROOT, silentLogger())).toEqual({ rows: expect.any(Number), stages: 160 });
      expect(await seedRegister(onboarding, seed, ROOT, silentLogger())).toBeUndefined();
      const report = await onboardingReport(onboarding, loadCatalog(join(ROOT, 'examples/demo-city/catalog')));
      const [one, two, three] = report.phases;
      expect(one).toMatchObject({ items: { total: 118, live: 118 }, systems: { needed: 14, connected: 14 }, departments: { total: 11, withLiveItems: 11 }, forms: { total: 59, digitised: 59 }, blockersTotal: 0 });
      expect(two.items.total).toBe(100);
      expect(two.items.live).toBeGreaterThan(80);
      expect(two.items.live).toBeLessThan(100);
      expect(three.items.total).toBe(1200);
      expect(three.items.live / three.items.total).toBeLessThan(0.2);
      expect((await onboarding.stageHistory('XK00101001', 'amr-registration'))[0]).toMatchObject({ to: 'live', forced: true, by: '市数据资源管理局', evidence: { recorded: seed.stages } });
    } finally {
      await store.close();
      dir.cleanup();
    }
  });
});
