import { OwhError } from '../../../../src/errors/owh-error';
import { Cleanup, json, message, rejection } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** A message about case NB-2026-000123 other than the case itself, keyed as the hub keys them. */
function operationMessage(operation: string, ref: string, payload: unknown) {
  return message({ operation, idempotencyKey: `NB-2026-000123:amr-registration:${operation}:${ref}`, payload });
}

const OPERATIONS = {
  opinion: { path: '/api/cases/{caseId}/opinions' },
  supplement: { method: 'PUT', path: '/api/cases/{caseId}/supplements/{idempotencyKey}' },
  correction: { method: 'PATCH', path: '/api/cases/{caseId}' },
  certificate: { method: 'GET', path: '/api/shebao/certificate' },
};

describe('rest adapter: named operations', () => {
  it('posts an opinion to its own path, with the idempotency key, auth and configured headers of the connector, and returns the answer', async () => {
    const server = await cleanup.server((_req, res) => json(res, 201, { code: '0000', yjbh: 'YJ-7' }));
    const connector = cleanup.connector(
      { baseUrl: `${server.baseUrl}/amr`, path: '/api/sl/sqxx', headers: { 'X-Source': 'onewindow' }, idempotencyHeader: 'X-Request-Id', auth: { type: 'bearer', token: { env: 'T' } }, operations: OPERATIONS },
      { T: 'secret-token' },
    );
    const m = operationMessage('opinion', 'R-1', { yj: 'agree', yjsm: '同意' });

    const result = await connector.send(m);

    expect(result.status).toBe(201);
    expect(result.body).toEqual({ code: '0000', yjbh: 'YJ-7' });
    const [seen] = server.requests;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/amr/api/cases/NB-2026-000123/opinions');
    expect(JSON.parse(seen.body)).toEqual({ yj: 'agree', yjsm: '同意' });
    expect(seen.headers['x-request-id']).toBe('NB-2026-000123:amr-registration:opinion:R-1');
    expect(seen.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(seen.headers.authorization).toBe('Bearer secret-token');
    expect(seen.headers['x-source']).toBe('onewindow');
  });

  it('keeps the case itself on the connector\'s own path and method', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, { ok: true }));
    const connector = cleanup.connector({ baseUrl: server.baseUrl, path: '/api/sl/sqxx', method: 'PUT', operations: OPERATIONS });

    await connector.send(message());

    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['PUT /api/sl/sqxx']);
    expect(server.requests[0].headers['idempotency-key']).toBe('NB-2026-000123:amr-registration');
  });

  it('uses the operation\'s method, and fills the placeholders of its path URL-encoded', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, {}));
    const connector = cleanup.connector({ baseUrl: server.baseUrl, operations: OPERATIONS });

    await connector.send(operationMessage('supplement', 'BZ/2026 #3', { materials: [] }));
    await connector.send(operationMessage('correction', 'c1', { lxdh: '0574-1234' }));

    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /api/cases/NB-2026-000123/supplements/NB-2026-000123%3Aamr-registration%3Asupplement%3ABZ%2F2026%20%233',
      'PATCH /api/cases/NB-2026-000123',
    ]);
    expect(JSON.parse(server.requests[1].body)).toEqual({ lxdh: '0574-1234' });
  });

  it('sends a GET lookup without a body, the payload\'s fields as the query string, and returns the JSON answer as the body', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, { cbzm: { xm: '王小明', cbzt: '正常参保', ljjfys: 86 } }));
    const connector = cleanup.connector({ baseUrl: server.baseUrl, operations: OPERATIONS });
    const m = operationMessage('certificate', 'L1', { zjhm: '33020319900101123X', xm: '王 小明', months: 12, current: true, note: null, q: 'a&b=c' });

    const result = await connector.send(m);

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ cbzm: { xm: '王小明', cbzt: '正常参保', ljjfys: 86 } });
    const [seen] = server.requests;
    expect(seen.method).toBe('GET');
    const url = new URL(seen.url, server.baseUrl);
    expect(url.pathname).toBe('/api/shebao/certificate');
    expect([...url.searchParams.entries()]).toEqual([['zjhm', '33020319900101123X'], ['xm', '王 小明'], ['months', '12'], ['current', 'true'], ['q', 'a&b=c']]);
    expect(seen.url).toContain('xm=%E7%8E%8B%20%E5%B0%8F%E6%98%8E'); // %20, not the form encoding's +
    expect(seen.body).toBe('');
    expect(seen.headers['content-type']).toBeUndefined();
    expect(seen.headers['content-length']).toBeUndefined();
    expect(seen.headers['idempotency-key']).toBe('NB-2026-000123:amr-registration:certificate:L1');
  });

  it('refuses a GET payload with an object or list field (OWH_MAPPING_FAILED), without sending anything', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, {}));
    const connector = cleanup.connector({ baseUrl: server.baseUrl, operations: OPERATIONS });

    const nested = await rejection(connector.send(operationMessage('certificate', 'L2', { zjhm: '1', sqr: { xm: '王小明' } })));
    const list = await rejection(connector.send(operationMessage('certificate', 'L3', { zjhm: ['1', '2'] })));
    const notObject = await rejection(connector.send(operationMessage('certificate', 'L4', ['1'])));

    expect(nested).toBeInstanceOf(OwhError);
    expect([nested.code, nested.retryable]).toEqual(['OWH_MAPPING_FAILED', false]);
    expect(nested.message).toBe('the payload of the certificate message of case NB-2026-000123 cannot be sent as a GET query: its field \'sqr\' is an object, and a query holds only text, numbers and true/false');
    expect(list.code).toBe('OWH_MAPPING_FAILED');
    expect(list.message).toContain('its field \'zjhm\' is a list');
    expect(notObject.code).toBe('OWH_MAPPING_FAILED');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an operation its settings do not name with OWH_OPERATION_UNKNOWN, before any connection is made', async () => {
    const server = await cleanup.server((_req, res) => json(res, 200, {}));
    const connector = cleanup.connector({ baseUrl: server.baseUrl, operations: OPERATIONS });
    const bare = cleanup.connector({ baseUrl: server.baseUrl });

    const error = await rejection(connector.send(operationMessage('withdrawal', 'W1', { reason: 'x' })));
    const none = await rejection(bare.send(operationMessage('opinion', 'R-1', { yj: 'agree' })));
    // Not an inherited property of an object either.
    const inherited = await rejection(connector.send(operationMessage('constructor', 'X', {})));

    expect(error).toBeInstanceOf(OwhError);
    expect([error.code, error.retryable]).toEqual(['OWH_OPERATION_UNKNOWN', false]);
    expect(error.message).toBe('connector amr-registration has no operation \'withdrawal\' (its operations are opinion, supplement, correction, certificate); the message for case NB-2026-000123 was not sent');
    expect(error.fix).toContain('operations: { withdrawal: { method: POST, path: /… } }');
    expect(none.code).toBe('OWH_OPERATION_UNKNOWN');
    expect(none.message).toContain('it names no operations: it takes only the case itself');
    expect(inherited.code).toBe('OWH_OPERATION_UNKNOWN');
    expect(server.requests).toHaveLength(0);
    expect(server.connections).toBe(0);
  });

  it('classifies an operation\'s failures as the case\'s, naming the request without the query it carried', async () => {
    const server = await cleanup.server((_req, res) => json(res, 503, { msg: 'busy' }, { 'Retry-After': '7' }));
    const connector = cleanup.connector({ baseUrl: server.baseUrl, operations: OPERATIONS });

    const error = await rejection(connector.send(operationMessage('certificate', 'L5', { zjhm: '33020319900101123X' })));

    expect([error.code, error.retryable, error.retryAfterMs]).toEqual(['OWH_SEND_SERVER_ERROR', true, 7000]);
    expect(error.message).toBe(`GET ${server.baseUrl}/api/shebao/certificate?… returned 503: {"msg":"busy"}`);
    expect(error.message).not.toContain('33020319900101123X');
  });
});
