import type { Command } from 'commander';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { builtinAdapters } from '../../adapters';
import { Hub } from '../../src/server/hub';
import { createLogger } from '../../src/log/logger';
import type { HubConfig } from '../../src/config/config';
import { isLoopback } from '../../src/config/secrets';
import { CliContext, GlobalOptions } from '../context';
import type { CliIO } from '../io';
import { samplesDir } from '../../examples/demo-city/load/case-factory';

interface ServeOptions {
  port?: number;
  simulators: boolean;
}

/** The lines `owh serve` prints once the hub is up: where it is, and a first case to send it. */
export function banner(hub: Hub, config: HubConfig, simulators: Array<{ connectorId: string; url: string }>): string[] {
  const lines = [`onewindow-hub ${hub.version} is up`, `  API      ${hub.url}/api/v1/cases`, `  health   ${hub.url}/health`, `  store    ${config.store.path}`, `  catalog  ${config.catalog}`];
  if (simulators.length > 0) lines.push(`  ${simulators.length} department simulators: ${simulators[0].url} … ${simulators[simulators.length - 1].url}`);
  const client = config.clients[0];
  const samples = samplesDir(config.catalog);
  const sample = existsSync(samples) ? readdirSync(samples).filter((n) => n.endsWith('.case.json')).sort()[0] : undefined;
  if (client && sample) {
    let key = `$${client.key.env}`;
    if (!process.env[client.key.env] && client.key.demoValue && isLoopback(config.server.host)) key = client.key.demoValue;
    const file = relative(process.cwd(), join(samples, sample));
    const caseId = (JSON.parse(readFileSync(join(samples, sample), 'utf8')) as { caseId: string }).caseId;
    lines.push('', 'Submit a sample case:', `  curl -s -X POST ${hub.url}/api/v1/cases -H 'X-Api-Key: ${key}' -H 'Content-Type: application/json' --data @${file}`);
    lines.push('Then follow it:', `  curl -s ${hub.url}/api/v1/cases/${encodeURIComponent(caseId)} -H 'X-Api-Key: ${key}'`);
  }
  return lines;
}

export function registerServe(program: Command, io: CliIO, global: () => GlobalOptions): void {
  program
    .command('serve')
    .description('run the hub (and, for the demo city, its department simulators)')
    .option('--port <port>', 'listen on this port', (v) => Number.parseInt(v, 10))
    .option('--no-simulators', 'do not start the demo city\'s simulators even if the configuration asks for them')
    .action(async (options: ServeOptions) => {
      const context = CliContext.load(global());
      const config = context.config;
      if (options.port !== undefined) config.server.port = options.port;
      let fleet: { close(): Promise<void>; setHubUrl(url: string): void; simulators: Array<{ connectorId: string; url: string }>; skipped: Array<{ connectorId: string; reason: string }> } | undefined;
      if (config.demo.simulators && options.simulators) {
        // Simulators first: they listen on the ports the catalog's connectors name, so the hub's first sends find them.
        const { startSimulators } = await import('../../examples/demo-city/simulators');
        fleet = await startSimulators({ catalogRoot: config.catalog, hubUrl: `http://127.0.0.1:${config.server.port}`, resultDelayMs: config.demo.resultDelayMs, logger: createLogger({ name: 'owh-simulators', level: 'warn' }) });
      }
      let hub: Hub;
      try {
        hub = await Hub.start({ config, adapters: builtinAdapters, adapterModule: require.resolve('../../adapters') });
      } catch (error) {
        await fleet?.close();
        throw error;
      }
      fleet?.setHubUrl(hub.url);
      for (const line of banner(hub, config, fleet?.simulators ?? [])) io.out(line);
      for (const s of fleet?.skipped ?? []) io.out(`  (simulator of ${s.connectorId} not started: ${s.reason})`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          io.err(`${signal}: stopping (deliveries in flight finish or return to the outbox)`);
          void Promise.allSettled([hub.close(), fleet?.close()]).then(() => resolve());
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    });
}
