import type { OutboundMessage } from '../../../../src/adapters/contract';
import { OwhError } from '../../../../src/errors/owh-error';
import { Cleanup, describeWithBroker, message, rejection, settings, unique } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** A message about a case other than the case itself, keyed as the hub keys them. */
function operationMessage(operation: string, ref: string, payload: unknown = { opinion: 'agree', reason: '材料齐全' }): OutboundMessage {
  const m = message();
  return { ...m, operation, idempotencyKey: `${m.caseId}:${m.systemId}:${operation}:${ref}`, payload };
}

describeWithBroker('amqp adapter: other messages about a case (real broker)', () => {
  it('publishes an opinion like the case, its operation in type and x-owh-operation; the case says type case', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('op-type');
    const queue = await admin.queueBoundTo(exchange, 'permits.apply');
    const connector = cleanup.connector(settings({ exchange, routingKey: 'permits.apply' }));
    const theCase = message();
    const opinion = operationMessage('opinion', 'R-1');

    await connector.send(theCase);
    const result = await connector.send(opinion);

    expect(result).toEqual({ body: { messageId: opinion.idempotencyKey, exchange, routingKey: 'permits.apply' } });
    const first = await admin.take(queue);
    const second = await admin.take(queue);
    expect(first.properties).toMatchObject({ type: 'case', messageId: theCase.idempotencyKey, headers: { 'x-owh-operation': 'case', 'x-case-id': theCase.caseId } });
    expect(second.properties).toMatchObject({
      type: 'opinion',
      deliveryMode: 2,
      contentType: 'application/json',
      messageId: opinion.idempotencyKey,
      correlationId: opinion.idempotencyKey,
      appId: 'onewindow-hub',
      headers: { 'x-owh-operation': 'opinion', 'x-case-id': opinion.caseId, 'x-item-code': opinion.itemCode, 'x-system-id': opinion.systemId, 'x-attempt': 1 },
    });
    expect(JSON.parse(second.content.toString('utf8'))).toEqual(opinion.payload);
  });

  it('routes an operation by its own routingKey, with {operation} filled in', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('op-route');
    const cases = await admin.queueBoundTo(exchange, 'cases.XK00201001', {}, 'topic');
    const opinions = await admin.queueBoundTo(exchange, 'permits.opinion', {}, 'topic');
    const supplements = await admin.queueBoundTo(exchange, 'cases.XK00201001.supplement', {}, 'topic');
    const connector = cleanup.connector(settings({
      exchange,
      exchangeType: 'topic',
      routingKey: 'cases.{itemCode}',
      operations: { opinion: { routingKey: 'permits.opinion' }, supplement: { routingKey: 'cases.{itemCode}.{operation}' } },
    }));

    await connector.send(message());
    const opinion = await connector.send(operationMessage('opinion', 'R-2'));
    const supplement = await connector.send(operationMessage('supplement', 'BZ-1', { supplementId: 'BZ-1', materials: [] }));

    expect(opinion.body).toMatchObject({ routingKey: 'permits.opinion' });
    expect(supplement.body).toMatchObject({ routingKey: 'cases.XK00201001.supplement' });
    expect((await admin.take(cases)).properties.type).toBe('case');
    expect((await admin.take(opinions)).properties.type).toBe('opinion');
    expect((await admin.take(supplements)).properties.type).toBe('supplement');
    expect([await admin.count(cases), await admin.count(opinions), await admin.count(supplements)]).toEqual([0, 0, 0]);
  });

  it('publishes an operation to its own exchange, declared on first use', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('op-main');
    const opinionsExchange = unique('op-opinions');
    admin.track({ exchanges: [opinionsExchange] });
    const cases = await admin.queueBoundTo(exchange, 'k');
    const connector = cleanup.connector(settings({ exchange, routingKey: 'k', operations: { opinion: { exchange: opinionsExchange, routingKey: 'lead' } } }));

    await connector.send(message()); // opens the connection; the operation's exchange is not there yet
    expect(await admin.exchangeExists(opinionsExchange)).toBe(false);
    const unbound = await rejection(connector.send(operationMessage('opinion', 'R-3')));
    expect(await admin.exchangeExists(opinionsExchange)).toBe(true);
    const opinions = await admin.queueBoundTo(opinionsExchange, 'lead');
    const result = await connector.send(operationMessage('opinion', 'R-4'));

    expect([unbound.code, unbound.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(unbound.message).toContain(`publish to exchange '${opinionsExchange}' (routing key 'lead')`);
    expect(result.body).toMatchObject({ exchange: opinionsExchange, routingKey: 'lead' });
    expect((await admin.take(opinions)).properties).toMatchObject({ type: 'opinion', headers: { 'x-owh-operation': 'opinion' } });
    expect(await admin.count(cases)).toBe(1);
  });

  it('refuses for good an operation whose exchange does not exist (declare: false), and keeps sending the case; health says degraded', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('op-nodeclare');
    const missing = unique('op-missing');
    const cases = await admin.queueBoundTo(exchange, 'k');
    const connector = cleanup.connector(settings({ exchange, routingKey: 'k', declare: false, operations: { opinion: { exchange: missing } } }));

    const [opinion, theCase] = await Promise.allSettled([connector.send(operationMessage('opinion', 'R-5')), connector.send(message())]);
    await connector.send(message());
    const health = await connector.health();

    expect(opinion.status).toBe('rejected');
    const error = (opinion as PromiseRejectedResult).reason as OwhError;
    expect([error.code, error.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(error.message).toContain(`exchange '${missing}'`);
    expect(error.message).toContain('does not exist');
    expect(theCase.status).toBe('fulfilled');
    expect(await admin.count(cases)).toBe(2);
    expect(health.state).toBe('degraded');
    expect(health.detail).toContain(`exchange '${missing}'`);
    expect(await admin.exchangeExists(missing)).toBe(false);
  });

  it('refuses an operation named case, which would look like the case itself', async () => {
    const admin = await cleanup.adminHand();
    const exchange = unique('op-case');
    const queue = await admin.queueBoundTo(exchange, 'k');
    const connector = cleanup.connector(settings({ exchange, routingKey: 'k' }));

    const error = await rejection(connector.send(operationMessage('case', 'X')));

    expect([error.code, error.retryable]).toEqual(['OWH_OPERATION_UNKNOWN', false]);
    expect(await admin.count(queue)).toBe(0);
  });
});
