import { eventually } from '../../../helpers/eventually';

export { eventually };
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, Server, Socket, connect as tcpConnect } from 'node:net';
import { promisify } from 'node:util';
import * as amqp from 'amqplib';
import type { Connector, ConnectorContext, OutboundMessage, ResultSink } from '../../../../src/adapters/contract';
import { AdapterRegistry } from '../../../../src/adapters/registry';
import { amqpAdapter } from '../../../../adapters/amqp';
import { testConnectorContext } from '../../../helpers/connector-context';
import { serviceAvailable } from '../../../helpers/services';

/** The real broker the tests run against (the guest user only logs in from loopback). */
export const BROKER_HOST = '127.0.0.1';
export const BROKER_PORT = 5672;
export const BROKER_URL = `amqp://${BROKER_HOST}:${BROKER_PORT}`;
export const PASSWORD_ENV = 'OWH_AMQP_PASSWORD';
export const ENV: NodeJS.ProcessEnv = { [PASSWORD_ENV]: 'guest' };

const run = promisify(execFile);

/**
 * Whether the broker answers, asked synchronously (a child process), because jest registers tests
 * synchronously: {@link describeWithBroker} has to choose before any test runs.
 */
export function brokerReachable(port = BROKER_PORT): boolean {
  const script = `const s=require('net').connect(${port},'${BROKER_HOST}');s.setTimeout(1000,()=>process.exit(1));s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));`;
  return spawnSync(process.execPath, ['-e', script], { timeout: 5000 }).status === 0;
}

/**
 * `describe` for tests that need the real broker. Without one, its tests are listed as skipped
 * and one test asks `serviceAvailable('rabbitmq')`, which prints what is missing and how to start
 * it — or fails under CI=true, where the broker must be there.
 */
export function describeWithBroker(name: string, fn: () => void): void {
  if (brokerReachable()) {
    describe(name, fn);
    return;
  }
  describe(name, () => {
    it('needs RabbitMQ on 127.0.0.1:5672 (skipped without it, failed under CI=true)', async () => {
      // Prints how to start it (skipped), or throws under CI=true (failed).
      if (await serviceAvailable('rabbitmq')) console.warn('RabbitMQ answered only after the tests were registered: run them again');
    });
    describe.skip('needs the broker', fn);
  });
}

/** Whether `rabbitmqctl` works here (to close connections from the broker's side). */
export function rabbitmqctlWorks(): boolean {
  return spawnSync('rabbitmqctl', ['-q', 'list_connections', 'pid'], { timeout: 20000 }).status === 0;
}

/** A name no other test (or other run) uses: exchanges and queues never collide. */
export function unique(tag: string): string {
  return `owh.test.${tag}.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

let deliveryId = 0;

export function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  const caseId = overrides.caseId ?? `NB-2026-${randomBytes(4).toString('hex').toUpperCase()}`;
  const systemId = overrides.systemId ?? 'transport-permits';
  return {
    idempotencyKey: `${caseId}:${systemId}`,
    caseId,
    itemCode: 'XK00201001',
    systemId,
    deliveryId: ++deliveryId,
    attempt: 1,
    payload: { ywlsh: caseId, sxbm: 'XK00201001', sqr: { xm: '王小明', sfzh: '330203199001011234' }, cph: '浙B12345' },
    ...overrides,
  };
}

/** Settings for a connector on the real broker; `exchange` is required, the rest overridable. */
export function settings(overrides: Record<string, unknown> & { exchange: string }): Record<string, unknown> {
  return { url: BROKER_URL, username: 'guest', password: { env: PASSWORD_ENV }, reconnect: { initialMs: 200, maxMs: 2000 }, ...overrides };
}

/** Runs `promise` and returns what it rejected with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but it resolved');
}


export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The test's own hand on the broker (plain amqplib): it declares what the department would (a
 * queue bound to the exchange), reads what the connector published, sends replies, and deletes
 * everything it declared — and what the connector declared for it — when the test ends.
 */
export class Admin {
  private channel?: amqp.ConfirmChannel;
  readonly exchanges = new Set<string>();
  readonly queues = new Set<string>();

  private constructor(private readonly connection: amqp.ChannelModel) {
    connection.on('error', () => undefined);
  }

  static async open(): Promise<Admin> {
    return new Admin(await amqp.connect({ protocol: 'amqp', hostname: BROKER_HOST, port: BROKER_PORT, username: 'guest', password: 'guest' }));
  }

  /** A confirm channel, opened again if the broker closed the last one (a failed check closes it). */
  async ch(): Promise<amqp.ConfirmChannel> {
    if (this.channel) return this.channel;
    const channel = await this.connection.createConfirmChannel();
    channel.on('error', () => undefined);
    channel.on('close', () => {
      if (this.channel === channel) this.channel = undefined;
    });
    this.channel = channel;
    return channel;
  }

  /** Declares the exchange as the connector does (durable) and a queue bound to it with `routingKey`. */
  async queueBoundTo(exchange: string, routingKey: string, queueOptions: amqp.Options.AssertQueue = {}, type = 'direct'): Promise<string> {
    const ch = await this.ch();
    this.exchanges.add(exchange);
    await ch.assertExchange(exchange, type, { durable: true });
    const queue = unique('q');
    this.queues.add(queue);
    await ch.assertQueue(queue, { durable: true, ...queueOptions });
    await ch.bindQueue(queue, exchange, routingKey);
    return queue;
  }

  /** Marks names the connector declares, so they are deleted at the end. */
  track(names: { exchanges?: string[]; queues?: string[] }): void {
    for (const e of names.exchanges ?? []) this.exchanges.add(e);
    for (const q of names.queues ?? []) this.queues.add(q);
  }

  /** Takes the next message from a queue (waiting for it), acknowledged. */
  async take(queue: string, timeoutMs = 5000): Promise<amqp.GetMessage> {
    return eventually(async () => (await (await this.ch()).get(queue, { noAck: true })) || undefined, timeoutMs, `a message on ${queue}`);
  }

  /** Ready messages in a queue (not those delivered and unacknowledged). */
  async count(queue: string): Promise<number> {
    return (await (await this.ch()).checkQueue(queue)).messageCount;
  }

  async exchangeExists(name: string): Promise<boolean> {
    const probe = await this.connection.createChannel();
    probe.on('error', () => undefined);
    try {
      await probe.checkExchange(name);
      await probe.close();
      return true;
    } catch {
      return false;
    }
  }

  /** Sends a reply to a queue (default exchange) and waits for the broker's confirm. */
  async reply(queue: string, body: string | Buffer, properties: amqp.Options.Publish = {}): Promise<void> {
    const ch = await this.ch();
    await new Promise<void>((resolve, reject) => {
      ch.sendToQueue(queue, Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), { persistent: true, mandatory: true, ...properties }, (err: unknown) => (err ? reject(err) : resolve()));
    });
  }

  async cleanup(): Promise<void> {
    for (const q of this.queues) await (await this.ch()).deleteQueue(q).catch(() => undefined);
    for (const e of this.exchanges) await (await this.ch()).deleteExchange(e).catch(() => undefined);
    this.queues.clear();
    this.exchanges.clear();
  }

  async close(): Promise<void> {
    await this.cleanup();
    await this.connection.close().catch(() => undefined);
  }
}

/** Connections the broker has open whose connection_name starts with `prefix` (rabbitmqctl). */
export async function brokerConnections(prefix: string): Promise<Array<{ pid: string; name: string }>> {
  // The table form: close_connection takes the pid as printed here (<rabbit@host.…>), not as JSON prints it.
  const { stdout } = await run('rabbitmqctl', ['-q', 'list_connections', 'pid', 'client_properties'], { timeout: 30000 });
  const out: Array<{ pid: string; name: string }> = [];
  for (const line of stdout.split('\n')) {
    const pid = /^(<[^>]+>)\t/.exec(line)?.[1];
    const name = /\{"connection_name","([^"]*)"\}/.exec(line)?.[1];
    if (pid && name?.startsWith(prefix)) out.push({ pid, name });
  }
  return out;
}

/** Closes, from the broker's side, every connection whose connection_name starts with `prefix`. */
export async function killConnections(prefix: string): Promise<number> {
  const found = await brokerConnections(prefix);
  for (const c of found) await run('rabbitmqctl', ['-q', 'close_connection', c.pid, 'closed by a test'], { timeout: 30000 });
  return found.length;
}

/** Ready and unacknowledged messages of a queue, as the broker counts them (rabbitmqctl). */
export async function queueCounts(queue: string): Promise<{ ready: number; unacked: number }> {
  const { stdout } = await run('rabbitmqctl', ['-q', 'list_queues', 'name', 'messages_ready', 'messages_unacknowledged', '--formatter', 'json'], { timeout: 30000 });
  const row = (JSON.parse(stdout) as Array<{ name: string; messages_ready: number; messages_unacknowledged: number }>).find((r) => r.name === queue);
  if (!row) throw new Error(`queue ${queue} is not on the broker`);
  return { ready: row.messages_ready, unacked: row.messages_unacknowledged };
}

/**
 * A TCP proxy in front of the broker, so a test can take the broker away from a connector for
 * real: stop() closes the port and cuts every connection, restart() opens the same port again,
 * holdReplies() holds back what the broker sends (its confirms) until releaseReplies().
 */
export class TcpProxy {
  port = 0;
  /** Connections accepted since start (each is one connection attempt of a client). */
  accepted = 0;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private holding = false;
  private readonly held: Array<[Socket, Buffer]> = [];

  constructor(private readonly target = BROKER_PORT) {}

  get url(): string {
    return `amqp://127.0.0.1:${this.port}`;
  }

  /** Sockets open through the proxy (two per connection: the client's and the one to the broker). */
  get open(): number {
    return this.sockets.size;
  }

  async start(port = this.port): Promise<this> {
    const server = createServer((client) => {
      this.accepted++;
      const upstream = tcpConnect(this.target, BROKER_HOST);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          this.sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.on('data', (chunk: Buffer) => upstream.write(chunk));
      upstream.on('data', (chunk: Buffer) => {
        if (this.holding) this.held.push([client, chunk]);
        else client.write(chunk);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
    return this;
  }

  holdReplies(): void {
    this.holding = true;
  }

  releaseReplies(): void {
    this.holding = false;
    for (const [client, chunk] of this.held.splice(0)) if (!client.destroyed) client.write(chunk);
  }

  /** Closes the port and cuts every connection through it. */
  async stop(): Promise<void> {
    this.holding = false;
    this.held.length = 0;
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  restart(): Promise<this> {
    return this.start(this.port);
  }
}

/** A result sink whose answers the test decides, recording what it was handed. */
export class ScriptedSink implements ResultSink {
  readonly calls: Array<{ caseId?: string; body: unknown }> = [];
  answer: (input: { caseId?: string; body: unknown }) => Promise<void> | void = () => undefined;

  async submit(input: { caseId?: string; body: unknown }): Promise<{ caseId: string; status: string; duplicate: boolean }> {
    this.calls.push(input);
    await this.answer(input);
    return { caseId: input.caseId ?? 'unknown', status: 'accepted', duplicate: false };
  }
}

/** Builds a connector the way the hub does (validated and completed by the registry), each with its own id. */
export function createConnector(config: Record<string, unknown>, overrides: Partial<ConnectorContext> = {}, env: NodeJS.ProcessEnv = ENV): Connector {
  const connectorId = overrides.connectorId ?? `amqp-test-${randomBytes(4).toString('hex')}`;
  const context = testConnectorContext({ connectorId, systemId: 'transport-permits', env, defaultTimeoutMs: 5000, ...overrides });
  return new AdapterRegistry([amqpAdapter]).create('amqp', config, context);
}

/** Tracks connectors, proxies and the admin of one test so `afterEach` can release them all, in order. */
export class Cleanup {
  private readonly connectors: Connector[] = [];
  private readonly proxies: TcpProxy[] = [];
  private admin?: Admin;

  async adminHand(): Promise<Admin> {
    this.admin ??= await Admin.open();
    return this.admin;
  }

  connector(config: Record<string, unknown>, overrides: Partial<ConnectorContext> = {}, env: NodeJS.ProcessEnv = ENV): Connector {
    const connector = createConnector(config, overrides, env);
    this.connectors.push(connector);
    return connector;
  }

  async proxy(): Promise<TcpProxy> {
    const proxy = await new TcpProxy().start();
    this.proxies.push(proxy);
    return proxy;
  }

  async run(): Promise<void> {
    for (const c of this.connectors.splice(0).reverse()) await c.close();
    for (const p of this.proxies.splice(0)) await p.stop();
    const admin = this.admin;
    this.admin = undefined;
    await admin?.close();
  }
}
