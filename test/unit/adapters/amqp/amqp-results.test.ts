import iconv from 'iconv-lite';
import { OwhError } from '../../../../src/errors/owh-error';
import type { ErrorCode } from '../../../../src/errors/catalogue';
import { Admin, Cleanup, describeWithBroker, eventually, message, ScriptedSink, settings, sleep, unique } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** A reply queue of its own, and everything the connector declares for it, deleted after the test. */
function replyTopology(admin: Admin, deadLetterExchange?: string): { exchange: string; replyQueue: string; deadQueue: string } {
  const exchange = unique('results');
  const replyQueue = `${exchange}.replies`;
  const deadQueue = `${replyQueue}.dead`;
  admin.track({ exchanges: [exchange, deadLetterExchange ?? `${replyQueue}.dlx`], queues: [replyQueue, deadQueue] });
  return { exchange, replyQueue, deadQueue };
}

const reply = (caseId: string) => JSON.stringify({ ywlsh: caseId, jg: 'accepted', slsj: '2026-11-28 09:30:00' });

describeWithBroker('amqp adapter: results from the reply queue (real broker)', () => {
  it('hands each reply to the hub with the case id from its correlationId, and acknowledges it once stored', async () => {
    const admin = await cleanup.adminHand();
    const { exchange, replyQueue, deadQueue } = replyTopology(admin);
    const sink = new ScriptedSink();
    const connector = cleanup.connector(settings({ exchange, replyQueue }), { results: sink });
    await connector.start!();

    await admin.reply(replyQueue, reply('NB-2026-000123'), { correlationId: 'NB-2026-000123:transport-permits', contentType: 'application/json' });

    const got = await eventually(() => sink.calls[0], 5000, 'the reply handed to the hub');
    expect(got).toEqual({ caseId: 'NB-2026-000123', body: { ywlsh: 'NB-2026-000123', jg: 'accepted', slsj: '2026-11-28 09:30:00' } });
    await connector.close(); // anything unacknowledged would go back to the queue now
    expect(await admin.count(replyQueue)).toBe(0);
    expect(await admin.count(deadQueue)).toBe(0);
  });

  it('acknowledges only after the hub has stored the result: a reply whose storing was cut off comes again', async () => {
    const admin = await cleanup.adminHand();
    const { exchange, replyQueue } = replyTopology(admin);
    const proxy = await cleanup.proxy();
    const sink = new ScriptedSink();
    let storing: (() => void) | undefined;
    sink.answer = () => new Promise<void>((resolve) => (storing = resolve)); // the hub takes its time
    const connector = cleanup.connector(settings({ url: proxy.url, exchange, replyQueue }), { results: sink });
    await connector.start!();
    await admin.reply(replyQueue, reply('NB-2026-000124'), { correlationId: 'NB-2026-000124:transport-permits' });
    await eventually(() => storing, 5000, 'the hub to be storing the reply');

    await proxy.stop(); // the connection drops while the hub is still storing

    // Not acknowledged: the broker puts it back on the queue.
    await eventually(async () => ((await admin.count(replyQueue)) === 1 ? true : undefined), 5000, 'the reply back on the queue');
    storing!(); // the first try finishes after all; its ack has nowhere to go
    sink.answer = () => undefined;
    await proxy.restart();
    await eventually(() => (sink.calls.length === 2 ? true : undefined), 10000, 'the reply handed over again');
    expect(sink.calls[1].caseId).toBe('NB-2026-000124');
    await connector.close();
    expect(await admin.count(replyQueue)).toBe(0);
  });

  it('takes the case id from the x-case-id header without a correlationId, and leaves it to the result mapping without either', async () => {
    const admin = await cleanup.adminHand();
    const { exchange, replyQueue } = replyTopology(admin);
    const sink = new ScriptedSink();
    const connector = cleanup.connector(settings({ exchange, replyQueue }), { results: sink });
    await connector.start!();

    await admin.reply(replyQueue, reply('NB-2026-000125'), { headers: { 'x-case-id': 'NB-2026-000125' } });
    await admin.reply(replyQueue, reply('NB-2026-000126'));

    await eventually(() => (sink.calls.length === 2 ? true : undefined), 5000, 'both replies');
    expect(sink.calls.map((c) => c.caseId).sort()).toEqual([undefined, 'NB-2026-000125'].sort());
    expect(sink.calls.find((c) => c.caseId === undefined)).toEqual({ body: expect.objectContaining({ ywlsh: 'NB-2026-000126' }) });
  });

  it.each<ErrorCode>(['OWH_RESULT_INVALID', 'OWH_RESULT_CONFLICT', 'OWH_CASE_NOT_FOUND', 'OWH_AUTH_FORBIDDEN'])(
    'sets aside on the dead-letter exchange a reply the hub refuses (%s), never dropping it',
    async (code) => {
      const admin = await cleanup.adminHand();
      const { exchange, replyQueue, deadQueue } = replyTopology(admin);
      const sink = new ScriptedSink();
      sink.answer = () => {
        throw new OwhError(code, { message: 'refused by the test' });
      };
      const connector = cleanup.connector(settings({ exchange, replyQueue }), { results: sink });
      await connector.start!();

      await admin.reply(replyQueue, reply('NB-2026-000127'), { correlationId: 'NB-2026-000127:transport-permits', messageId: 'reply-127' });

      const dead = await admin.take(deadQueue);
      expect(JSON.parse(dead.content.toString('utf8'))).toMatchObject({ ywlsh: 'NB-2026-000127' });
      expect(dead.properties.messageId).toBe('reply-127');
      expect(dead.properties.headers?.['x-death']?.[0]).toMatchObject({ reason: 'rejected', queue: replyQueue });
      expect(sink.calls).toHaveLength(1); // handed over once, not retried
      await connector.close();
      expect(await admin.count(replyQueue)).toBe(0);
    },
  );

  it('sets aside a reply that cannot be parsed, without handing it to the hub', async () => {
    const admin = await cleanup.adminHand();
    const { exchange, replyQueue, deadQueue } = replyTopology(admin);
    const sink = new ScriptedSink();
    const connector = cleanup.connector(settings({ exchange, replyQueue }), { results: sink });
    await connector.start!();

    await admin.reply(replyQueue, '<jg>accepted</jg>', { correlationId: 'NB-2026-000128:transport-permits' });
    await admin.reply(replyQueue, Buffer.from([0xff, 0xfe, 0x7b]), { correlationId: 'NB-2026-000129:transport-permits' });

    expect((await admin.take(deadQueue)).content.toString('utf8')).toBe('<jg>accepted</jg>');
    expect((await admin.take(deadQueue)).properties.correlationId).toBe('NB-2026-000129:transport-permits');
    expect(sink.calls).toHaveLength(0);
  });

  it('reads a reply in the charset its content type names (GB18030 from an older system)', async () => {
    const admin = await cleanup.adminHand();
    const { exchange, replyQueue } = replyTopology(admin);
    const sink = new ScriptedSink();
    const connector = cleanup.connector(settings({ exchange, replyQueue }), { results: sink });
    await connector.start!();

    const text = JSON.stringify({ ywlsh: 'NB-2026-000130', jg: '准予许可', jgsm: '道路运输经营许可证已核发' });
    await admin.reply(replyQueue, iconv.encode(text, 'gb18030'), { correlationId: 'NB-2026-000130:transport-permits', contentType: 'application/json; charset=GB18030' });

    const got = await eventually(() => sink.calls[0], 5000, 'the reply');
    expect(got.body).toEqual({ ywlsh: 'NB-2026-000130', jg: '准予许可', jgsm: '道路运输经营许可证已核发' });
  });

  it('puts a reply back on the queue when the hub cannot store it now, and stores it when the hub can', async () => {
    const admin = await cleanup.adminHand();
    const { exchange, replyQueue, deadQueue } = replyTopology(admin);
    const sink = new ScriptedSink();
    let failures = 0;
    sink.answer = () => {
      if (failures++ < 2) throw new Error('SQLITE_BUSY: database is locked');
    };
    const connector = cleanup.connector(settings({ exchange, replyQueue, reconnect: { initialMs: 100, maxMs: 1000 } }), { results: sink });
    await connector.start!();

    await admin.reply(replyQueue, reply('NB-2026-000131'), { correlationId: 'NB-2026-000131:transport-permits' });

    await eventually(() => (sink.calls.length === 3 ? true : undefined), 5000, 'the third try');
    expect(sink.calls.every((c) => c.caseId === 'NB-2026-000131')).toBe(true);
    await sleep(100);
    await connector.close();
    expect(await admin.count(replyQueue)).toBe(0);
    expect(await admin.count(deadQueue)).toBe(0);
  });

  it('dead-letters through the configured deadLetterExchange', async () => {
    const admin = await cleanup.adminHand();
    const deadLetterExchange = unique('dlx');
    const { exchange, replyQueue, deadQueue } = replyTopology(admin, deadLetterExchange);
    const connector = cleanup.connector(settings({ exchange, replyQueue, deadLetterExchange }), { results: new ScriptedSink() });
    await connector.start!();

    await admin.reply(replyQueue, 'not json');

    const dead = await admin.take(deadQueue);
    expect(dead.fields.exchange).toBe(deadLetterExchange);
  });

  it('tells the department where to answer: replyTo is the reply queue', async () => {
    const admin = await cleanup.adminHand();
    const { exchange, replyQueue } = replyTopology(admin);
    const queue = await admin.queueBoundTo(exchange, 'permits.apply');
    const connector = cleanup.connector(settings({ exchange, routingKey: 'permits.apply', replyQueue }));

    await connector.send(message());

    expect((await admin.take(queue)).properties.replyTo).toBe(replyQueue);
  });

  it('with declare: false, consumes a reply queue the broker\'s owner declared, and says so when it is missing', async () => {
    const admin = await cleanup.adminHand();
    const { exchange, replyQueue } = replyTopology(admin);
    await admin.queueBoundTo(exchange, 'k'); // the exchange exists
    const missing = cleanup.connector(settings({ exchange, replyQueue, declare: false }), { results: new ScriptedSink() });
    await missing.start!();
    const report = await missing.health();
    expect(report.state).toBe('degraded');
    expect(report.detail).toContain(`not consuming reply queue '${replyQueue}'`);
    expect(report.detail).toContain(`NOT_FOUND - no queue '${replyQueue}'`);
    await missing.close();

    await (await admin.ch()).assertQueue(replyQueue, { durable: true });
    const sink = new ScriptedSink();
    const connector = cleanup.connector(settings({ exchange, replyQueue, declare: false }), { results: sink });
    await connector.start!();
    await admin.reply(replyQueue, reply('NB-2026-000132'), { correlationId: 'NB-2026-000132:transport-permits' });
    await eventually(() => sink.calls[0], 5000, 'the reply');
    expect(await admin.exchangeExists(`${replyQueue}.dlx`)).toBe(false);
  });

  it('starts without failing while the broker is away, and consumes once it is back', async () => {
    const admin = await cleanup.adminHand();
    const { exchange, replyQueue } = replyTopology(admin);
    const proxy = await cleanup.proxy();
    await proxy.stop();
    const sink = new ScriptedSink();
    const connector = cleanup.connector(settings({ url: proxy.url, exchange, replyQueue, reconnect: { initialMs: 100, maxMs: 400 } }), { results: sink });

    await expect(connector.start!()).resolves.toBeUndefined();
    expect((await connector.health()).state).toBe('down');

    await proxy.restart();
    await eventually(async () => {
      const r = await connector.health();
      return r.state === 'up' && r.detail.includes('consuming reply queue') ? r : undefined;
    }, 10000, 'health up and consuming');
    await admin.reply(replyQueue, reply('NB-2026-000133'), { correlationId: 'NB-2026-000133:transport-permits' });
    expect((await eventually(() => sink.calls[0], 5000, 'the reply')).caseId).toBe('NB-2026-000133');
  });
});
