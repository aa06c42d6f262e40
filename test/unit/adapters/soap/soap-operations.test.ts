import { OwhError } from '../../../../src/errors/owh-error';
import { soapAdapter } from '../../../../adapters/soap';
import { Cleanup, context, HRSS_NS, message, PATH_12, rejection, settings, WSDL } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const OPERATIONS = { opinion: 'ReceiveOpinion', certificate: 'QueryCertificate' };

/** A message about a case other than the case itself, keyed as the hub keys them. */
function operationMessage(operation: string, ref: string, payload: unknown, caseId = 'NB2026OP0001') {
  return message({ caseId, operation, idempotencyKey: `${caseId}:hrss-social-insurance:${operation}:${ref}`, payload });
}

/** An opinion's arguments, deliberately not in the schema's order (ywlsh, fromDept, yj, yjsm, yjsj). */
const OPINION = { yjsm: '材料齐全，同意', yj: 'agree', fromDept: 'amr', ywlsh: 'NB2026OP0001' };

const CERTIFICATE = { xm: '王小明', zjhm: '33020319900101123X', cbzt: '正常参保', cbdw: '宁波甬江贸易有限公司', ksny: '201501', ljjfys: 86 };

describe('soap adapter: named operations', () => {
  it('calls the WSDL operation an opinion is mapped to, with the payload as its arguments in schema order, and the key in the SOAP header', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server, { operations: OPERATIONS }));
    const m = operationMessage('opinion', 'R-1', OPINION);

    const result = await connector.send(m);

    expect(result).toEqual({ status: 200, body: { code: '0000', msg: '意见已接收' } });
    expect(server.submissions).toHaveLength(0);
    expect(server.opinions).toHaveLength(1);
    expect(server.opinions[0].args).toMatchObject({ ywlsh: 'NB2026OP0001', fromDept: 'amr', yj: 'agree', yjsm: '材料齐全，同意' });
    expect(server.opinions[0].headers?.IdempotencyKey).toBe('NB2026OP0001:hrss-social-insurance:opinion:R-1');
    const [call] = server.calls;
    expect(call.headers.soapaction).toBe(`"${HRSS_NS}/ReceiveOpinion"`);
    expect(call.xml).toContain(`<ReceiveOpinion xmlns="${HRSS_NS}">`);
    const order = ['<ywlsh>', '<fromDept>', '<yj>', '<yjsm>'].map((tag) => call.xml.indexOf(tag));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(server.effects('NB2026OP0001:hrss-social-insurance:opinion:R-1')).toBe(1);
  });

  it('returns a lookup\'s result as the body, for the hub to map', async () => {
    const server = await cleanup.department();
    server.certificates.set(CERTIFICATE.zjhm, CERTIFICATE);
    const connector = cleanup.connector(settings(server, { operations: OPERATIONS }));

    const found = await connector.send(operationMessage('certificate', 'L1', { xm: '王小明', zjhm: '33020319900101123X' }));
    const missing = await connector.send(operationMessage('certificate', 'L2', { zjhm: '330203199001019999' }));

    expect(found).toEqual({ status: 200, body: { code: '0000', cbzm: CERTIFICATE } });
    expect(missing.body).toEqual({ code: '1404' });
    expect(server.certificateQueries.map((q) => q.args.zjhm)).toEqual(['33020319900101123X', '330203199001019999']);
    // zjhm before xm, as the schema's sequence says, whatever the payload's order.
    expect(server.calls[0].xml.indexOf('<zjhm>')).toBeLessThan(server.calls[0].xml.indexOf('<xm>'));
  });

  it('sets idempotencyArgument only in operations whose input has that argument', async () => {
    const server = await cleanup.department();
    server.certificates.set(CERTIFICATE.zjhm, CERTIFICATE);
    const connector = cleanup.connector(settings(server, { operations: OPERATIONS, idempotencyHeader: false, idempotencyArgument: 'ywlsh' }));

    await connector.send(operationMessage('opinion', 'R-2', OPINION));
    await connector.send(operationMessage('certificate', 'L3', { zjhm: CERTIFICATE.zjhm }));

    expect(server.opinions[0].args.ywlsh).toBe('NB2026OP0001:hrss-social-insurance:opinion:R-2');
    expect(server.certificateQueries[0].args).toEqual({ zjhm: CERTIFICATE.zjhm });
    expect(server.calls[1].xml).not.toContain('ywlsh');
    expect(server.calls.every((c) => !c.xml.includes('soap:Header'))).toBe(true);
  });

  it('keeps the case itself on the connector\'s operation', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server, { operations: OPERATIONS }));

    await connector.send(message());

    expect(server.submissions).toHaveLength(1);
    expect(server.opinions).toHaveLength(0);
  });

  it('calls operations on the SOAP 1.2 port too', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server, { endpoint: server.url(PATH_12), port: 'SocialInsuranceSoap12Port', operations: OPERATIONS }));

    await expect(connector.send(operationMessage('opinion', 'R-3', OPINION))).resolves.toMatchObject({ body: { code: '0000' } });

    expect(server.calls[0].headers['content-type']).toBe(`application/soap+xml; charset=utf-8; action="${HRSS_NS}/ReceiveOpinion"`);
  });

  it('refuses an operation its settings do not name with OWH_OPERATION_UNKNOWN, without calling the system', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server, { operations: OPERATIONS }));
    const bare = cleanup.connector(settings(server));

    const error = await rejection(connector.send(operationMessage('supplement', 'S1', { ywlsh: 'x' })));
    const none = await rejection(bare.send(operationMessage('opinion', 'R-4', OPINION)));
    const inherited = await rejection(connector.send(operationMessage('toString', 'X', {})));

    expect(error).toBeInstanceOf(OwhError);
    expect([error.code, error.retryable]).toEqual(['OWH_OPERATION_UNKNOWN', false]);
    expect(error.message).toBe('connector hrss-social-insurance has no operation \'supplement\' (its operations are opinion → ReceiveOpinion, certificate → QueryCertificate); the message for case NB2026OP0001 was not sent');
    expect(error.fix).toContain('operations: { supplement: <WsdlOperation> }');
    expect(none.code).toBe('OWH_OPERATION_UNKNOWN');
    expect(none.message).toContain('it names no operations');
    expect(inherited.code).toBe('OWH_OPERATION_UNKNOWN');
    expect(server.calls).toHaveLength(0);
  });

  it('classifies an operation\'s faults as the case\'s, naming the WSDL operation', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server, { operations: OPERATIONS }));
    server.faultNext('client', '意见格式不正确');

    const error = await rejection(connector.send(operationMessage('opinion', 'R-5', OPINION)));

    expect([error.code, error.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(error.message).toContain(`SOAP ReceiveOpinion at ${server.url()}`);
    expect(error.message).toContain('意见格式不正确');
  });

  it('refuses at create() an operation mapped to a WSDL operation the port does not have, naming the setting and what the port has', () => {
    const build = () => soapAdapter.create(
      {
        wsdl: WSDL, endpoint: 'http://127.0.0.1:9/hrss/ws/shbx', operation: 'SubmitApplication', operations: { opinion: 'ReceiveOpinion', certificate: 'QueryCertficate' },
        connections: 1, auth: { type: 'none' }, idempotencyHeader: 'IdempotencyKey', maxResponseBytes: 1024, health: {},
      },
      context(),
    );
    expect(build).toThrow(expect.objectContaining({
      code: 'OWH_CATALOG_INVALID',
      message: expect.stringContaining('operations.certificate: the port SocialInsuranceService/SocialInsurancePort of'),
    }));
    expect(build).toThrow(expect.objectContaining({
      message: expect.stringContaining('has no operation QueryCertficate (it has SubmitApplication, QueryResults, ReceiveOpinion, QueryCertificate, Ping)'),
    }));
  });
});
