import { soapAdapter } from '../../../../adapters/soap';
import { Cleanup, context, eventually, message, rejection, settings, WSDL } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const complete = { connections: 1, auth: { type: 'none' as const }, idempotencyHeader: 'IdempotencyKey' as const, maxResponseBytes: 1024, health: {} };

describe('soap adapter: health', () => {
  it('is up when the endpoint answers GET ?wsdl, with the latency', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server));
    const report = await connector.health();
    expect(report).toMatchObject({ state: 'up', detail: expect.stringMatching(new RegExp(`^GET ${server.url()}\\?wsdl answered 200 in \\d+ ms$`)) });
    expect(report.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.calls).toHaveLength(0); // a GET, not a SOAP call
  });

  it('calls health.operation (a SOAP call) when one is named', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server, { health: { operation: 'Ping' } }));
    expect(await connector.health()).toMatchObject({ state: 'up', detail: expect.stringContaining(`SOAP Ping at ${server.url()} answered in`) });
    expect(server.calls[0].xml).toContain('<Ping');
  });

  it('is down (never throws) when the system is away, and up again when it is back', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server));
    expect((await connector.health()).state).toBe('up');
    await server.stop();
    expect(await connector.health()).toMatchObject({ state: 'down', detail: expect.stringContaining('connection refused') });
    await server.restart();
    expect((await connector.health()).state).toBe('up');
  });

  it('is down when the system answers 5xx', async () => {
    const raw = await cleanup.raw((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    expect(await cleanup.connector(settings(raw)).health()).toMatchObject({ state: 'down', detail: `GET ${raw.url()}?wsdl answered 503` });
  });
});

describe('soap adapter: closing', () => {
  it('refuses to send after close, as retryable OWH_CONNECTOR_CLOSED, and reports down', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server));
    await connector.send(message());
    await connector.close();
    await connector.close(); // twice is harmless

    const error = await rejection(connector.send(message()));
    expect([error.code, error.retryable]).toEqual(['OWH_CONNECTOR_CLOSED', true]);
    expect(error.message).toBe(`SOAP SubmitApplication at ${server.url()} was not sent: the connector is closed`);
    expect((await connector.health()).state).toBe('down');
  });

  it('lets a call on the wire finish before close resolves', async () => {
    const answer = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><SubmitApplicationResponse xmlns="http://shbx.hrss.example.gov.cn/ws"><sjbh>SJ9</sjbh><code>0000</code><msg>ok</msg></SubmitApplicationResponse></soap:Body></soap:Envelope>';
    const raw = await cleanup.raw((_req, res) => setTimeout(() => res.end(answer), 150));
    const connector = cleanup.connector(settings(raw));
    await connector.health(); // a socket to the system is open
    const sending = connector.send(message());
    await eventually(() => (raw.requests.some((r) => r.method === 'POST') ? true : undefined), 2000, 'the call on the wire');
    await connector.close();
    await expect(sending).resolves.toMatchObject({ status: 200, body: { sjbh: 'SJ9' } });
  });
});

describe('soap adapter: settings checked against the WSDL at create()', () => {
  const base = { ...complete, wsdl: WSDL, endpoint: 'http://127.0.0.1:9/hrss/ws/shbx', operation: 'SubmitApplication' };

  it.each([
    ['http://shbx.example.gov.cn/ws?wsdl'],
    ['https://shbx.example.gov.cn/ws?wsdl'],
    ['file:///etc/hrss.wsdl'],
  ])('refuses a WSDL given as an address (%s)', (wsdl) => {
    expect(() => soapAdapter.create({ ...base, wsdl }, context())).toThrow(
      expect.objectContaining({ code: 'OWH_CATALOG_INVALID', message: expect.stringContaining('wsdl must be a local file') }),
    );
  });

  it.each([
    [{ service: 'NoSuchService' }, 'has no service NoSuchService (it has SocialInsuranceService)'],
    [{ port: 'NoSuchPort' }, 'has no port NoSuchPort (it has SocialInsurancePort, SocialInsuranceSoap12Port)'],
    [{ operation: 'SubmitCase' }, 'operation: the port SocialInsuranceService/SocialInsurancePort of'],
    [{ health: { operation: 'Status' } }, 'health.operation: the port'],
    [{ idempotencyHeader: false as const }, 'set idempotencyHeader or idempotencyArgument'],
    [{ endpoint: 'http://user:pw@127.0.0.1:9/ws' }, 'must not carry credentials'],
  ])('refuses %j', (change, words) => {
    expect(() => soapAdapter.create({ ...base, ...change }, context())).toThrow(expect.objectContaining({ code: 'OWH_CATALOG_INVALID', message: expect.stringContaining(words) }));
  });

  it('takes the WSDL\'s address when no endpoint is set', async () => {
    const { endpoint: _none, ...noEndpoint } = base;
    const connector = soapAdapter.create(noEndpoint, context());
    try {
      // The fixture's address is a placeholder nobody listens on: the message names it.
      const error = await rejection(connector.send(message()));
      expect(error.message).toContain('SOAP SubmitApplication at http://localhost:8080/hrss/ws/shbx');
    } finally {
      await connector.close();
    }
  });

  it('reports a WSDL file it cannot read as OWH_CONFIG_NOT_FOUND', () => {
    expect(() => soapAdapter.create({ ...base, wsdl: 'missing.wsdl' }, context())).toThrow(expect.objectContaining({ code: 'OWH_CONFIG_NOT_FOUND' }));
  });
});
