import { OwhError } from '../../../../src/errors/owh-error';
import { parseRetryAfter, transportError } from '../../../../adapters/rest/classify';
import { Cleanup, json, message, rejection, TestServer } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function failure(settings: Record<string, unknown>): Promise<OwhError> {
  const connector = cleanup.connector(settings);
  const error = await rejection(connector.send(message()));
  expect(error).toBeInstanceOf(OwhError);
  return error as OwhError;
}

describe('rest adapter: timeouts', () => {
  it('ends a request the server never answers with OWH_SEND_TIMEOUT within about timeoutMs', async () => {
    const server = await cleanup.server(() => undefined);
    const started = Date.now();

    const error = await failure({ baseUrl: server.baseUrl, path: '/api/cases', timeoutMs: 300 });

    const elapsed = Date.now() - started;
    expect(error.code).toBe('OWH_SEND_TIMEOUT');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`POST ${server.baseUrl}/api/cases did not answer within 300 ms`);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1500);
  });

  it('uses the delivery policy\'s default timeout when the connector sets none', async () => {
    const server = await cleanup.server(() => undefined);
    const connector = cleanup.connector({ baseUrl: server.baseUrl }, {}, { defaultTimeoutMs: 200 });
    const started = Date.now();

    const error = await rejection(connector.send(message()));

    expect(error.code).toBe('OWH_SEND_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('ends promptly when the server sends headers and part of the body, then stalls', async () => {
    const server = await cleanup.server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"sljg":"acc');
    });
    const started = Date.now();

    const error = await failure({ baseUrl: server.baseUrl, timeoutMs: 300 });

    expect(['OWH_SEND_TIMEOUT', 'OWH_SEND_NETWORK']).toContain(error.code);
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('ends when the caller aborts, with a retryable error', async () => {
    const server = await cleanup.server(() => undefined);
    const connector = cleanup.connector({ baseUrl: server.baseUrl, timeoutMs: 10000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('hub shutting down')), 50);

    const error = await rejection(connector.send(message(), controller.signal));

    expect(error).toBeInstanceOf(OwhError);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('aborted');
  });

  it('treats 408 as a timeout', async () => {
    const server = await cleanup.server((_req, res) => json(res, 408, {}));
    const error = await failure({ baseUrl: server.baseUrl });
    expect(error.code).toBe('OWH_SEND_TIMEOUT');
  });
});

describe('rest adapter: answers classified', () => {
  it.each([500, 502, 503, 425])('treats %i as a retryable server error', async (status) => {
    const server = await cleanup.server((_req, res) => json(res, status, { error: 'down for maintenance' }));

    const error = await failure({ baseUrl: server.baseUrl, path: '/api/cases' });

    expect(error.code).toBe('OWH_SEND_SERVER_ERROR');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`POST ${server.baseUrl}/api/cases returned ${status}: {"error":"down for maintenance"}`);
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('reads Retry-After on a 503', async () => {
    const server = await cleanup.server((_req, res) => json(res, 503, {}, { 'Retry-After': '120' }));
    const error = await failure({ baseUrl: server.baseUrl });
    expect(error.code).toBe('OWH_SEND_SERVER_ERROR');
    expect(error.retryAfterMs).toBe(120_000);
  });

  it('treats 429 as rate limited, with Retry-After in seconds', async () => {
    const server = await cleanup.server((_req, res) => json(res, 429, { error: 'slow down' }, { 'Retry-After': '7' }));
    const error = await failure({ baseUrl: server.baseUrl });
    expect(error.code).toBe('OWH_SEND_RATE_LIMITED');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(7000);
  });

  it('treats 429 as rate limited, with Retry-After as an HTTP date', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 30_000);
    const server = await cleanup.server((_req, res) => json(res, 429, {}, { 'Retry-After': at.toUTCString() }));

    const error = await failure({ baseUrl: server.baseUrl });

    expect(error.code).toBe('OWH_SEND_RATE_LIMITED');
    expect(error.retryAfterMs).toBeGreaterThan(25_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(31_000);
  });

  it('parses Retry-After forms and ignores what it cannot read', () => {
    const now = Date.parse('2026-11-28T01:30:00Z');
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 5 ', now)).toBe(5000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 01:31:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 01:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it.each([400, 404, 422])('treats %i as rejected for good, quoting the answer with ID numbers masked', async (status) => {
    const server = await cleanup.server((_req, res) =>
      json(res, status, { code: 'E1001', message: '申请人身份证号 33020319900101123X 与姓名不符，联系电话 13812345678' }),
    );

    const error = await failure({ baseUrl: server.baseUrl, path: '/api/sl/sqxx' });

    expect(error.code).toBe('OWH_SEND_REJECTED');
    expect(error.retryable).toBe(false);
    expect(error.message.startsWith(`POST ${server.baseUrl}/api/sl/sqxx returned ${status}: {"code":"E1001"`)).toBe(true);
    expect(error.message).toContain('330203********123X');
    expect(error.message).toContain('138****5678');
    expect(error.message).not.toContain('33020319900101123X');
    expect(error.message).not.toContain('13812345678');
  });

  it('quotes at most 300 characters of the answer and never the auth header', async () => {
    const server = await cleanup.server((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('x'.repeat(5000));
    });
    const connector = cleanup.connector({ baseUrl: server.baseUrl, auth: { type: 'bearer', token: { env: 'OWH_T' } } }, { OWH_T: 'tok-very-secret' });

    const error = await rejection(connector.send(message()));

    expect(error.code).toBe('OWH_SEND_REJECTED');
    expect(error.message).toMatch(/returned 400: x{300}…$/);
    expect(JSON.stringify({ message: error.message, fix: error.fix })).not.toContain('tok-very-secret');
  });

  it('does not follow a redirect: it is rejected with a fix naming where it points', async () => {
    const server = await cleanup.server((_req, res) => {
      res.writeHead(301, { location: 'http://new.example/api' });
      res.end();
    });
    const error = await failure({ baseUrl: server.baseUrl });
    expect(error.code).toBe('OWH_SEND_REJECTED');
    expect(error.fix).toContain('http://new.example/api');
  });

  it('fails a 2xx whose JSON content-type holds invalid JSON as a bad response', async () => {
    const server = await cleanup.server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"sljg": accepted');
    });
    const error = await failure({ baseUrl: server.baseUrl });
    expect(error.code).toBe('OWH_SEND_BAD_RESPONSE');
    expect(error.retryable).toBe(false);
  });

  it('fails an answer over maxResponseBytes as a bad response (declared length)', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, { data: 'y'.repeat(4096) }));
    const error = await failure({ baseUrl: server.baseUrl, maxResponseBytes: 1024 });
    expect(error.code).toBe('OWH_SEND_BAD_RESPONSE');
    expect(error.message).toContain('maxResponseBytes (1024 bytes)');
  });

  it('fails an answer over maxResponseBytes as a bad response (chunked, no length)', async () => {
    const server = await cleanup.server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 64; i++) res.write('z'.repeat(1024));
      res.end();
    });
    const error = await failure({ baseUrl: server.baseUrl, maxResponseBytes: 4096 });
    expect(error.code).toBe('OWH_SEND_BAD_RESPONSE');
  });
});

describe('rest adapter: network failures', () => {
  it('classifies a connection the server destroys as OWH_SEND_NETWORK', async () => {
    const server = await cleanup.server((req) => req.socket.destroy());
    const error = await failure({ baseUrl: server.baseUrl });
    expect(error.code).toBe('OWH_SEND_NETWORK');
    expect(error.retryable).toBe(true);
  });

  it('classifies an unreachable port as OWH_SEND_NETWORK', async () => {
    const closed = await new TestServer(() => undefined).start();
    const port = closed.port;
    await closed.stop();

    const error = await failure({ baseUrl: `http://127.0.0.1:${port}`, path: '/api/cases' });

    expect(error.code).toBe('OWH_SEND_NETWORK');
    expect(error.message).toBe(`POST http://127.0.0.1:${port}/api/cases failed: connection refused (ECONNREFUSED)`);
  });

  it('classifies an unknown host as OWH_SEND_NETWORK', async () => {
    // A machine without a resolver may let the lookup hang instead: still retryable, never a hang.
    const error = await failure({ baseUrl: 'http://owh-no-such-host.invalid', timeoutMs: 3000 });
    expect(['OWH_SEND_NETWORK', 'OWH_SEND_TIMEOUT']).toContain(error.code);
  });

  it.each([
    ['ENOTFOUND', 'OWH_SEND_NETWORK', 'host name not found'],
    ['ECONNRESET', 'OWH_SEND_NETWORK', 'connection reset'],
    ['UND_ERR_SOCKET', 'OWH_SEND_NETWORK', 'the connection was closed'],
    ['UND_ERR_CONNECT_TIMEOUT', 'OWH_SEND_TIMEOUT', 'did not answer within 1000 ms'],
    ['UND_ERR_BODY_TIMEOUT', 'OWH_SEND_TIMEOUT', 'did not answer within 1000 ms'],
    ['UND_ERR_HEADERS_OVERFLOW', 'OWH_SEND_BAD_RESPONSE', 'headers over the size limit'],
  ])('classifies a transport error %s as %s', (errno, code, words) => {
    const cause = Object.assign(new Error('boom'), { code: errno });
    const error = transportError(new AggregateError([cause]), { request: 'POST http://h/x', timeoutMs: 1000, deadline: new AbortController().signal, closed: false });
    expect(error.code).toBe(code);
    expect(error.message).toContain(words);
  });
});
