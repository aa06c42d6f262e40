import { OwhError } from '../../../../src/errors/owh-error';
import { Cleanup, json, message, rejection } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('rest adapter: delivering a case', () => {
  it('posts the payload as JSON with the idempotency key and resolves with the parsed answer', async () => {
    const server = await cleanup.server((_req, res) => json(res, 201, { sljg: 'accepted', slbh: 'AMR-0001' }, { 'X-Trace': 'abc' }));
    const connector = cleanup.connector({ baseUrl: server.baseUrl, path: '/api/sl/sqxx' });

    const result = await connector.send(message());

    expect(result.status).toBe(201);
    expect(result.body).toEqual({ sljg: 'accepted', slbh: 'AMR-0001' });
    expect(result.headers?.['x-trace']).toBe('abc');
    expect(result.headers?.['content-type']).toMatch(/application\/json/);
    const [seen] = server.requests;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/api/sl/sqxx');
    expect(JSON.parse(seen.body)).toEqual({ sqr: '宁波某某贸易有限公司', sxbm: 'XK00101001' });
    expect(seen.headers['idempotency-key']).toBe('NB-2026-000123:amr-registration');
    expect(seen.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(seen.headers.accept).toBe('application/json');
    expect(seen.headers['user-agent']).toMatch(/^onewindow-hub\/\d+\.\d+\.\d+/);
    expect(seen.headers.authorization).toBeUndefined();
  });

  it('sends the same idempotency key on every attempt, in the configured header', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, { ok: true }));
    const connector = cleanup.connector({ baseUrl: server.baseUrl, idempotencyHeader: 'X-Request-Id' });

    await connector.send(message({ attempt: 1 }));
    await connector.send(message({ attempt: 2 }));

    expect(server.requests.map((r) => r.headers['x-request-id'])).toEqual(['NB-2026-000123:amr-registration', 'NB-2026-000123:amr-registration']);
  });

  it('resolves with text for a non-JSON answer and undefined for an empty one', async () => {
    let answer: 'text' | 'empty' = 'text';
    const server = await cleanup.server((_req, res) => {
      if (answer === 'text') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('收件成功');
      } else {
        res.writeHead(204);
        res.end();
      }
    });
    const connector = cleanup.connector({ baseUrl: server.baseUrl });

    expect((await connector.send(message())).body).toBe('收件成功');
    answer = 'empty';
    const empty = await connector.send(message());
    expect(empty.status).toBe(204);
    expect(empty.body).toBeUndefined();
  });

  it('reads an answer in the charset it declares (GBK from an older system)', async () => {
    const gbk = Buffer.from([0xca, 0xd5, 0xbc, 0xfe, 0xb3, 0xc9, 0xb9, 0xa6]); // 收件成功
    const server = await cleanup.server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=GBK' });
      res.end(gbk);
    });
    const connector = cleanup.connector({ baseUrl: server.baseUrl });

    expect((await connector.send(message())).body).toBe('收件成功');
  });

  it('uses PUT, the baseUrl path prefix and configured headers', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, {}));
    const connector = cleanup.connector({ baseUrl: `${server.baseUrl}/amr/`, path: '/cases', method: 'PUT', headers: { 'X-Source': 'onewindow', Accept: 'application/vnd.amr+json' } });

    await connector.send(message());

    const [seen] = server.requests;
    expect(seen.method).toBe('PUT');
    expect(seen.url).toBe('/amr/cases');
    expect(seen.headers['x-source']).toBe('onewindow');
    expect(seen.headers.accept).toBe('application/vnd.amr+json');
  });

  it('fills the path template with URL-encoded values', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, {}));
    const connector = cleanup.connector({ baseUrl: server.baseUrl, path: '/api/{itemCode}/cases/{caseId}?system={systemId}&key={idempotencyKey}' });

    await connector.send(message({ caseId: 'NB/2026 #7', systemId: 'amr-registration' }));

    expect(server.requests[0].url).toBe('/api/XK00101001/cases/NB%2F2026%20%237?system=amr-registration&key=NB%2F2026%20%237%3Aamr-registration');
  });

  it('refuses a payload that cannot be written as JSON as a mapping failure, without sending', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, {}));
    const connector = cleanup.connector({ baseUrl: server.baseUrl });
    const payload: Record<string, unknown> = {};
    payload.self = payload;

    const error = await rejection(connector.send(message({ payload })));

    expect(error).toBeInstanceOf(OwhError);
    expect(error.code).toBe('OWH_MAPPING_FAILED');
    expect(server.requests).toHaveLength(0);
  });
});

describe('rest adapter: authentication', () => {
  const env = { OWH_AMR_TOKEN: 's3cr3t-token', OWH_HRSS_PASSWORD: 'p@ss:word', OWH_LAND_KEY: 'key-123' };

  it('sends a bearer token', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, {}));
    const connector = cleanup.connector({ baseUrl: server.baseUrl, auth: { type: 'bearer', token: { env: 'OWH_AMR_TOKEN' } } }, env);

    await connector.send(message());

    expect(server.requests[0].headers.authorization).toBe('Bearer s3cr3t-token');
  });

  it('sends basic credentials', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, {}));
    const connector = cleanup.connector({ baseUrl: server.baseUrl, auth: { type: 'basic', username: 'owh', password: { env: 'OWH_HRSS_PASSWORD' } } }, env);

    await connector.send(message());

    const header = server.requests[0].headers.authorization ?? '';
    expect(header.startsWith('Basic ')).toBe(true);
    expect(Buffer.from(header.slice(6), 'base64').toString('utf8')).toBe('owh:p@ss:word');
  });

  it('sends an API key in the default header and in a configured one', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, {}));
    const byDefault = cleanup.connector({ baseUrl: server.baseUrl, auth: { type: 'api-key', key: { env: 'OWH_LAND_KEY' } } }, env);
    const configured = cleanup.connector({ baseUrl: server.baseUrl, auth: { type: 'api-key', header: 'appKey', key: { env: 'OWH_LAND_KEY' } } }, env);

    await byDefault.send(message());
    await configured.send(message());

    expect(server.requests[0].headers['x-api-key']).toBe('key-123');
    expect(server.requests[1].headers.appkey).toBe('key-123');
    expect(server.requests[1].headers['x-api-key']).toBeUndefined();
  });

  it('keeps the auth and idempotency headers even when configured headers name them', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, {}));
    const connector = cleanup.connector(
      { baseUrl: server.baseUrl, headers: { Authorization: 'Bearer wrong', 'Idempotency-Key': 'wrong' }, auth: { type: 'bearer', token: { env: 'OWH_AMR_TOKEN' } } },
      env,
    );

    await connector.send(message());

    expect(server.requests[0].headers.authorization).toBe('Bearer s3cr3t-token');
    expect(server.requests[0].headers['idempotency-key']).toBe('NB-2026-000123:amr-registration');
  });

  it('fails create() with OWH_SECRET_MISSING when the secret is not set', () => {
    let thrown: unknown;
    try {
      cleanup.connector({ baseUrl: 'http://127.0.0.1:9', auth: { type: 'bearer', token: { env: 'OWH_NOT_SET_TOKEN' } } }, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OwhError);
    expect((thrown as OwhError).code).toBe('OWH_SECRET_MISSING');
    expect((thrown as OwhError).message).toContain('OWH_NOT_SET_TOKEN');
  });

  it('reads each secret once, at create()', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, {}));
    const environment: NodeJS.ProcessEnv = { ...env };
    const connector = cleanup.connector({ baseUrl: server.baseUrl, auth: { type: 'bearer', token: { env: 'OWH_AMR_TOKEN' } } }, environment);
    environment.OWH_AMR_TOKEN = 'changed-later';

    await connector.send(message());

    expect(server.requests[0].headers.authorization).toBe('Bearer s3cr3t-token');
  });

  it('refuses a secret with a line break, which would forge headers', () => {
    expect(() => cleanup.connector({ baseUrl: 'http://127.0.0.1:9', auth: { type: 'bearer', token: { env: 'OWH_AMR_TOKEN' } } }, { OWH_AMR_TOKEN: 'abc\r\nX-Evil: 1' })).toThrow(
      expect.objectContaining({ code: 'OWH_CONFIG_INVALID' }),
    );
  });
});

describe('rest adapter: keep-alive pool', () => {
  // undici may open a second socket while the first is being handed back, never one per send.
  it('reuses a socket or two for sequential sends', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, { ok: true }));
    const connector = cleanup.connector({ baseUrl: server.baseUrl });

    for (let i = 0; i < 20; i++) await connector.send(message({ caseId: `NB-${i}` }));

    expect(server.requests).toHaveLength(20);
    expect(server.connections).toBeLessThanOrEqual(2);
  });

  it('opens no more sockets than `connections` for concurrent sends', async () => {
    const server = await cleanup.server((_req, res) => setTimeout(() => json(res, 200, { ok: true }), 20));
    const connector = cleanup.connector({ baseUrl: server.baseUrl, connections: 4 });

    await Promise.all(Array.from({ length: 20 }, (_v, i) => connector.send(message({ caseId: `NB-${i}` }))));

    expect(server.requests).toHaveLength(20);
    expect(server.connections).toBeGreaterThan(0);
    expect(server.connections).toBeLessThanOrEqual(4);
  });

  it('returns sockets to the pool after error answers too', async () => {
    const server = await cleanup.server((_req, res) => json(res, 400, { error: 'bad form' }));
    const connector = cleanup.connector({ baseUrl: server.baseUrl, connections: 2 });

    for (let i = 0; i < 10; i++) await rejection(connector.send(message()));

    expect(server.requests).toHaveLength(10);
    expect(server.connections).toBeLessThanOrEqual(2);
  });
});
