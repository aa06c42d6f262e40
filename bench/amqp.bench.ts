/**
 * The AMQP adapter against the same publishes made straight with amqplib (persistent, mandatory,
 * the same properties and headers, each waiting for its publisher confirm), to the same exchange
 * and durable queue on the real broker, in the same run: what the connector costs on top of the
 * transport (serialising, the confirm bookkeeping, returns, timeouts).
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/amqp.bench.js [messages]
 *
 * Without a broker on 127.0.0.1:5672 it says so and exits 0.
 */
import { pooled } from './pooled';
import { portOpen } from '../src/util/net';
import { randomBytes } from 'node:crypto';
import * as amqp from 'amqplib';
import { amqpAdapter } from '../adapters/amqp';
import type { OutboundMessage } from '../src/adapters/contract';
import { AdapterRegistry } from '../src/adapters/registry';
import { silentLogger } from '../src/log/logger';

export interface AmqpBenchResult {
  adapterPerSec: number;
  directPerSec: number;
  /** adapter / direct: 1 means the connector costs nothing over the bare publish with confirm. */
  ratio: number;
  /** Why nothing was measured (no broker). */
  skipped?: string;
}

const HOST = '127.0.0.1';
const PORT = 5672;
const IN_FLIGHT = 64;
const ROUTING_KEY = 'permits.apply';

function cases(n: number): OutboundMessage[] {
  return Array.from({ length: n }, (_, i) => {
    const caseId = `NB2026112800${String(i).padStart(5, '0')}`;
    return {
      idempotencyKey: `${caseId}:transport-permits`,
      caseId,
      itemCode: 'XK00201001',
      systemId: 'transport-permits',
      deliveryId: i + 1,
      attempt: 1,
      payload: {
        ywlsh: caseId,
        sxbm: 'XK00201001',
        sqsj: '2026-11-28 09:30:00',
        xzqh: '330203',
        sqr: { xm: '王小明', zjlx: '1', zjhm: '330203199001011234', lxdh: '13812345678' },
        cl: { cph: '浙B12345', cx: '重型半挂牵引车', hdzzl: '40000', jyfw: '道路普通货物运输' },
        fj: Array.from({ length: 3 }, (_m, k) => ({ mc: `材料${k + 1}`, uri: `http://127.0.0.1:8080/api/v1/cases/${caseId}/materials/M${k + 1}` })),
      },
    };
  });
}



async function adapterRun(exchange: string, messages: OutboundMessage[]): Promise<number> {
  const connector = new AdapterRegistry([amqpAdapter]).create(
    'amqp',
    { url: `amqp://${HOST}:${PORT}`, username: 'guest', password: { env: 'OWH_BENCH_AMQP_PASSWORD' }, exchange, routingKey: ROUTING_KEY },
    {
      connectorId: 'transport-permits',
      systemId: 'transport-permits',
      logger: silentLogger(),
      secret: () => 'guest',
      defaultTimeoutMs: 30_000,
      results: { submit: () => Promise.reject(new Error('no results in this bench')) },
      catalogRoot: process.cwd(),
    },
  );
  try {
    await connector.send(messages[0]); // connect outside the timed loop, as the direct run does
    return await pooled(messages, IN_FLIGHT, (m) => connector.send(m));
  } finally {
    await connector.close();
  }
}

/** The bare transport: a confirm channel, the same message, each publish waiting for its confirm. */
async function directRun(exchange: string, messages: OutboundMessage[]): Promise<number> {
  const connection = await amqp.connect({ protocol: 'amqp', hostname: HOST, port: PORT, username: 'guest', password: 'guest' });
  const channel = await connection.createConfirmChannel();
  channel.on('return', (m: amqp.Message) => {
    throw new Error(`the bench's message ${String(m.properties.messageId)} was returned`);
  });
  const publish = (m: OutboundMessage) =>
    new Promise<void>((resolve, reject) => {
      channel.publish(
        exchange,
        ROUTING_KEY,
        Buffer.from(JSON.stringify(m.payload), 'utf8'),
        {
          persistent: true,
          mandatory: true,
          contentType: 'application/json',
          messageId: m.idempotencyKey,
          correlationId: m.idempotencyKey,
          timestamp: Math.floor(Date.now() / 1000),
          appId: 'onewindow-hub',
          headers: { 'x-case-id': m.caseId, 'x-item-code': m.itemCode, 'x-system-id': m.systemId, 'x-attempt': m.attempt },
        },
        (err: unknown) => (err ? reject(err) : resolve()),
      );
    });
  try {
    return await pooled(messages, IN_FLIGHT, publish);
  } finally {
    await connection.close();
  }
}

export async function runAmqpBench(options: { messages?: number } = {}): Promise<AmqpBenchResult> {
  const n = options.messages ?? 5000;
  if (!(await portOpen(PORT, 1000, HOST))) {
    const skipped = `no RabbitMQ on ${HOST}:${PORT} (start it with: rabbitmq-server -detached)`;
    console.log(`amqp: SKIPPED — ${skipped}`);
    return { adapterPerSec: 0, directPerSec: 0, ratio: 0, skipped };
  }

  // One exchange and one durable queue for both sides: the broker writes every persistent message
  // before confirming it, so both pay the same disk. The queue is purged between rounds.
  const exchange = `owh.bench.amqp.${randomBytes(4).toString('hex')}`;
  const admin = await amqp.connect({ protocol: 'amqp', hostname: HOST, port: PORT, username: 'guest', password: 'guest' });
  const ch = await admin.createChannel();
  await ch.assertExchange(exchange, 'direct', { durable: true });
  const { queue } = await ch.assertQueue(`${exchange}.department`, { durable: true });
  await ch.bindQueue(queue, exchange, ROUTING_KEY);

  const messages = cases(n);
  const rounds = 5;
  const adapter: number[] = [];
  const direct: number[] = [];
  try {
    await adapterRun(exchange, messages.slice(0, 500)); // warm up both paths
    await directRun(exchange, messages.slice(0, 500));
    await ch.purgeQueue(queue);
    // Rounds alternate, so neither side always runs on a broker that just caught up.
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? (['adapter', 'direct'] as const) : (['direct', 'adapter'] as const);
      for (const side of order) {
        if (side === 'adapter') adapter.push(await adapterRun(exchange, messages));
        else direct.push(await directRun(exchange, messages));
        await ch.purgeQueue(queue);
      }
    }
  } finally {
    await ch.deleteQueue(queue).catch(() => undefined);
    await ch.deleteExchange(exchange).catch(() => undefined);
    await admin.close().catch(() => undefined);
  }

  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const result: AmqpBenchResult = { adapterPerSec: median(adapter), directPerSec: median(direct), ratio: median(adapter) / median(direct) };
  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(8);
  console.log(
    [
      `amqp: ${n} persistent JSON publishes with confirms, ${IN_FLIGHT} in flight, to a durable queue on ${HOST}:${PORT} (median of ${rounds} alternating rounds)`,
      `  amqp adapter (send)                   ${fmt(result.adapterPerSec)} msgs/s   rounds: ${adapter.map((x) => Math.round(x)).join(', ')}`,
      `  direct amqplib (publish + confirm)    ${fmt(result.directPerSec)} msgs/s   rounds: ${direct.map((x) => Math.round(x)).join(', ')}`,
      `  adapter / direct: ${result.ratio.toFixed(2)}×`,
    ].join('\n'),
  );
  return result;
}

if (require.main === module) {
  const messages = process.argv[2] ? Number(process.argv[2]) : undefined;
  runAmqpBench({ messages }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
