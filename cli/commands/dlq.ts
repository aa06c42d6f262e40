import type { Command } from 'commander';
import { OwhError } from '../../src/errors/owh-error';
import type { HubStore } from '../../src/store/contract';
import { CliContext, GlobalOptions, withStore } from '../context';
import { CliIO, printJson, printTable } from '../io';

/**
 * Puts dead-lettered deliveries back in the outbox. A running hub sends them within its poll
 * interval, with the same idempotency keys as before.
 */
export async function retryDead(store: HubStore, target: { ids: number[] } | { all: true }, by: string): Promise<number> {
  if ('ids' in target) {
    for (const id of target.ids) {
      const d = await store.getDelivery(id);
      if (!d) throw new OwhError('OWH_DELIVERY_NOT_FOUND', { message: `delivery ${id} does not exist` });
      if (d.status !== 'dead') throw new OwhError('OWH_DELIVERY_NOT_DEAD', { message: `delivery ${id} is ${d.status}, not dead` });
    }
  }
  return store.resendDead(target, by);
}

export function registerDlq(program: Command, io: CliIO, global: () => GlobalOptions): void {
  const dlq = program.command('dlq').description('dead-lettered deliveries: list them, send them again');
  dlq
    .command('list')
    .description('deliveries that failed permanently or ran out of attempts')
    .option('--connector <id>', 'only this connector')
    .option('--limit <n>', 'at most n', (v) => Number.parseInt(v, 10), 1000)
    .option('--json', 'print JSON')
    .action(async (options: { connector?: string; limit: number; json?: boolean }) => {
      const rows = await withStore(CliContext.load(global()), (store) => store.listDeliveries({ status: 'dead', connectorId: options.connector, limit: options.limit }));
      if (options.json) return printJson(io, rows);
      printTable(io, [
        ['delivery', 'case', 'connector', 'attempts', 'since', 'error'],
        ...rows.map((d) => [String(d.id), d.caseId, d.connectorId, String(d.attempts), d.updatedAt, d.lastError ? `${d.lastError.code}: ${d.lastError.message}` : '']),
      ]);
      io.out(`${rows.length} dead deliver${rows.length === 1 ? 'y' : 'ies'}`);
    });
  dlq
    .command('retry')
    .description('send dead deliveries again (the running hub picks them up)')
    .argument('[deliveryIds...]', 'delivery ids, from `owh dlq list`')
    .option('--all', 'every dead delivery')
    .option('--json', 'print JSON')
    .action(async (ids: string[], options: { all?: boolean; json?: boolean }) => {
      if (!options.all && ids.length === 0) throw new OwhError('OWH_USAGE', { message: 'name the deliveries to resend, or --all' });
      const parsed = ids.map((id) => {
        const n = Number(id);
        if (!Number.isInteger(n) || n <= 0) throw new OwhError('OWH_USAGE', { message: `'${id}' is not a delivery id`, fix: 'Delivery ids are the numbers `owh dlq list` shows.' });
        return n;
      });
      const by = `cli:${process.env.USER ?? 'unknown'}`;
      const count = await withStore(CliContext.load(global()), (store) => retryDead(store, options.all ? { all: true } : { ids: parsed }, by));
      if (options.json) return printJson(io, { resent: count });
      io.out(`${count} deliver${count === 1 ? 'y' : 'ies'} back in the outbox`);
    });
}
