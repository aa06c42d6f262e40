import type { Command } from 'commander';
import { request } from 'undici';
import { publicUrl } from '../../src/config/load';
import { OwhError } from '../../src/errors/owh-error';
import type { HealthView } from '../../src/server/routes/health';
import { CliContext, GlobalOptions } from '../context';
import { CliIO, printJson, printTable } from '../io';
import type { RunState } from '../program';

/** Exit codes monitoring can use: 0 all up, 1 something degraded, 2 something down (or the hub unreachable). */
export const HEALTH_EXIT = { up: 0, degraded: 1, down: 2 } as const;

export async function fetchHealth(url: string): Promise<HealthView> {
  try {
    const res = await request(`${url}/health`, { headersTimeout: 5000, bodyTimeout: 5000 });
    return (await res.body.json()) as HealthView;
  } catch (error) {
    throw new OwhError('OWH_HUB_UNREACHABLE', { message: `GET ${url}/health failed: ${(error as Error).message}` });
  }
}

export function registerHealth(program: Command, io: CliIO, global: () => GlobalOptions, state: RunState): void {
  program
    .command('health')
    .description('the running hub\'s health and each connector\'s; exits 0 when all are up, 1 when any is degraded, 2 when any is down')
    .option('--url <url>', 'the hub (default: from the configuration)')
    .option('--json', 'print JSON')
    .action(async (options: { url?: string; json?: boolean }) => {
      const url = options.url ?? publicUrl(CliContext.load(global()).config);
      let view: HealthView;
      try {
        view = await fetchHealth(url);
      } catch (error) {
        state.exitCode = HEALTH_EXIT.down;
        throw error;
      }
      if (options.json) printJson(io, view);
      else {
        io.out(`hub ${view.status} (version ${view.version}); outbox: ${view.outbox.pending} pending, ${view.outbox.inFlight} in flight, ${view.outbox.dead} dead, ${view.outbox.delivered} delivered`);
        printTable(io, [
          ['connector', 'kind', 'state', 'probe', 'error rate', 'p50 ms', 'last failure'],
          ...view.connectors.map((c) => [
            c.id,
            c.kind,
            c.state,
            c.note ?? c.probe?.detail ?? '',
            c.deliveries ? `${Math.round(c.deliveries.errorRate * 100)}% of ${c.deliveries.recent}` : '',
            c.deliveries?.p50Ms === undefined ? '' : String(c.deliveries.p50Ms),
            c.deliveries?.lastError ? `${c.deliveries.lastError.code} ${c.deliveries.lastFailureAt ?? ''}` : '',
          ]),
        ]);
      }
      state.exitCode = HEALTH_EXIT[view.status];
    });
}
