import { OwhError } from '../../../../src/errors/owh-error';
import { Cleanup, message, PATH_12, rejection, settings } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const ID_NUMBER = '33020319900101123X';

describe('soap adapter: how failures are classified', () => {
  it('refuses for good on a soap:Client fault, keeping the fault string with the ID number masked', async () => {
    const server = await cleanup.department();
    server.faultNext('client', `申请人身份证号 ${ID_NUMBER} 与姓名不符`);
    const connector = cleanup.connector(settings(server));

    const error = await rejection(connector.send(message()));

    expect(error).toBeInstanceOf(OwhError);
    expect([error.code, error.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(error.message).toBe(`SOAP SubmitApplication at ${server.url()} returned soap:Client fault: 申请人身份证号 330203********123X 与姓名不符`);
    expect(error.message).not.toContain(ID_NUMBER);
  });

  it('retries a soap:Server fault', async () => {
    const server = await cleanup.department();
    server.faultNext('server', '数据库连接失败');
    const error = await rejection(cleanup.connector(settings(server)).send(message()));
    expect([error.code, error.retryable]).toEqual(['OWH_SEND_SERVER_ERROR', true]);
    expect(error.message).toContain('returned soap:Server fault: 数据库连接失败');
  });

  it('classifies SOAP 1.2 faults: Sender permanent, Receiver retryable', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server, { endpoint: server.url(PATH_12), port: 'SocialInsuranceSoap12Port' }));
    server.faultNext('client', `证件号码 ${ID_NUMBER} 已参保`);
    const sender = await rejection(connector.send(message()));
    server.faultNext('server', '系统维护中');
    const receiver = await rejection(connector.send(message()));

    expect([sender.code, sender.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(sender.message).toContain('returned soap:Sender fault: 证件号码 330203********123X 已参保');
    expect([receiver.code, receiver.retryable]).toEqual(['OWH_SEND_SERVER_ERROR', true]);
    expect(receiver.message).toContain('soap:Receiver fault: 系统维护中');
  });

  it('refuses for good on a WS-Security authentication fault (wsse:FailedAuthentication, as CXF sends it)', async () => {
    const raw = await cleanup.raw((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/xml; charset=utf-8' });
      res.end('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>'
        + '<faultcode xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">wsse:FailedAuthentication</faultcode>'
        + '<faultstring>The security token could not be authenticated or authorized</faultstring></soap:Fault></soap:Body></soap:Envelope>');
    });
    const error = await rejection(cleanup.connector(settings(raw)).send(message()));
    expect([error.code, error.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(error.message).toContain('returned wsse:FailedAuthentication fault: The security token could not be authenticated');
  });

  it('retries a fault whose code is neither the sender\'s nor the receiver\'s', async () => {
    const raw = await cleanup.raw((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/xml; charset=utf-8' });
      res.end('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>ns1:Unexpected</faultcode><faultstring>?</faultstring></soap:Fault></soap:Body></soap:Envelope>');
    });
    const error = await rejection(cleanup.connector(settings(raw)).send(message()));
    expect([error.code, error.retryable]).toEqual(['OWH_SEND_SERVER_ERROR', true]);
  });

  it('times out a system that takes the call and never answers, in about timeoutMs', async () => {
    const server = await cleanup.department();
    server.stallNext();
    const connector = cleanup.connector(settings(server, { timeoutMs: 300 }));
    const started = Date.now();

    const error = await rejection(connector.send(message()));

    const elapsed = Date.now() - started;
    expect([error.code, error.retryable]).toEqual(['OWH_SEND_TIMEOUT', true]);
    expect(error.message).toBe(`SOAP SubmitApplication at ${server.url()} did not answer within 300 ms`);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
  });

  it('gives up when the hub aborts the call (its own signal), as retryable', async () => {
    const server = await cleanup.department();
    server.stallNext();
    const connector = cleanup.connector(settings(server));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 100);
    const error = await rejection(connector.send(message(), controller.signal));
    expect([error.code, error.retryable]).toEqual(['OWH_SEND_TIMEOUT', true]);
    expect(error.message).toContain('aborted by the hub');
  });

  it('reports a refused connection as a retryable network error', async () => {
    const connector = cleanup.connector({ wsdl: 'hrss-social-insurance.wsdl', endpoint: 'http://127.0.0.1:9/hrss/ws/shbx', operation: 'SubmitApplication' });
    const error = await rejection(connector.send(message()));
    expect([error.code, error.retryable]).toEqual(['OWH_SEND_NETWORK', true]);
    expect(error.message).toBe('SOAP SubmitApplication at http://127.0.0.1:9/hrss/ws/shbx failed: connection refused (ECONNREFUSED)');
  });

  it('classifies an HTTP error without a fault by its status: 503 retryable (with Retry-After), 404 permanent, 429 rate limited', async () => {
    let status = 503;
    const raw = await cleanup.raw((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/html', 'retry-after': '7' });
      res.end(`<html><body>${status} 13812345678</body></html>`);
    });
    const connector = cleanup.connector(settings(raw));

    const unavailable = await rejection(connector.send(message()));
    expect([unavailable.code, unavailable.retryable, unavailable.retryAfterMs]).toEqual(['OWH_SEND_SERVER_ERROR', true, 7000]);
    expect(unavailable.message).toContain(`SOAP SubmitApplication at ${raw.url()} returned HTTP 503 without a SOAP fault`);
    expect(unavailable.message).toContain('138****5678');

    status = 404;
    const missing = await rejection(connector.send(message()));
    expect([missing.code, missing.retryable]).toEqual(['OWH_SEND_REJECTED', false]);

    status = 429;
    const limited = await rejection(connector.send(message()));
    expect([limited.code, limited.retryAfterMs]).toEqual(['OWH_SEND_RATE_LIMITED', 7000]);
  });

  it('does not follow a redirect: refused, naming where it pointed', async () => {
    const raw = await cleanup.raw((_req, res) => {
      res.writeHead(302, { location: 'http://elsewhere.example/ws' });
      res.end();
    });
    const error = await rejection(cleanup.connector(settings(raw)).send(message()));
    expect([error.code, error.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(error.fix).toContain('http://elsewhere.example/ws');
  });

  it('refuses a 2xx answer that is not SOAP as a bad response', async () => {
    const raw = await cleanup.raw((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>欢迎</body></html>');
    });
    const error = await rejection(cleanup.connector(settings(raw)).send(message()));
    expect([error.code, error.retryable]).toEqual(['OWH_SEND_BAD_RESPONSE', false]);
  });

  it('refuses a payload that is not an object of arguments as a mapping failure, without calling the system', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server));
    const list = await rejection(connector.send(message({ payload: ['a'] })));
    const none = await rejection(connector.send(message({ payload: undefined })));
    expect([list.code, none.code]).toEqual(['OWH_MAPPING_FAILED', 'OWH_MAPPING_FAILED']);
    expect(server.calls).toHaveLength(0);
  });
});
