import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { soapAdapter } from '../../../../adapters/soap';
import { unsafeXmlReason, decodeXml } from '../../../../adapters/soap/xml-safety';
import { tempDir } from '../../../helpers/temp-dir';
import { Cleanup, context, HRSS_NS, HRSS_WSDL, message, rejection, settings } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

function envelope(inner: string, prolog = ''): string {
  return `<?xml version="1.0" encoding="utf-8"?>${prolog}<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${inner}</soap:Body></soap:Envelope>`;
}

function receipt(sjbh: string): string {
  return `<SubmitApplicationResponse xmlns="${HRSS_NS}"><sjbh>${sjbh}</sjbh><code>0000</code><msg>ok</msg></SubmitApplicationResponse>`;
}

describe('soap adapter: untrusted XML is refused before parsing', () => {
  it('refuses an answer with a DOCTYPE and entities (an XXE attempt): nothing is expanded or fetched', async () => {
    const leak = await cleanup.raw((_req, res) => res.end('LEAKED-FILE-CONTENT'));
    const answer = envelope(
      receipt('&secret;&leak;'),
      `<!DOCTYPE soap:Envelope [<!ENTITY secret "EXPANDED-SECRET"><!ENTITY leak SYSTEM "${leak.url('/leak')}">]>`,
    );
    const raw = await cleanup.raw((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
      res.end(answer);
    });

    const error = await rejection(cleanup.connector(settings(raw)).send(message()));

    expect([error.code, error.retryable]).toEqual(['OWH_XML_UNSAFE', false]);
    expect(error.message).toBe(`the answer of SOAP SubmitApplication at ${raw.url()} was refused before parsing: it has a DOCTYPE declaration (no department message needs one; it can declare entities)`);
    expect(JSON.stringify({ message: error.message, cause: String(error.cause) })).not.toMatch(/EXPANDED-SECRET|LEAKED-FILE-CONTENT/);
    expect(leak.requests).toHaveLength(0);
  });

  it('refuses a fault answer with a DOCTYPE too (the check comes before the fault is read)', async () => {
    const raw = await cleanup.raw((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/xml' });
      res.end(envelope('<soap:Fault><faultcode>soap:Client</faultcode><faultstring>&x;</faultstring></soap:Fault>', '<!DOCTYPE x [<!ENTITY x "boom">]>'));
    });
    const error = await rejection(cleanup.connector(settings(raw)).send(message()));
    expect(error.code).toBe('OWH_XML_UNSAFE');
  });

  it('refuses an entity declaration even without a DOCTYPE', async () => {
    const raw = await cleanup.raw((_req, res) => res.end(envelope(receipt('x'), '<!ENTITY x "y">')));
    const error = await rejection(cleanup.connector(settings(raw)).send(message()));
    expect(error.code).toBe('OWH_XML_UNSAFE');
    expect(error.message).toContain('entity declaration');
  });

  it.each([
    ['with a Content-Length', true],
    ['chunked, without a Content-Length', false],
  ])('refuses an answer over maxResponseBytes (%s)', async (_label, withLength) => {
    const body = envelope(receipt('x'.repeat(10_000)));
    const raw = await cleanup.raw((_req, res) => {
      if (withLength) res.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) });
      else res.writeHead(200, { 'content-type': 'text/xml' });
      if (withLength) return void res.end(body);
      // In pieces, so the limit is crossed while reading.
      for (let i = 0; i < body.length; i += 1000) res.write(body.slice(i, i + 1000));
      res.end();
    });
    const connector = cleanup.connector(settings(raw, { maxResponseBytes: 4096 }));

    const error = await rejection(connector.send(message()));

    expect([error.code, error.retryable]).toEqual(['OWH_XML_UNSAFE', false]);
    expect(error.message).toContain('larger than maxResponseBytes (4096 bytes)');
  });

  it('takes an answer of exactly maxResponseBytes', async () => {
    const body = envelope(receipt('SJ1'));
    const raw = await cleanup.raw((_req, res) => res.end(body));
    const connector = cleanup.connector(settings(raw, { maxResponseBytes: Buffer.byteLength(body) }));
    await expect(connector.send(message())).resolves.toMatchObject({ body: { sjbh: 'SJ1' } });
  });

  it('reads an answer in GBK, declared by its content type', async () => {
    const gbk = Buffer.from([0xc4, 0xfe, 0xb2, 0xa8]); // 宁波 in GBK
    const raw = await cleanup.raw((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=GBK' });
      const [head, tail] = envelope(receipt('SJ1').replace('<msg>ok</msg>', '<msg>@</msg>')).split('@');
      res.end(Buffer.concat([Buffer.from(head), gbk, Buffer.from(tail)]));
    });
    await expect(cleanup.connector(settings(raw)).send(message())).resolves.toMatchObject({ body: { msg: '宁波' } });
  });

  it('refuses a WSDL with a DOCTYPE, and one that imports from the network, at create()', () => {
    const dir = tempDir('owh-soap-wsdl-');
    try {
      const wsdl = readFileSync(HRSS_WSDL, 'utf8');
      writeFileSync(join(dir.path, 'doctype.wsdl'), wsdl.replace('<wsdl:definitions', '<!DOCTYPE wsdl:definitions [<!ENTITY e "x">]>\n<wsdl:definitions'));
      writeFileSync(join(dir.path, 'remote.wsdl'), wsdl.replace('<wsdl:types>', '<wsdl:import namespace="urn:x" location="http://schemas.example.gov.cn/common.wsdl"/>\n  <wsdl:types>'));
      const ctx = context({}, { catalogRoot: dir.path });
      const base = { endpoint: 'http://127.0.0.1:9/ws', operation: 'SubmitApplication', connections: 1, auth: { type: 'none' as const }, idempotencyHeader: 'IdempotencyKey', maxResponseBytes: 1024, health: {} };

      expect(() => soapAdapter.create({ ...base, wsdl: 'doctype.wsdl' }, ctx)).toThrow(expect.objectContaining({ code: 'OWH_XML_UNSAFE' }));
      expect(() => soapAdapter.create({ ...base, wsdl: 'remote.wsdl' }, ctx)).toThrow(expect.objectContaining({ code: 'OWH_CATALOG_INVALID', message: expect.stringContaining('http://schemas.example.gov.cn/common.wsdl') }));
    } finally {
      dir.cleanup();
    }
  });
});

describe('the XML safety rule', () => {
  it.each([
    ['<!DOCTYPE a>', true],
    ['<!doctype a>', true],
    ['<! DOCTYPE a>', true],
    ['<a><!ENTITY x "y"></a>', true],
    ['<a>DOCTYPE and ENTITY as words</a>', false],
    ['<a><![CDATA[x]]></a>', false],
  ])('%s is refused: %s', (text, refused) => {
    expect(unsafeXmlReason(text) !== undefined).toBe(refused);
  });

  it('decodes by charset, then byte-order mark, then the XML declaration, else UTF-8', () => {
    const gbk = Buffer.from([0xc4, 0xfe, 0xb2, 0xa8]);
    expect(decodeXml(gbk, 'text/xml; charset=gbk')).toBe('宁波');
    expect(decodeXml(Buffer.concat([Buffer.from('<?xml version="1.0" encoding="GB18030"?><a>'), gbk, Buffer.from('</a>')]), 'text/xml')).toContain('宁波');
    expect(decodeXml(Buffer.from('\ufeff<a>宁波</a>', 'utf16le'), undefined)).toBe('<a>宁波</a>');
    expect(decodeXml(Buffer.from('<a>宁波</a>'), 'text/xml; charset=no-such-charset')).toBe('<a>宁波</a>');
  });
});
