import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { publicUrl } from '../../src/config/load';
import { createSecretResolver, isLoopback } from '../../src/config/secrets';
import { OwhError } from '../../src/errors/owh-error';
import { CaseFactory } from '../../examples/demo-city/load/case-factory';
import { submitLoad } from '../../examples/demo-city/load/submit-load';
import { CliContext, GlobalOptions } from '../context';
import { CliIO, printJson } from '../io';

interface DemoLoadOptions {
  count: number;
  rate?: number;
  concurrency: number;
  url?: string;
  key?: string;
  kinds?: string[];
  json?: boolean;
}

export function registerDemo(program: Command, io: CliIO, global: () => GlobalOptions): void {
  const demo = program.command('demo').description('the demo city');
  demo
    .command('load')
    .description('submit generated valid cases of the demo city\'s items to a running hub')
    .option('--count <n>', 'how many cases', (v) => Number.parseInt(v, 10), 100)
    .option('--rate <r>', 'cases per second at most', (v) => Number.parseFloat(v))
    .option('--concurrency <n>', 'submissions in flight at once', (v) => Number.parseInt(v, 10), 16)
    .option('--url <url>', 'the hub (default: from the configuration)')
    .option('--key <key>', 'the client API key (default: the first configured client\'s)')
    .option('--kinds <list>', 'only items all of whose systems use these adapter kinds, e.g. rest,soap (default: every item)', (v) => v.split(',').map((k) => k.trim()).filter(Boolean))
    .option('--json', 'print the report as JSON')
    .action(async (options: DemoLoadOptions) => {
      if (!(options.count > 0)) throw new OwhError('OWH_USAGE', { message: '--count must be a positive number' });
      const context = CliContext.load(global());
      const url = options.url ?? publicUrl(context.config);
      const client = context.config.clients[0];
      const key = options.key ?? (client ? createSecretResolver({ allowDemoValues: isLoopback(new URL(url).hostname) })(client.key) : undefined);
      if (!key) throw new OwhError('OWH_USAGE', { message: 'no API key: pass --key or configure a client' });
      const factory = new CaseFactory({ catalog: context.catalog(), prefix: `DEMO${Date.now().toString(36).toUpperCase()}`, adapterKinds: options.kinds ? new Set(options.kinds) : undefined });
      if (factory.items.length === 0) throw new OwhError('OWH_USAGE', { message: `no item of the catalog uses only the adapter kinds ${options.kinds?.join(', ')}` });
      const bar = io.isTTY && !options.json ? new SingleBar({ format: 'cases {bar} {value}/{total}  {eta_formatted} left', hideCursor: true }, Presets.shades_classic) : undefined;
      bar?.start(options.count, 0);
      let report;
      try {
        report = await submitLoad({ url, apiKey: key, count: options.count, rate: options.rate, concurrency: options.concurrency, next: () => factory.next(), onAnswer: (n) => bar?.update(n) });
      } finally {
        bar?.stop();
      }
      if (report.accepted === 0 && report.failed > 0) throw new OwhError('OWH_HUB_UNREACHABLE', { message: `no case reached the hub at ${url}` });
      const { caseIds, ...summary } = report;
      if (options.json) return printJson(io, { ...summary, firstCaseId: caseIds[0], lastCaseId: caseIds[caseIds.length - 1] });
      io.out(`${report.accepted} accepted, ${Object.values(report.refused).reduce((a, b) => a + b, 0)} refused, ${report.failed} not reached in ${(report.durationMs / 1000).toFixed(1)} s`);
      io.out(`${report.casesPerSecond.toFixed(0)} cases/s; accept latency p50 ${report.latencyMs.p50.toFixed(1)} ms, p99 ${report.latencyMs.p99.toFixed(1)} ms`);
      for (const [code, n] of Object.entries(report.refused)) io.out(`  refused ${code}: ${n}`);
      if (caseIds.length > 0) io.out(`follow one: owh cases show ${caseIds[0]}`);
    });
}
