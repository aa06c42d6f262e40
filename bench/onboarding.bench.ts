/**
 * The onboarding register at the city's size: importing 70,000 items (with their departments,
 * systems and volumes) from CSV, and the onboarding report over them — beside baselines in the
 * same run: the same rows inserted straight into SQLite (no parsing, no checks), and one SQL
 * aggregate over them (no phases, stages or blockers). Aims: import under 10 s, report under 1 s.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/onboarding.bench.js
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateCityRegister, writeCityRegister } from '../examples/city-register/tools/generate-city-register';
import { loadCatalog } from '../src/catalog/load';
import { parseImportFile } from '../src/onboarding/import';
import { onboardingReport } from '../src/onboarding/service';
import { SqliteOnboardingStore } from '../src/store/sqlite/onboarding-store';
import { SqliteStore } from '../src/store/sqlite/sqlite-store';
import { packageRoot } from '../src/util/package-root';

export interface OnboardingBenchResult {
  items: number;
  importSeconds: number;
  rowsPerSecond: number;
  baselineInsertSeconds: number;
  /** A running hub's report (the forms' coverage already known). */
  reportSeconds: number;
  /** The first report of a process, with the forms' coverage read from the runtime catalog's mappings. */
  coldReportSeconds: number;
  baselineAggregateSeconds: number;
}

export async function runOnboardingBench(options: { items?: number } = {}): Promise<OnboardingBenchResult> {
  const items = options.items ?? 70_000;
  const dir = mkdtempSync(join(tmpdir(), 'owh-bench-onb-'));
  try {
    const register = generateCityRegister({ items, seed: 20261128 });
    const files = writeCityRegister(register, dir);
    const store = new SqliteStore({ path: join(dir, 'owh.db') });
    const onboarding = new SqliteOnboardingStore(store.db);

    // The import as `owh catalog import` runs it: read, check every row, write in one transaction.
    let rows = 0;
    const t0 = performance.now();
    for (const kind of ['departments', 'systems', 'items', 'volumes']) {
      const report = await onboarding.applyImport(parseImportFile(files.find((f) => f.endsWith(`${kind}.csv`))!), { dryRun: false, by: 'bench' });
      if (!report.applied) throw new Error(`${kind}: ${report.refused.length} rows refused, first: ${JSON.stringify(report.refused[0])}`);
      rows += report.rows;
    }
    const importSeconds = (performance.now() - t0) / 1000;

    // Cold: the first report of a process (owh onboarding report) also reads the runtime catalog's
    // mappings for the forms' coverage; warm: a running hub answering GET /api/v1/onboarding again.
    const catalog = loadCatalog(join(packageRoot(), 'examples/demo-city/catalog'));
    const tc = performance.now();
    await onboardingReport(onboarding, catalog);
    const coldReportSeconds = (performance.now() - tc) / 1000;
    const t1 = performance.now();
    const report = await onboardingReport(onboarding, catalog);
    const reportSeconds = (performance.now() - t1) / 1000;
    const all = report.phases.find((p) => p.phase === 3)!;
    if (all.items.total < items) throw new Error(`the report counts ${all.items.total} items, not ${items}`);
    await store.close();

    // Baselines: the same items inserted with no parsing or checks, and one aggregate over them.
    const raw = new Database(join(dir, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec('CREATE TABLE items (code TEXT PRIMARY KEY, name TEXT, department TEXT, power TEXT, form TEXT, time_limit_days INTEGER, level TEXT, lead TEXT, co_handlers TEXT) WITHOUT ROWID');
    const insert = raw.prepare('INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const t2 = performance.now();
    raw.transaction(() => {
      for (const i of register.items) insert.run(i.code, i.name, i.department, i.power, i.form ?? null, i.timeLimitDays ?? null, i.level ?? null, i.lead ?? null, JSON.stringify(i.coHandlers));
    })();
    const baselineInsertSeconds = (performance.now() - t2) / 1000;
    const t3 = performance.now();
    raw.prepare('SELECT department, COUNT(*) AS n FROM items GROUP BY department').all();
    const baselineAggregateSeconds = (performance.now() - t3) / 1000;
    raw.close();

    const result = { items, importSeconds, rowsPerSecond: rows / importSeconds, baselineInsertSeconds, reportSeconds, coldReportSeconds, baselineAggregateSeconds };
    print(result, rows);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(r: OnboardingBenchResult, rows: number): void {
  const s = (x: number) => `${x.toFixed(2)} s`;
  console.log(`\nOnboarding register: ${r.items.toLocaleString('en')} items (${rows.toLocaleString('en')} rows with departments, systems and volumes)`);
  console.log('step     owh                      baseline (same run)                         ratio   aim');
  console.log(`import   ${s(r.importSeconds).padEnd(8)} ${Math.round(r.rowsPerSecond).toLocaleString('en').padStart(7)} rows/s  ${s(r.baselineInsertSeconds).padEnd(8)} raw SQLite insert, no parse or checks  ${(r.importSeconds / r.baselineInsertSeconds).toFixed(1).padStart(5)}×  < 10 s ${r.importSeconds < 10 ? 'met' : 'NOT met'}`);
  const report = (label: string, x: number) =>
    console.log(`${label.padEnd(8)} ${s(x).padEnd(24)} ${s(r.baselineAggregateSeconds).padEnd(8)} one GROUP BY over the items           ${(x / Math.max(r.baselineAggregateSeconds, 1e-6)).toFixed(0).padStart(5)}×  < 1 s ${x < 1 ? 'met' : 'NOT met'}`);
  report('report', r.reportSeconds);
  report('cold', r.coldReportSeconds);
}

if (require.main === module) {
  runOnboardingBench().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
