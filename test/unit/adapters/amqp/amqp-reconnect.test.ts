import {
  brokerConnections,
  Cleanup,
  describeWithBroker,
  eventually,
  killConnections,
  message,
  rabbitmqctlWorks,
  rejection,
  ScriptedSink,
  settings,
  unique,
} from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const withRabbitmqctl = rabbitmqctlWorks();

describeWithBroker('amqp adapter: lost connections (real broker)', () => {
  (withRabbitmqctl ? it : it.skip)(
    'after the broker closes its connections, the next send fails retryably, a later one succeeds, and the consumer comes back',
    async () => {
      const admin = await cleanup.adminHand();
      const exchange = unique('killed');
      const replyQueue = `${exchange}.replies`;
      admin.track({ exchanges: [`${replyQueue}.dlx`], queues: [replyQueue, `${replyQueue}.dead`] });
      const queue = await admin.queueBoundTo(exchange, 'k');
      const sink = new ScriptedSink();
      const connectorId = `amqp-killed-${unique('id').slice(-8)}`;
      // A first wait long enough to outlast rabbitmqctl's own start-up, so "the next send" is
      // surely inside it; the connector tries again after it.
      const connector = cleanup.connector(settings({ exchange, routingKey: 'k', replyQueue, reconnect: { initialMs: 4000, maxMs: 8000 } }), { connectorId, results: sink });
      await connector.start!();
      await connector.send(message());
      expect((await brokerConnections(`onewindow-hub ${connectorId}`)).map((c) => c.name).sort()).toEqual([`onewindow-hub ${connectorId}`, `onewindow-hub ${connectorId} results`]);

      expect(await killConnections(`onewindow-hub ${connectorId}`)).toBe(2);

      const next = await rejection(connector.send(message()));
      expect([next.code, next.retryable]).toEqual(['OWH_SEND_NETWORK', true]);
      expect(next.message).toContain('CONNECTION_FORCED');
      expect((await connector.health()).state).toBe('down');

      const later = message();
      await eventually(async () => ((await connector.send(later).then(() => true, () => false)) ? true : undefined), 15000, 'a send after the reconnect');
      expect(await admin.count(queue)).toBe(2);

      await admin.reply(replyQueue, JSON.stringify({ ywlsh: later.caseId, jg: 'accepted' }), { correlationId: later.idempotencyKey });
      expect((await eventually(() => sink.calls[0], 15000, 'the consumer back')).caseId).toBe(later.caseId);
      expect((await connector.health()).state).toBe('up');
    },
    40000,
  );

  it('when the network to the broker is cut, sends fail retryably and health is down; when it is back, both work again, results too', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('cut');
    const replyQueue = `${exchange}.replies`;
    admin.track({ exchanges: [`${replyQueue}.dlx`], queues: [replyQueue, `${replyQueue}.dead`] });
    const queue = await admin.queueBoundTo(exchange, 'k');
    const proxy = await cleanup.proxy();
    const sink = new ScriptedSink();
    const connector = cleanup.connector(settings({ url: proxy.url, exchange, routingKey: 'k', replyQueue, reconnect: { initialMs: 100, maxMs: 400 } }), { results: sink });
    await connector.start!();
    await connector.send(message());
    expect((await connector.health()).state).toBe('up');

    await proxy.stop();

    const down = await eventually(async () => {
      const r = await connector.health();
      return r.state === 'down' ? r : undefined;
    }, 5000, 'health down');
    expect(down.detail).toMatch(/lost|refused/);
    const error = await rejection(connector.send(message()));
    expect([error.code, error.retryable]).toEqual(['OWH_SEND_NETWORK', true]);

    await proxy.restart();

    await eventually(async () => {
      const r = await connector.health();
      return r.state === 'up' && r.detail.includes('consuming reply queue') ? r : undefined;
    }, 10000, 'health up, results consumed');
    const m = message();
    await connector.send(m);
    expect(await admin.count(queue)).toBe(2);
    await admin.reply(replyQueue, JSON.stringify({ ywlsh: m.caseId }), { correlationId: m.idempotencyKey });
    expect((await eventually(() => sink.calls[0], 5000, 'a result after the cut')).caseId).toBe(m.caseId);
  });

  it('fails a send waiting for its confirm when the connection drops, as retryable', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('inflight');
    await admin.queueBoundTo(exchange, 'k');
    const proxy = await cleanup.proxy();
    const connector = cleanup.connector(settings({ url: proxy.url, exchange, routingKey: 'k', confirmTimeoutMs: 10000 }));
    await connector.send(message());
    proxy.holdReplies();

    const pending = rejection(connector.send(message()));
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await proxy.stop();
    const error = await pending;

    expect(Date.now() - started).toBeLessThan(2000); // not the 10 s confirm timeout
    expect([error.code, error.retryable]).toEqual(['OWH_SEND_NETWORK', true]);
    expect(error.message).toContain('the connection to the broker was lost before the broker confirmed the message');
  });
});
