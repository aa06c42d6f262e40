/**
 * `npm run bench`: every benchmark, each printing its figures beside a baseline measured in the
 * same run, as ratios. Not part of the tests: timings are reported, never asserted.
 */
import { runAmqpBench } from './amqp.bench';
import { runE2eBench } from './e2e.bench';
import { runFileBench } from './file.bench';
import { runMappingBench } from './mapping.bench';
import { runMappingEditorBench } from './mapping-editor.bench';
import { runOnboardingBench } from './onboarding.bench';
import { runSoapBench } from './soap.bench';

async function main(): Promise<void> {
  console.log(`onewindow-hub benchmarks — node ${process.version}, ${require('node:os').cpus().length} cores`);
  await runMappingBench();
  await runMappingEditorBench();
  // Each adapter kind against its peer, beside the same transport used directly.
  await runSoapBench();
  await runFileBench();
  await runAmqpBench();
  await runE2eBench({ cases: Number(process.env.OWH_BENCH_CASES ?? 3000) });
  await runOnboardingBench();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
