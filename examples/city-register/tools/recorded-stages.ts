/**
 * The stages recorded in the source for the demo city's register (stages.csv): phase 1 — the
 * service centre's 118 items — live with all their systems, as in the source; the top 100 by
 * volume partly on their way; a few more items of the whole city started. Deterministic, so the
 * committed file is what this makes. Run after `npm run build`:
 *   node dist/examples/city-register/tools/recorded-stages.js examples/city-register
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../../src/catalog/load';
import { parseImportFile, writeCsv } from '../../../src/onboarding/import';
import { packageRoot } from '../../../src/util/package-root';

export function recordedStages(dir: string): string[][] {
  const catalog = loadCatalog(join(packageRoot(), 'examples/demo-city/catalog'));
  const items = parseImportFile(join(dir, 'items.csv')).items.map((r) => r.value);
  const volumes = parseImportFile(join(dir, 'volumes.csv')).volumes.map((r) => r.value);
  const rows: string[][] = [['itemCode', 'systemId', 'stage', 'by', 'note']];
  const phaseOne = new Set([...catalog.items.values()].filter((i) => i.phase === 1).map((i) => i.code));
  for (const item of catalog.items.values()) {
    if (!phaseOne.has(item.code)) continue;
    for (const t of item.targets) rows.push([item.code, t.system, 'live', '市数据资源管理局', '一期对接：市行政服务中心118项事项于源案例中已全部上线 (phase 1, live in the source)']);
  }
  // Phase 2: the top 100 by volume that phase 1 did not take, the busiest furthest on; the last
  // ones not started. Phase 3 has only what phase 2 moved.
  const byCode = new Map(items.map((i) => [i.code, i]));
  const top = [...volumes].sort((a, b) => b.volume - a.volume || (a.itemCode < b.itemCode ? -1 : 1)).slice(0, 100).map((v) => v.itemCode).filter((c) => !phaseOne.has(c));
  top.forEach((code, rank) => {
    const item = byCode.get(code);
    const stage = ['live', 'verified', 'connected', 'mapped'][Math.floor((4 * rank) / top.length)];
    if (!item || rank >= Math.ceil(top.length * 0.75)) return;
    for (const system of [item.lead, ...item.coHandlers].filter((s): s is string => s !== undefined)) {
      rows.push([code, system, stage, '市数据资源管理局', '二期对接进行中 (phase 2 under way, recorded in the source)']);
    }
  });
  return rows;
}

if (require.main === module) {
  const dir = process.argv[2] ?? join(packageRoot(), 'examples/city-register');
  const rows = recordedStages(dir);
  writeFileSync(join(dir, 'stages.csv'), writeCsv(rows));
  console.log(`wrote ${rows.length - 1} recorded stages to ${join(dir, 'stages.csv')}`);
}
