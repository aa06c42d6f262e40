import iconv from 'iconv-lite';
import { channelError, openError, PublishTarget } from '../../../../adapters/amqp/classify';
import { ReconnectBackoff } from '../../../../adapters/amqp/reconnect-backoff';
import { caseIdOf, isRefusal, parseReply } from '../../../../adapters/amqp/result-consumer';
import { OwhError } from '../../../../src/errors/owh-error';

const props = (p: Record<string, unknown>) => ({ properties: p as never });

describe('amqp adapter: reading replies', () => {
  it.each([
    [{ correlationId: 'NB-2026-000123:transport-permits' }, 'NB-2026-000123'],
    [{ correlationId: 'NB:2026:7:transport-permits' }, 'NB:2026:7'], // the part before the LAST ':'
    [{ correlationId: 'NB-2026-000123' }, 'NB-2026-000123'],
    [{ correlationId: ':transport-permits', headers: { 'x-case-id': 'NB-2026-000124' } }, 'NB-2026-000124'],
    [{ headers: { 'x-case-id': 'NB-2026-000125' } }, 'NB-2026-000125'],
    [{ headers: { 'x-case-id': Buffer.from('NB-2026-000126') } }, 'NB-2026-000126'],
    [{ correlationId: 'NB-2026-000127:transport-permits', headers: { 'x-case-id': 'ignored' } }, 'NB-2026-000127'],
    [{}, undefined],
    [{ headers: {} }, undefined],
  ])('takes the case id of %j as %s', (properties, expected) => {
    expect(caseIdOf(props(properties))).toBe(expected);
  });

  it('parses JSON in UTF-8, or in the charset the content type names', () => {
    expect(parseReply({ content: Buffer.from('{"jg":"准予许可"}'), ...props({}) })).toEqual({ jg: '准予许可' });
    expect(parseReply({ content: iconv.encode('{"jg":"准予许可"}', 'gbk'), ...props({ contentType: 'application/json; charset=GBK' }) })).toEqual({ jg: '准予许可' });
  });

  it.each([
    [Buffer.from('not json'), /not valid JSON/],
    [Buffer.from(''), /it is empty/],
    [Buffer.from([0xff, 0xfe, 0x7b]), /not valid UTF-8/],
  ])('refuses an unreadable reply (%s)', (content, message) => {
    expect(() => parseReply({ content, ...props({}) })).toThrow(message);
  });

  it('tells the hub\'s refusals (set aside) from its failures to store (try again)', () => {
    for (const code of ['OWH_RESULT_INVALID', 'OWH_RESULT_CONFLICT', 'OWH_CASE_NOT_FOUND', 'OWH_AUTH_FORBIDDEN'] as const) {
      expect({ code, refusal: isRefusal(new OwhError(code)) }).toEqual({ code, refusal: true });
    }
    expect(isRefusal(new OwhError('OWH_INTERNAL'))).toBe(false);
    expect(isRefusal(new Error('SQLITE_BUSY'))).toBe(false);
    expect(isRefusal(undefined)).toBe(false);
  });
});

describe('amqp adapter: classifying broker errors', () => {
  const target: PublishTarget = { address: 'amqp://127.0.0.1:5672/', exchange: 'owh.transport', routingKey: 'permits.apply', declare: true, username: 'owh', vhost: '/' };
  const closed = (code: number, text: string) => Object.assign(new Error(`Channel closed by server: ${code} (X) with message "${text}"`), { code });

  it('a deleted exchange is retryable when the hub declares it (the next connection declares it again), permanent when it may not', () => {
    const error = closed(404, "NOT_FOUND - no exchange 'owh.transport' in vhost '/'");
    expect([channelError(error, target).code, channelError(error, target).retryable]).toEqual(['OWH_SEND_NETWORK', true]);
    expect([channelError(error, { ...target, declare: false }).code, channelError(error, { ...target, declare: false }).retryable]).toEqual(['OWH_SEND_REJECTED', false]);
  });

  it('an exchange with other settings and a forbidden operation are permanent; anything else the broker closes is retryable', () => {
    expect(channelError(closed(406, 'PRECONDITION_FAILED - inequivalent arg'), target).code).toBe('OWH_SEND_REJECTED');
    expect(channelError(closed(403, 'ACCESS_REFUSED - access to exchange'), target).code).toBe('OWH_SEND_REJECTED');
    expect(channelError(closed(541, 'INTERNAL_ERROR'), target).code).toBe('OWH_SEND_NETWORK');
  });

  it('a connection that times out while opening is a timeout; an unknown vhost is permanent', () => {
    expect(openError(new Error('connect ETIMEDOUT'), 'connect to amqp://10.0.0.1:5672/', target, 2000)).toMatchObject({ code: 'OWH_SEND_TIMEOUT', message: 'connect to amqp://10.0.0.1:5672/: the broker did not answer within 2000 ms' });
    const vhost = openError(new Error('Expected ConnectionOpenOk; got <ConnectionClose channel:0>'), 'connect to amqp://127.0.0.1:5672/zwfw', { ...target, vhost: 'zwfw' }, 2000);
    expect([vhost.code, vhost.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(vhost.message).toContain("vhost 'zwfw'");
  });

  it('masks personal data the broker echoes back', () => {
    const error = openError(new Error('socket hang up near 330203199001011234'), 'connect to amqp://127.0.0.1:5672/', target, 2000);
    expect(error.message).toContain('330203********1234');
  });
});

describe('amqp adapter: reconnect backoff', () => {
  it('waits initialMs after the first failure, doubles up to maxMs, with a quarter of jitter, and resets on success', () => {
    let now = 1000;
    const backoff = new ReconnectBackoff(500, 3000, () => now, () => 1);
    expect(backoff.waitMs()).toBe(0);
    expect([backoff.failed(new Error('a')), backoff.failed(new Error('b')), backoff.failed(new Error('c')), backoff.failed(new Error('d')), backoff.failed(new Error('e'))]).toEqual([500, 1000, 2000, 3000, 3000]);
    expect(backoff.waitMs()).toBe(3000);
    now += 1000;
    expect(backoff.waitMs()).toBe(2000);
    expect(backoff.lastError?.message).toBe('e');
    backoff.succeeded();
    expect([backoff.waitMs(), backoff.failures, backoff.lastError]).toEqual([0, 0, undefined]);
    expect(backoff.failed(new Error('f'))).toBe(500);

    const low = new ReconnectBackoff(500, 3000, () => now, () => 0);
    expect(low.failed(new Error('x'))).toBe(375); // three quarters fixed, one quarter random
  });
});
