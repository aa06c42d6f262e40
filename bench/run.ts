/**
 * `npm run bench`: every benchmark, each printing its figures beside a baseline measured in the
 * same run, as ratios. Not part of the tests: timings are reported, never asserted.
 */
import { runE2eBench } from './e2e.bench';
import { runMappingBench } from './mapping.bench';

async function main(): Promise<void> {
  console.log(`onewindow-hub benchmarks — node ${process.version}, ${require('node:os').cpus().length} cores`);
  await runMappingBench();
  await runE2eBench({ cases: Number(process.env.OWH_BENCH_CASES ?? 3000) });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
