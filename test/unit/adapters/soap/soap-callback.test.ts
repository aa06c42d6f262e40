import { createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as soap from 'soap';
import { OwhError } from '../../../../src/errors/owh-error';
import { silentLogger } from '../../../../src/log/logger';
import { mountSoapCallback, RESULTS_WSDL } from '../../../../src/server/soap-callback';

const TOKENS: Record<string, string> = { 'hrss-social-insurance': 'result-token-hrss' };
const ID_NUMBER = '33020319900101123X';

interface Submitted {
  systemId: string;
  input: { caseId: string; body: unknown };
}

let server: Server;
let base = '';
const submitted: Submitted[] = [];
let answer: (s: Submitted) => Promise<{ status: string; duplicate: boolean }>;
const clients: soap.Client[] = [];

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('the hub\'s own API');
  });
  mountSoapCallback(server, {
    path: '/soap/results',
    authenticate: (username, password) => (TOKENS[username] !== undefined && TOKENS[username] === password ? username : undefined),
    submit: (systemId, input) => {
      const s = { systemId, input };
      submitted.push(s);
      return answer(s);
    },
    logger: silentLogger(),
    maxRequestBytes: 64 * 1024,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  submitted.length = 0;
  answer = async () => ({ status: 'accepted', duplicate: false });
});

/** A department's SOAP client, built from the WSDL the hub serves at ?wsdl, with a UsernameToken. */
async function departmentClient(username = 'hrss-social-insurance', password = TOKENS[username] ?? 'x'): Promise<soap.Client> {
  const client = await soap.createClientAsync(`${base}/soap/results?wsdl`, { disableCache: true });
  client.setSecurity(new soap.WSSecurity(username, password));
  clients.push(client);
  return client;
}

const acceptance = {
  caseId: 'NB2026000123',
  kind: 'acceptance',
  outcome: 'accepted',
  receipt: 'SJ00000001',
  decidedAt: '2026-03-02T10:00:00+08:00',
  documents: { document: [{ fileName: '受理通知书.pdf', mediaType: 'application/pdf', uri: 'https://shbx.example.gov.cn/docs/1.pdf' }] },
};

async function faultOf(promise: Promise<unknown>): Promise<{ code: string; text: string; status: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { root?: { Envelope?: { Body?: { Fault?: { faultcode?: string; faultstring?: string } } } }; response?: { status: number } };
    const fault = e.root?.Envelope?.Body?.Fault;
    if (!fault) throw error;
    return { code: String(fault.faultcode), text: String(fault.faultstring), status: e.response?.status ?? 0 };
  }
  throw new Error('expected a fault');
}

function post(path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"urn:owh:wsdl:results:1/SubmitResult"', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function envelope(body: string, prolog = '', username = 'hrss-social-insurance', password = TOKENS['hrss-social-insurance']): string {
  return `<?xml version="1.0" encoding="utf-8"?>${prolog}<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:r="urn:owh:wsdl:results:1">`
    + '<soap:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">'
    + `<wsse:UsernameToken><wsse:Username>${username}</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">${password}</wsse:Password></wsse:UsernameToken>`
    + `</wsse:Security></soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

describe('the hub\'s SOAP callback endpoint (SubmitResult)', () => {
  it('serves its WSDL at ?wsdl with the address the caller reached it at', async () => {
    const wsdl = await (await fetch(`${base}/soap/results?wsdl`)).text();
    expect(wsdl).toContain(`<soap:address location="${base}/soap/results"/>`);
    expect(wsdl).toContain('<wsdl:operation name="SubmitResult">');
  });

  it('stores a result sent by a system with its UsernameToken, and answers {caseId, status, duplicate}', async () => {
    const client = await departmentClient();
    const [result] = await client.SubmitResultAsync(acceptance);

    expect(result).toEqual({ caseId: 'NB2026000123', status: 'accepted', duplicate: false });
    expect(submitted).toEqual([{
      systemId: 'hrss-social-insurance',
      input: {
        caseId: 'NB2026000123',
        body: {
          caseId: 'NB2026000123',
          kind: 'acceptance',
          outcome: 'accepted',
          receipt: 'SJ00000001',
          decidedAt: '2026-03-02T10:00:00+08:00',
          documents: [{ fileName: '受理通知书.pdf', mediaType: 'application/pdf', uri: 'https://shbx.example.gov.cn/docs/1.pdf' }],
        },
      },
    }]);
  });

  it('takes a request for more material (补正) with the materials it asks for', async () => {
    answer = async () => ({ status: 'awaiting-supplement', duplicate: false });
    const [result] = await (await departmentClient()).SubmitResultAsync({
      caseId: 'NB2026000123', kind: 'supplement', outcome: 'requested', reason: '请补充劳动合同',
      materials: { material: [{ name: '劳动合同', note: '加盖单位公章' }, { name: '身份证复印件' }] },
    });
    expect(result).toEqual({ caseId: 'NB2026000123', status: 'awaiting-supplement', duplicate: false });
    expect(submitted.at(-1)!.input.body).toEqual({
      caseId: 'NB2026000123', kind: 'supplement', outcome: 'requested', reason: '请补充劳动合同',
      materials: [{ name: '劳动合同', note: '加盖单位公章' }, { name: '身份证复印件' }],
    });
  });

  it('answers duplicate=true for a result the hub already had', async () => {
    answer = async () => ({ status: 'accepted', duplicate: true });
    const [result] = await (await departmentClient()).SubmitResultAsync(acceptance);
    expect(result.duplicate).toBe(true);
  });

  it('refuses a wrong result token, or none, with a soap:Client fault naming OWH_AUTH_REQUIRED, and stores nothing', async () => {
    const wrong = await faultOf((await departmentClient('hrss-social-insurance', 'guessed')).SubmitResultAsync(acceptance));
    const unknown = await faultOf((await departmentClient('no-such-system', 'x')).SubmitResultAsync(acceptance));
    const anonymous = await soap.createClientAsync(`${base}/soap/results?wsdl`, { disableCache: true });
    const none = await faultOf(anonymous.SubmitResultAsync(acceptance));

    for (const fault of [wrong, unknown, none]) {
      expect(fault.code).toBe('soap:Client');
      expect(fault.text).toMatch(/^OWH_AUTH_REQUIRED: /);
      expect(fault.status).toBe(401);
    }
    expect(wrong.text).not.toContain('guessed');
    expect(submitted).toHaveLength(0);
  });

  it('answers a result the hub refuses with a soap:Client fault carrying the hub\'s code and message, masked', async () => {
    answer = async () => {
      throw new OwhError('OWH_RESULT_INVALID', { message: `申请人 ${ID_NUMBER} 的结果不完整: /reason is required` });
    };
    const fault = await faultOf((await departmentClient()).SubmitResultAsync({ ...acceptance, outcome: 'rejected' }));
    expect(fault).toEqual({ code: 'soap:Client', text: 'OWH_RESULT_INVALID: 申请人 330203********123X 的结果不完整: /reason is required', status: 500 });
  });

  it('answers a soap:Server fault when the hub cannot store the result now (the system should try again)', async () => {
    answer = async () => {
      throw new Error('SQLITE_BUSY');
    };
    const fault = await faultOf((await departmentClient()).SubmitResultAsync(acceptance));
    expect(fault.code).toBe('soap:Server');
    expect(fault.text).toMatch(/^OWH_INTERNAL: /);
    expect(fault.text).not.toContain('SQLITE_BUSY');
  });

  it('refuses a request with a DOCTYPE (XXE) before parsing it', async () => {
    const body = '<r:SubmitResult><r:caseId>&x;</r:caseId><r:kind>acceptance</r:kind><r:outcome>accepted</r:outcome></r:SubmitResult>';
    const res = await post('/soap/results', envelope(body, '<!DOCTYPE soap:Envelope [<!ENTITY x SYSTEM "file:///etc/passwd">]>'));
    expect(res.status).toBe(400);
    expect(res.body).toContain('<faultcode>soap:Client</faultcode><faultstring>OWH_XML_UNSAFE: the request was refused before parsing: it has a DOCTYPE declaration');
    expect(submitted).toHaveLength(0);
  });

  it('refuses a request over the size limit', async () => {
    const res = await post('/soap/results', envelope(`<r:SubmitResult><r:caseId>${'x'.repeat(70_000)}</r:caseId></r:SubmitResult>`));
    expect(res.status).toBe(413);
    expect(res.body).toContain('OWH_XML_UNSAFE: the request is larger than 65536 bytes');
  });

  it('reads a request sent in GBK', async () => {
    const [head, tail] = envelope('<r:SubmitResult><r:caseId>NB2026000124</r:caseId><r:kind>acceptance</r:kind><r:outcome>rejected</r:outcome><r:reason>@</r:reason></r:SubmitResult>').split('@');
    const gbk = Buffer.from([0xc4, 0xfe, 0xb2, 0xa8]); // 宁波
    const res = await post('/soap/results', Buffer.concat([Buffer.from(head), gbk, Buffer.from(tail)]), { 'content-type': 'text/xml; charset=GBK' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<duplicate>false</duplicate>');
    expect(submitted[0].input.body).toMatchObject({ caseId: 'NB2026000124', outcome: 'rejected', reason: '宁波' });
  });

  it('leaves every other path to the hub\'s own handler', async () => {
    const res = await fetch(`${base}/api/v1/health`);
    expect(await res.text()).toBe('the hub\'s own API');
  });

  it('keeps its WSDL in schemas/wsdl', () => {
    expect(RESULTS_WSDL.replace(/\\/g, '/')).toMatch(/schemas\/wsdl\/owh-results\.wsdl$/);
  });
});
