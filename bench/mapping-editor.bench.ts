/**
 * The visual mapper's round trip: every edit in the editor is checked by the hub (previewMapping:
 * validate, read code tables and target schema, compile, map the sample, run the fixtures, find
 * the unmapped required targets), and opening the mapper reads the folder (describeMappingFolder).
 * Baseline in the same run: what `owh mapping test` does for the same folder (load the file,
 * compile, run the fixtures). Aim: an edit checked well within 100 ms, so the mapper keeps up with
 * the engineer.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/mapping-editor.bench.js
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../src/catalog/load';
import { describeMappingFolder, previewMapping } from '../src/mapping/editing';
import { runMappingFixtures } from '../src/mapping/fixtures';
import { loadMapping } from '../src/mapping/load';
import { packageRoot } from '../src/util/package-root';

export interface MappingEditorBenchResult {
  previewMs: number;
  describeMs: number;
  mappingTestMs: number;
}

const FOLDER = 'mappings/nrp-land/request/nrp-land-use-planning-permit';

/** Median milliseconds of `runs` calls of `fn`, after a few warm-up calls. */
function medianMs(runs: number, fn: () => void): number {
  for (let i = 0; i < 5; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function runMappingEditorBench(runs = 200): Promise<MappingEditorBenchResult> {
  const catalog = loadCatalog(join(packageRoot(), 'examples/demo-city/catalog'));
  const dir = join(catalog.root, FOLDER);
  const spec = parse(readFileSync(join(dir, 'mapping.yaml'), 'utf8')) as { rules: Array<{ to: string; rules?: Array<{ to: string; from?: string }> }> };
  // One edit, as the browser test makes it: 联系人 from the legal representative.
  const edited = structuredClone(spec);
  edited.rules.find((r) => r.to === 'bdsj')!.rules!.find((r) => r.to === 'lxr')!.from = 'applicant.legalRepresentative.name';

  const mappingTestMs = medianMs(runs, () => runMappingFixtures(loadMapping(dir)));
  const previewMs = medianMs(runs, () => {
    const answer = previewMapping(catalog, FOLDER, edited, undefined, 'sample');
    if (answer.problems.length > 0) throw new Error(JSON.stringify(answer.problems));
  });
  const describeMs = medianMs(runs, () => describeMappingFolder(catalog, FOLDER));

  console.log('\nvisual mapper round trip (demo: 建设用地规划许可证 → 国土资源审批系统, 40 rules, 1 fixture), median of', runs);
  console.log(`  owh mapping test (baseline)   ${mappingTestMs.toFixed(2)} ms`);
  console.log(`  an edit checked (preview)     ${previewMs.toFixed(2)} ms   ${(previewMs / mappingTestMs).toFixed(2)}× the baseline`);
  console.log(`  the mapper opened (describe)  ${describeMs.toFixed(2)} ms   ${(describeMs / mappingTestMs).toFixed(2)}× the baseline`);
  return { previewMs, describeMs, mappingTestMs };
}

if (require.main === module) {
  runMappingEditorBench().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
