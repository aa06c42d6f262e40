import { createServer } from 'node:net';
import { OwhError } from '../../../../src/errors/owh-error';
import { Cleanup, describeWithBroker, message, rejection, settings, unique } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describeWithBroker('amqp adapter: send (real broker)', () => {
  it('publishes the case as a persistent JSON message and resolves on the broker\'s confirm', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('send');
    const queue = await admin.queueBoundTo(exchange, 'permits.apply');
    const connector = cleanup.connector(settings({ exchange, routingKey: 'permits.apply' }));
    const m = message();

    const result = await connector.send(m);

    expect(result).toEqual({ body: { messageId: m.idempotencyKey, exchange, routingKey: 'permits.apply' } });
    const got = await admin.take(queue);
    expect(JSON.parse(got.content.toString('utf8'))).toEqual(m.payload);
    expect(got.fields).toMatchObject({ exchange, routingKey: 'permits.apply' });
    expect(got.properties).toMatchObject({
      deliveryMode: 2,
      contentType: 'application/json',
      messageId: m.idempotencyKey,
      correlationId: m.idempotencyKey,
      appId: 'onewindow-hub',
      headers: { 'x-case-id': m.caseId, 'x-item-code': m.itemCode, 'x-system-id': m.systemId, 'x-attempt': 1 },
    });
    expect(got.properties.timestamp).toEqual(expect.any(Number));
    expect(got.properties.replyTo).toBeUndefined();
  });

  it('carries the same messageId on every attempt, and the attempt in x-attempt', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('attempts');
    const queue = await admin.queueBoundTo(exchange, 'permits.apply');
    const connector = cleanup.connector(settings({ exchange, routingKey: 'permits.apply' }));
    const m = message();

    await connector.send(m);
    await connector.send({ ...m, attempt: 2 });

    const first = await admin.take(queue);
    const second = await admin.take(queue);
    expect([first.properties.messageId, second.properties.messageId]).toEqual([m.idempotencyKey, m.idempotencyKey]);
    expect([first.properties.headers?.['x-attempt'], second.properties.headers?.['x-attempt']]).toEqual([1, 2]);
  });

  it('fills {itemCode} and {systemId} into the routing key', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('topic');
    const queue = await admin.queueBoundTo(exchange, 'cases.XK00201001.#', {}, 'topic');
    const connector = cleanup.connector(settings({ exchange, exchangeType: 'topic', routingKey: 'cases.{itemCode}.{systemId}' }));

    const result = await connector.send(message());

    expect(result.body).toMatchObject({ routingKey: 'cases.XK00201001.transport-permits' });
    expect((await admin.take(queue)).fields.routingKey).toBe('cases.XK00201001.transport-permits');
  });

  it('opens one connection on first need and reuses it for every send', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('reuse');
    const queue = await admin.queueBoundTo(exchange, 'k');
    const proxy = await cleanup.proxy();
    const connector = cleanup.connector(settings({ url: proxy.url, exchange, routingKey: 'k' }));
    expect(proxy.accepted).toBe(0); // lazily: nothing before the first send

    await Promise.all(Array.from({ length: 50 }, () => connector.send(message())));
    await connector.send(message());

    expect(proxy.accepted).toBe(1);
    expect(await admin.count(queue)).toBe(51);
  });

  it('declares the exchange durable when declare is true (the default)', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('declare');
    admin.track({ exchanges: [exchange] });
    const connector = cleanup.connector(settings({ exchange, routingKey: 'k' }));

    const error = await rejection(connector.send(message())); // declared, but nothing bound yet

    expect(error.code).toBe('OWH_SEND_REJECTED');
    expect(await admin.exchangeExists(exchange)).toBe(true);
    // Declaring it durable again is accepted: it was declared durable.
    await expect((await admin.ch()).assertExchange(exchange, 'direct', { durable: true })).resolves.toBeDefined();
  });

  it('refuses for good a message that no queue is bound to take (returned as unroutable), and delivers the next one', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('unroutable');
    await admin.queueBoundTo(exchange, 'permits.apply');
    const connector = cleanup.connector(settings({ exchange, routingKey: 'permits.nowhere' }));

    const error = await rejection(connector.send(message()));

    expect(error).toBeInstanceOf(OwhError);
    expect([error.code, error.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(error.message).toContain(`publish to exchange '${exchange}' (routing key 'permits.nowhere')`);
    expect(error.message).toContain('312 NO_ROUTE');
    expect(error.fix).toContain('bind its queue');

    const queue = await admin.queueBoundTo(exchange, 'permits.nowhere');
    await expect(connector.send(message())).resolves.toBeDefined();
    expect(await admin.count(queue)).toBe(1);
  });

  it('takes a nack (a full queue that refuses publishes) as retryable', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('nack');
    await admin.queueBoundTo(exchange, 'k', { maxLength: 0, overflow: 'reject-publish' });
    const connector = cleanup.connector(settings({ exchange, routingKey: 'k' }));

    const error = await rejection(connector.send(message()));

    expect([error.code, error.retryable]).toEqual(['OWH_SEND_SERVER_ERROR', true]);
    expect(error.message).toContain('refused the message (nack)');
  });

  it('refuses for good when the exchange does not exist and declare is false', async () => {
    const exchange = unique('missing');
    const connector = cleanup.connector(settings({ exchange, routingKey: 'k', declare: false }));

    const error = await rejection(connector.send(message()));

    expect([error.code, error.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(error.message).toContain(`exchange '${exchange}'`);
    expect(error.message).toContain('does not exist');
    expect(error.fix).toContain('declare: true');
  });

  it('refuses for good an exchange that exists with another type', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('type');
    await admin.queueBoundTo(exchange, 'k', {}, 'fanout');
    const connector = cleanup.connector(settings({ exchange, routingKey: 'k', exchangeType: 'direct' }));

    const error = await rejection(connector.send(message()));

    expect([error.code, error.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(error.message).toContain('other settings');
    expect(error.message).toContain('PRECONDITION_FAILED');
  });

  it('fails retryably, and at once, when the broker cannot be reached; then waits out the backoff without connecting', async () => {
    const connector = cleanup.connector(settings({ url: 'amqp://127.0.0.1:1', exchange: unique('away'), reconnect: { initialMs: 5000, maxMs: 10000 } }));

    const started = Date.now();
    const first = await rejection(connector.send(message()));
    expect(Date.now() - started).toBeLessThan(1000);
    expect([first.code, first.retryable]).toEqual(['OWH_SEND_NETWORK', true]);
    expect(first.message).toBe('connect to amqp://127.0.0.1:1/ failed: connection refused (ECONNREFUSED)');

    const second = await rejection(connector.send(message()));
    expect([second.code, second.retryable]).toEqual(['OWH_SEND_NETWORK', true]);
    expect(second.message).toMatch(/connection refused .*the connector tries to connect again in \d+ ms/);
    expect(second.retryAfterMs).toBeGreaterThan(3000);
  });

  it('never reconnects in a tight loop: attempts are spaced by the growing backoff', async () => {
    // A "broker" that takes each connection and drops it at once.
    let attempts = 0;
    const server = createServer((socket) => {
      attempts++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const connector = cleanup.connector(settings({ url: `amqp://127.0.0.1:${port}`, exchange: unique('loop'), reconnect: { initialMs: 100, maxMs: 400 } }));
      const outcomes: string[] = [];
      const until = Date.now() + 1500;
      while (Date.now() < until) {
        outcomes.push((await rejection(connector.send(message()))).code);
        await new Promise((r) => setTimeout(r, 5));
      }
      // Waits of 100, 200, 400, 400 … ms, each less up to a quarter of jitter: 5 to 7 attempts
      // fit into 1.5 s, where a tight loop would make one per send (hundreds).
      expect(outcomes.length).toBeGreaterThan(50);
      expect(attempts).toBeGreaterThanOrEqual(4);
      expect(attempts).toBeLessThanOrEqual(7);
      expect(new Set(outcomes)).toEqual(new Set(['OWH_SEND_NETWORK']));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a wrong password for good, without showing it', async () => {
    const connector = cleanup.connector(settings({ exchange: unique('login') }), {}, { OWH_AMQP_PASSWORD: 'not-the-password' });

    const error = await rejection(connector.send(message()));

    expect([error.code, error.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(error.message).toContain('refused the login of user \'guest\'');
    expect(error.message).not.toContain('not-the-password');
  });

  it('times out when the broker\'s confirm does not come in time (held back on the wire), and the message is still there', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('stall');
    const queue = await admin.queueBoundTo(exchange, 'k');
    const proxy = await cleanup.proxy();
    const connector = cleanup.connector(settings({ url: proxy.url, exchange, routingKey: 'k', confirmTimeoutMs: 300 }));
    await connector.send(message()); // connected
    proxy.holdReplies();

    const started = Date.now();
    const error = await rejection(connector.send(message()));
    const took = Date.now() - started;
    proxy.releaseReplies();

    expect([error.code, error.retryable]).toEqual(['OWH_SEND_TIMEOUT', true]);
    expect(error.message).toContain('did not confirm the message within 300 ms');
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(1500);
    // The broker did take it: sent at least once; the department dedupes by messageId.
    expect(await admin.count(queue)).toBe(2);
    await expect(connector.send(message())).resolves.toBeDefined();
  });

  it('ends an attempt the hub aborts as a retryable timeout', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('abort');
    await admin.queueBoundTo(exchange, 'k');
    const proxy = await cleanup.proxy();
    const connector = cleanup.connector(settings({ url: proxy.url, exchange, routingKey: 'k' }));
    await connector.send(message());
    proxy.holdReplies();
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('the hub is shutting down')), 50);

    const error = await rejection(connector.send(message(), controller.signal));
    proxy.releaseReplies();

    expect([error.code, error.retryable]).toEqual(['OWH_SEND_TIMEOUT', true]);
    expect(error.message).toContain('aborted by the hub');
    expect(error.message).toContain('the hub is shutting down');
  });

  it('refuses a payload that cannot be written as JSON, before publishing', async () => {
    const connector = cleanup.connector(settings({ url: 'amqp://127.0.0.1:1', exchange: unique('json') }));
    const error = await rejection(connector.send(message({ payload: { amount: BigInt(1) } })));
    expect([error.code, error.retryable]).toEqual(['OWH_MAPPING_FAILED', false]);
  });
});
