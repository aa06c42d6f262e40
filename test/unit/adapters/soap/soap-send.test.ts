import * as soap from 'soap';
import { Cleanup, eventually, HRSS_NS, message, PATH_12, RecordingResultSink, settings } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('soap adapter: sending a case', () => {
  it('calls the operation with the mapping output as its arguments and resolves with its result', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server));
    const m = message();

    const result = await connector.send(m);

    expect(result).toEqual({ status: 200, body: { sjbh: 'SJ00000001', code: '0000', msg: '收件成功' } });
    expect(server.submissions).toHaveLength(1);
    expect(server.submissions[0].args).toMatchObject({ ywlsh: m.caseId, sxbm: 'GG00201001', sqr: { xm: '王小明', zjhm: '33020319900101123X' }, bdsj: { dwmc: '宁波甬江贸易有限公司', cbrs: 12 } });
  });

  it('writes the envelope as the WSDL says: SOAP 1.1, SOAPAction, the operation element in the target namespace, arguments in schema order', async () => {
    const server = await cleanup.department();
    await cleanup.connector(settings(server)).send(message());

    const [call] = server.calls;
    expect(call.headers['content-type']).toMatch(/^text\/xml; charset=utf-8/);
    expect(call.headers.soapaction).toBe(`"${HRSS_NS}/SubmitApplication"`);
    expect(call.xml).toContain('xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"');
    expect(call.xml).toContain(`<SubmitApplication xmlns="${HRSS_NS}">`);
    // The payload lists sqr, sxbm, ywlsh, bdsj; the schema's sequence is ywlsh, sxbm, sqr, bdsj.
    const order = ['<ywlsh>', '<sxbm>', '<sqr>', '<bdsj>'].map((tag) => call.xml.indexOf(tag));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Nested elements in their types' order too (cbrs comes after dwmc and tyshxydm in FormData).
    expect(call.xml.indexOf('<dwmc>')).toBeLessThan(call.xml.indexOf('<cbrs>'));
  });

  it('carries the idempotency key in a SOAP header, and the system applies a re-sent case once', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server));
    const m = message();

    const first = await connector.send(m);
    const again = await connector.send({ ...m, attempt: 2 });

    expect(server.calls[0].xml).toContain(`<soap:Header><IdempotencyKey xmlns="${HRSS_NS}">${m.idempotencyKey}</IdempotencyKey></soap:Header>`);
    expect(server.submissions.map((s) => s.headers?.IdempotencyKey)).toEqual([m.idempotencyKey, m.idempotencyKey]);
    expect(server.effects(m.idempotencyKey)).toBe(1);
    expect(again.body).toEqual(first.body);
  });

  it('keeps each concurrent call\'s own key in its header', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server));
    const messages = Array.from({ length: 20 }, () => message());

    await Promise.all(messages.map((m) => connector.send(m)));

    for (const m of messages) {
      const seen = server.submissions.find((s) => s.args.ywlsh === m.caseId);
      expect(seen?.headers?.IdempotencyKey).toBe(m.idempotencyKey);
    }
  });

  it('puts the key in an argument instead when configured (idempotencyArgument, no header)', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server, { idempotencyHeader: false, idempotencyArgument: 'ywlsh' }));
    const m = message();

    await connector.send(m);
    await connector.send({ ...m, attempt: 2 });

    expect(server.calls[0].xml).not.toContain('soap:Header');
    expect(server.submissions[0].args.ywlsh).toBe(m.idempotencyKey);
    expect(server.effects(m.idempotencyKey)).toBe(1);
  });

  it('names the header and its namespace as configured', async () => {
    const server = await cleanup.department();
    await cleanup.connector(settings(server, { idempotencyHeader: 'RequestId', idempotencyHeaderNamespace: 'urn:example:headers' })).send(message({ caseId: 'NB2026HDR001' }));
    expect(server.calls[0].xml).toContain('<RequestId xmlns="urn:example:headers">NB2026HDR001:hrss-social-insurance</RequestId>');
  });

  it('speaks SOAP 1.2 on the WSDL\'s soap12 port: envelope namespace and content type with the action', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server, { endpoint: server.url(PATH_12), port: 'SocialInsuranceSoap12Port' }));

    const result = await connector.send(message());

    expect(result.body).toMatchObject({ code: '0000' });
    const [call] = server.calls;
    expect(call.path).toBe(PATH_12);
    expect(call.xml).toContain('xmlns:soap="http://www.w3.org/2003/05/soap-envelope"');
    expect(call.headers['content-type']).toBe(`application/soap+xml; charset=utf-8; action="${HRSS_NS}/SubmitApplication"`);
    expect(call.headers.soapaction).toBeUndefined();
  });

  it('picks the 1.2 port when only soapVersion 1.2 is set', async () => {
    const server = await cleanup.department();
    await cleanup.connector(settings(server, { endpoint: server.url(PATH_12), soapVersion: '1.2' })).send(message());
    expect(server.calls[0].xml).toContain('http://www.w3.org/2003/05/soap-envelope');
  });

  it('builds the soap client once and reuses it for every send', async () => {
    const server = await cleanup.department();
    const spy = jest.spyOn(soap, 'createClientAsync');
    try {
      const connector = cleanup.connector(settings(server));
      for (let i = 0; i < 3; i++) await connector.send(message());
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('keeps xsd:dateTime values as the text the system sent', async () => {
    const server = await cleanup.department();
    server.queueResult({ ywlsh: 'x', caseId: 'NB2026000777', kind: 'acceptance', outcome: 'accepted', decidedAt: '2026-03-02T10:00:00+08:00' });
    const sink = new RecordingResultSink();
    const connector = cleanup.connector(settings(server, { poll: { operation: 'QueryResults', intervalMs: 60000 } }), {}, { results: sink });
    await connector.start!();
    const got = await eventually(() => sink.submitted[0], 5000, 'the polled result');
    expect(got.body).toMatchObject({ decidedAt: '2026-03-02T10:00:00+08:00' });
  });
});
