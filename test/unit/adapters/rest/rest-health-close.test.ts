import { OwhError } from '../../../../src/errors/owh-error';
import { Cleanup, json, message, rejection, TestServer } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('rest adapter: health', () => {
  it('is up when the health path answers below 500, with latency', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, { status: 'ok' }));
    const connector = cleanup.connector({ baseUrl: server.baseUrl, health: { method: 'HEAD', path: '/health' } });

    const report = await connector.health();

    expect(report.state).toBe('up');
    expect(report.latencyMs).toEqual(expect.any(Number));
    expect(report.detail).toContain(`HEAD ${server.baseUrl}/health answered 200`);
    expect(Date.parse(report.checkedAt)).not.toBeNaN();
    expect(server.requests[0]).toMatchObject({ method: 'HEAD', url: '/health' });
  });

  it('counts a 404 as up (the system answers) and sends the auth header', async () => {
    const server = await cleanup.server((_req, res) => json(res, 404, {}));
    const connector = cleanup.connector({ baseUrl: server.baseUrl, auth: { type: 'bearer', token: { env: 'OWH_T' } } }, { OWH_T: 't' });

    expect((await connector.health()).state).toBe('up');
    expect(server.requests[0].headers.authorization).toBe('Bearer t');
    expect(server.requests[0].headers['idempotency-key']).toBeUndefined();
  });

  it('is down with "authentication refused" on 401 and 403', async () => {
    let status = 401;
    const server = await cleanup.server((_req, res) => json(res, status, {}));
    const connector = cleanup.connector({ baseUrl: server.baseUrl });

    const unauthorised = await connector.health();
    status = 403;
    const forbidden = await connector.health();

    expect(unauthorised.state).toBe('down');
    expect(unauthorised.detail).toContain('authentication refused');
    expect(forbidden.state).toBe('down');
    expect(forbidden.detail).toContain('403');
  });

  it('is down on 5xx and on a timeout, and never throws', async () => {
    let mode: '503' | 'silent' = '503';
    const server = await cleanup.server((_req, res) => {
      if (mode === '503') json(res, 503, {});
    });
    const connector = cleanup.connector({ baseUrl: server.baseUrl, timeoutMs: 200 });

    expect((await connector.health()).state).toBe('down');
    mode = 'silent';
    const timedOut = await connector.health();
    expect(timedOut.state).toBe('down');
    expect(timedOut.detail).toContain('did not answer within 200 ms');
  });

  it('goes down when the system stops and up again when it is back', async () => {
    const first = await cleanup.server((_req, res) => json(res, 200, {}));
    const port = first.port;
    const connector = cleanup.connector({ baseUrl: first.baseUrl, timeoutMs: 1000 });

    expect((await connector.health()).state).toBe('up');
    await first.stop();
    const down = await connector.health();
    expect(down.state).toBe('down');
    expect(down.detail).toMatch(/failed: /);

    const again = new TestServer((_req, res) => json(res, 200, {}));
    await again.start(port);
    try {
      expect((await connector.health()).state).toBe('up');
      await expect(connector.send(message())).resolves.toMatchObject({ status: 200 });
    } finally {
      await connector.close();
      await again.stop();
    }
  });
});

describe('rest adapter: close', () => {
  it('rejects sends after close() with OWH_CONNECTOR_CLOSED (retryable) and reports down', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, {}));
    const connector = cleanup.connector({ baseUrl: server.baseUrl });
    await connector.send(message());

    await connector.close();
    const error = await rejection(connector.send(message()));

    expect(error).toBeInstanceOf(OwhError);
    expect(error.code).toBe('OWH_CONNECTOR_CLOSED');
    expect(error.retryable).toBe(true);
    expect((await connector.health()).state).toBe('down');
    await expect(connector.close()).resolves.toBeUndefined();
  });

  it('lets a send in flight finish before the pool closes', async () => {
    const server = await cleanup.server((_req, res) => setTimeout(() => json(res, 200, { ok: true }), 100));
    const connector = cleanup.connector({ baseUrl: server.baseUrl });

    const inFlight = connector.send(message());
    await new Promise((resolve) => setTimeout(resolve, 20));
    await connector.close();

    await expect(inFlight).resolves.toMatchObject({ status: 200, body: { ok: true } });
  });

  it('has the connector id and kind from the hub', async () => {
    const connector = cleanup.connector({ baseUrl: 'http://127.0.0.1:9' }, {}, { connectorId: 'amr-registration@330203' });
    expect(connector.id).toBe('amr-registration@330203');
    expect(connector.kind).toBe('rest');
  });
});
