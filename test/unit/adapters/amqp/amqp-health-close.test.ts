import { OwhError } from '../../../../src/errors/owh-error';
import { Cleanup, describeWithBroker, eventually, message, rejection, ScriptedSink, settings, sleep, unique } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** Sockets and pipes open in this process (jest's own timers left out). */
function sockets(): number {
  return process.getActiveResourcesInfo().filter((kind) => /TCP|Pipe/i.test(kind)).length;
}

describeWithBroker('amqp adapter: health (real broker)', () => {
  it('is up when the confirm channel is open and the exchange exists, with the latency', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('health');
    await admin.queueBoundTo(exchange, 'k');
    const connector = cleanup.connector(settings({ exchange, routingKey: 'k' }));

    const report = await connector.health();

    expect(report.state).toBe('up');
    expect(report.detail).toContain(`exchange '${exchange}' on amqp://127.0.0.1:5672/ is there`);
    expect(report.latencyMs).toEqual(expect.any(Number));
    expect(Date.parse(report.checkedAt)).not.toBeNaN();
    await expect(connector.send(message())).resolves.toBeDefined(); // the probe's connection is the one sends use
  });

  it('is down when the exchange is missing and the hub may not declare it', async () => {
    const exchange = unique('health-missing');
    const connector = cleanup.connector(settings({ exchange, declare: false }));

    const report = await connector.health();

    expect(report.state).toBe('down');
    expect(report.detail).toContain(`exchange '${exchange}' on amqp://127.0.0.1:5672/: the exchange does not exist`);
  });

  it('is down, with the reason, when the broker cannot be reached or refuses the login — and never throws', async () => {
    const away = cleanup.connector(settings({ url: 'amqp://127.0.0.1:1', exchange: unique('health-away') }));
    const refused = cleanup.connector(settings({ exchange: unique('health-login') }), {}, { OWH_AMQP_PASSWORD: 'wrong' });

    const a = await away.health();
    const r = await refused.health();

    expect(a).toMatchObject({ state: 'down', detail: 'connect to amqp://127.0.0.1:1/ failed: connection refused (ECONNREFUSED)' });
    expect(r.state).toBe('down');
    expect(r.detail).toContain('refused the login of user \'guest\'');
  });

  it('is degraded while results are not being consumed, up again once they are', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('health-results');
    const replyQueue = `${exchange}.replies`;
    await admin.queueBoundTo(exchange, 'k');
    admin.track({ queues: [replyQueue] });
    const connector = cleanup.connector(settings({ exchange, replyQueue, declare: false, reconnect: { initialMs: 50, maxMs: 100 } }), { results: new ScriptedSink() });
    await connector.start!();

    const degraded = await connector.health();
    expect(degraded.state).toBe('degraded');
    expect(degraded.detail).toMatch(/not consuming reply queue .*NOT_FOUND/);

    await (await admin.ch()).assertQueue(replyQueue, { durable: true });
    const up = await eventually(async () => {
      const r = await connector.health();
      return r.state === 'up' ? r : undefined;
    }, 5000, 'health up');
    expect(up.detail).toContain(`consuming reply queue '${replyQueue}'`);
  });
});

describeWithBroker('amqp adapter: close (real broker)', () => {
  it('closes every connection it opened, and refuses sends after as retryable OWH_CONNECTOR_CLOSED', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('close');
    const replyQueue = `${exchange}.replies`;
    admin.track({ exchanges: [`${replyQueue}.dlx`], queues: [replyQueue, `${replyQueue}.dead`] });
    await admin.queueBoundTo(exchange, 'k');
    const proxy = await cleanup.proxy();
    const before = sockets();
    const connector = cleanup.connector(settings({ url: proxy.url, exchange, routingKey: 'k', replyQueue }), { results: new ScriptedSink() });
    await connector.start!();
    await connector.send(message());
    expect(proxy.open).toBe(4); // publisher and consumer, each a client socket and its way to the broker

    await connector.close();
    await connector.close(); // twice is harmless

    await eventually(() => (proxy.open === 0 ? true : undefined), 5000, 'the broker connections closed');
    await eventually(() => (sockets() <= before ? true : undefined), 5000, 'sockets released');
    const error = await rejection(connector.send(message()));
    expect(error).toBeInstanceOf(OwhError);
    expect([error.code, error.retryable]).toEqual(['OWH_CONNECTOR_CLOSED', true]);
    expect((await connector.health()).state).toBe('down');
  });

  it('lets a send waiting for its confirm have it before closing', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('close-inflight');
    const queue = await admin.queueBoundTo(exchange, 'k');
    const proxy = await cleanup.proxy();
    const connector = cleanup.connector(settings({ url: proxy.url, exchange, routingKey: 'k' }));
    await connector.send(message());
    proxy.holdReplies();

    const inFlight = connector.send(message());
    await sleep(50);
    const closing = connector.close();
    await sleep(100);
    proxy.releaseReplies();

    await expect(inFlight).resolves.toBeDefined();
    await closing;
    expect(await admin.count(queue)).toBe(2);
  });

  it('stops trying to reconnect once closed', async () => {
    const exchange = unique('close-retry');
    const proxy = await cleanup.proxy();
    await proxy.stop();
    const connector = cleanup.connector(settings({ url: proxy.url, exchange, replyQueue: `${exchange}.replies`, reconnect: { initialMs: 50, maxMs: 50 } }), { results: new ScriptedSink() });
    await connector.start!(); // fails, and keeps trying every 50 ms

    await connector.close();
    await proxy.restart();
    await sleep(300);

    expect(proxy.accepted).toBe(0);
  });
});
