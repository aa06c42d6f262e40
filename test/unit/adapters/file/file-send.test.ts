import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { parseStringPromise } from 'xml2js';
import { Cleanup, message, observeWrite, rejection, sleep } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('file adapter: delivering a case file', () => {
  it('writes the payload as JSON under {caseId}.json and answers with a receipt', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox });
    const m = message();

    const result = await connector.send(m);

    const bytes = readFileSync(join(outbox, 'NB20261128000001.json'));
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(m.payload);
    expect(result.body).toEqual({ file: 'NB20261128000001.json', bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(readdirSync(outbox)).toEqual(['NB20261128000001.json']); // nothing else: no temporary file left
  });

  it('resolves a relative outbox against the catalog folder', async () => {
    const { root, outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox: 'outbox' }, { catalogRoot: root });
    await connector.send(message());
    expect(existsSync(join(outbox, 'NB20261128000001.json'))).toBe(true);
  });

  it('writes XML under the configured root with its namespaces, and the declaration naming the encoding', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({
      outbox,
      format: 'xml',
      xml: { root: 'bdc:sqxx', namespaces: { bdc: 'http://www.nbbdc.gov.cn/schema/sqxx/1', '': 'urn:example:default' } },
      fileName: '{itemCode}_{caseId}.{ext}',
    });
    const m = message({ payload: { ywlsh: 'NB20261128000001', qlr: [{ xm: '王小明' }, { xm: '李小红' }], 'bdc:zl': '宁波市海曙区' } });

    const result = await connector.send(m);

    expect(result.body).toMatchObject({ file: 'QR00201001_NB20261128000001.xml' });
    const text = readFileSync(join(outbox, 'QR00201001_NB20261128000001.xml'), 'utf8');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"')).toBe(true);
    const doc = await parseStringPromise(text, { explicitArray: false, xmlns: true });
    const root = doc['bdc:sqxx'];
    expect(root.$ns).toEqual({ local: 'sqxx', uri: 'http://www.nbbdc.gov.cn/schema/sqxx/1' });
    expect(root['bdc:zl'].$ns.uri).toBe('http://www.nbbdc.gov.cn/schema/sqxx/1');
    expect(root.ywlsh.$ns.uri).toBe('urn:example:default');
    expect(root.ywlsh._).toBe('NB20261128000001');
    expect(root.qlr.map((q: any) => q.xm._)).toEqual(['王小明', '李小红']);
  });

  it('leaves the declaration out when told to', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox, format: 'xml', xml: { root: 'case', declaration: false } });
    await connector.send(message({ payload: { a: '1' } }));
    expect(readFileSync(join(outbox, 'NB20261128000001.xml'), 'utf8')).toBe('<case>\n  <a>1</a>\n</case>\n');
  });

  it('writes CSV in the configured column order, with a header, RFC 4180 quoting and CRLF', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({
      outbox,
      format: 'csv',
      csv: { columns: [{ name: 'BJBH', path: 'ywlsh' }, { name: 'SQR', path: 'sqr.xm' }, { name: 'BZ', path: 'bz' }, { name: 'SL', path: 'sl' }, { name: 'KONG', path: 'nothing.here' }] },
    });
    const payload = [
      { ywlsh: 'NB1', sqr: { xm: '王小明' }, bz: 'a, b', sl: 3 },
      { ywlsh: 'NB2', sqr: { xm: '李"小"红' }, bz: 'line one\r\nline two', sl: true },
    ];

    await connector.send(message({ payload }));

    const text = readFileSync(join(outbox, 'NB20261128000001.csv'), 'utf8');
    expect(text).toBe('BJBH,SQR,BZ,SL,KONG\r\nNB1,王小明,"a, b",3,\r\nNB2,"李""小""红","line one\r\nline two",true,\r\n');
  });

  it('writes CSV with another separator, LF and no header', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox, format: 'csv', csv: { columns: [{ name: 'B', path: 'b' }, { name: 'A', path: 'a' }], header: false, separator: '|', lineEnding: '\n' } });
    await connector.send(message({ payload: { a: 'x|y', b: 'plain' } }));
    expect(readFileSync(join(outbox, 'NB20261128000001.csv'), 'utf8')).toBe('plain|"x|y"\n');
  });

  it('encodes in GB18030 when told to (CSV and XML)', async () => {
    const { outbox } = cleanup.folders();
    const csv = cleanup.connector({ outbox, format: 'csv', encoding: 'gb18030', csv: { columns: [{ name: '办件编号', path: 'ywlsh' }, { name: '坐落', path: 'zl' }] } });
    const xml = cleanup.connector({ outbox, format: 'xml', encoding: 'gb18030', xml: { root: 'sqxx' } });

    await csv.send(message());
    await xml.send(message());

    const csvBytes = readFileSync(join(outbox, 'NB20261128000001.csv'));
    expect(csvBytes.includes(Buffer.from('宁波', 'utf8'))).toBe(false);
    expect(csvBytes.includes(iconv.encode('宁波', 'gb18030'))).toBe(true);
    expect(iconv.decode(csvBytes, 'gb18030')).toBe('办件编号,坐落\r\nNB20261128000001,宁波市海曙区中山西路1号\r\n');
    const xmlText = iconv.decode(readFileSync(join(outbox, 'NB20261128000001.xml')), 'gb18030');
    expect(xmlText).toContain('encoding="GB18030"');
    expect(xmlText).toContain('<zl>宁波市海曙区中山西路1号</zl>');
  });

  it('never shows a partial file under the final name, and leaves no temporary file', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox, timeoutMs: 60_000 });
    const payload = { ywlsh: 'NB20261128000001', blob: 'x'.repeat(48 * 1024 * 1024) };
    const finalPath = join(outbox, 'NB20261128000001.json');
    const expectedSize = Buffer.byteLength(JSON.stringify(payload, null, 2)) + 1;

    const { sizesSeen, sawTemporary } = await observeWrite(outbox, finalPath, () => connector.send(message({ payload })));

    expect(sawTemporary).toBe(true); // the observer was looking while the file was being written
    expect(sizesSeen.every((s) => s === expectedSize)).toBe(true);
    expect(statSync(finalPath).size).toBe(expectedSize);
    expect(readdirSync(outbox)).toEqual(['NB20261128000001.json']);
  }, 60_000);

  it('has one effect when the same case is sent again: the file is not rewritten', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox });
    const m = message();
    await connector.send(m);
    const first = statSync(join(outbox, 'NB20261128000001.json'));
    await sleep(20);

    const again = await connector.send({ ...m, attempt: 2 });

    const second = statSync(join(outbox, 'NB20261128000001.json'));
    expect(readdirSync(outbox)).toEqual(['NB20261128000001.json']);
    expect([second.ino, second.mtimeMs]).toEqual([first.ino, first.mtimeMs]);
    expect(again.body).toMatchObject({ file: 'NB20261128000001.json', unchanged: true });
  });

  it('replaces the file atomically when the case is sent again with different content (a corrected mapping)', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox });
    const m = message();
    await connector.send(m);

    await connector.send({ ...m, attempt: 2, payload: { ...(m.payload as object), zl: '宁波市鄞州区' } });

    expect(readdirSync(outbox)).toEqual(['NB20261128000001.json']);
    expect(JSON.parse(readFileSync(join(outbox, 'NB20261128000001.json'), 'utf8')).zl).toBe('宁波市鄞州区');
  });

  it('keeps one file per case on a file system without hard links', async () => {
    const { outbox } = cleanup.folders();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fsp = require('node:fs/promises') as typeof import('node:fs/promises');
    const noLinks = jest.spyOn(fsp, 'link').mockRejectedValue(Object.assign(new Error('operation not permitted'), { code: 'EPERM' }));
    try {
      const connector = cleanup.connector({ outbox });
      const m = message();
      const first = await connector.send(m);
      const before = statSync(join(outbox, 'NB20261128000001.json'));
      const again = await connector.send({ ...m, attempt: 2 });
      const after = statSync(join(outbox, 'NB20261128000001.json'));
      await connector.send({ ...m, attempt: 3, payload: { changed: true } });

      expect(noLinks).toHaveBeenCalled();
      expect(first.body).not.toHaveProperty('unchanged');
      expect(again.body).toMatchObject({ unchanged: true });
      expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
      expect(readdirSync(outbox)).toEqual(['NB20261128000001.json']);
      expect(JSON.parse(readFileSync(join(outbox, 'NB20261128000001.json'), 'utf8'))).toEqual({ changed: true });
    } finally {
      noLinks.mockRestore();
    }
  });

  it('finds the file a case already has under an earlier {date}, so a re-send on a later day is still one file', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox, fileName: 'SQ_{date}_{caseId}.{ext}' });
    const m = message();
    writeFileSync(join(outbox, 'SQ_20200101_NB20261128000001.json'), 'older');
    writeFileSync(join(outbox, 'SQ_20200101_NB20261128000002.json'), 'another case');

    const result = await connector.send(m);

    expect(result.body).toMatchObject({ file: 'SQ_20200101_NB20261128000001.json' });
    expect(readdirSync(outbox).sort()).toEqual(['SQ_20200101_NB20261128000001.json', 'SQ_20200101_NB20261128000002.json']);
    const fresh = await connector.send(message({ caseId: 'NB20261128000003' }));
    expect((fresh.body as { file: string }).file).toMatch(/^SQ_\d{8}_NB20261128000003\.json$/);
  });

  it('keeps a caseId like ../../etc/passwd inside the outbox', async () => {
    const { root, outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox, fileName: '{caseId}' });
    const hostile = ['../../etc/passwd', '..', '/etc/passwd', '..\\..\\windows', '.hidden', 'a/../../b', 'CON'];

    const names: string[] = [];
    for (const caseId of hostile) {
      const result = await connector.send(message({ caseId }));
      names.push((result.body as { file: string }).file);
    }

    expect(readdirSync(root).sort()).toEqual(['inbox', 'outbox']);
    expect(readdirSync(outbox).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/);
      expect(name).not.toContain('..');
    }
    expect(new Set(names).size).toBe(hostile.length); // each case its own file
  });

  it('keeps CJK in names and gives different unsafe values different names', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox, fileName: '不动产_{caseId}.{ext}' });
    const a = await connector.send(message({ caseId: '宁波/2026 1' }));
    const b = await connector.send(message({ caseId: '宁波_2026_1' }));
    expect((a.body as { file: string }).file).toMatch(/^不动产_宁波_2026_1-[0-9a-f]{8}\.json$/);
    expect((b.body as { file: string }).file).toBe('不动产_宁波_2026_1.json');
  });

  it('refuses for good a payload the format cannot hold, and writes nothing', async () => {
    const { outbox } = cleanup.folders();
    const csv = cleanup.connector({ outbox, format: 'csv', csv: { columns: [{ name: 'SQR', path: 'sqr' }] } });
    const xml = cleanup.connector({ outbox, format: 'xml', xml: { root: 'r' } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;

    const errors = [
      await rejection(csv.send(message())),
      await rejection(xml.send(message({ payload: { '1st': 'x' } }))),
      await rejection(xml.send(message({ payload: { text: 'bell\u0007 13812345678' } }))),
      await rejection(cleanup.connector({ outbox }).send(message({ payload: cyclic }))),
    ];

    expect(errors.map((e) => [e.code, e.retryable])).toEqual(Array(4).fill(['OWH_SEND_REJECTED', false]));
    expect(errors[0].message).toContain("column 'SQR' (sqr) is an object");
    expect(errors[2].message).not.toContain('13812345678');
    expect(readdirSync(outbox)).toEqual([]);
  });

  it('calls no payload a mapping failure', async () => {
    const { outbox } = cleanup.folders();
    const e = await rejection(cleanup.connector({ outbox }).send(message({ payload: undefined })));
    expect([e.code, e.retryable]).toEqual(['OWH_MAPPING_FAILED', false]);
  });

  it('refuses for good when a folder stands at the case file\'s name', async () => {
    const { outbox } = cleanup.folders();
    mkdirSync(join(outbox, 'NB20261128000001.json'));
    const e = await rejection(cleanup.connector({ outbox }).send(message()));
    expect([e.code, e.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(readdirSync(outbox)).toEqual(['NB20261128000001.json']);
  });

  it('calls a missing outbox, or one under a file, retryable — and does not create it', async () => {
    const { root } = cleanup.folders();
    writeFileSync(join(root, 'a-file'), '');
    const missing = await rejection(cleanup.connector({ outbox: join(root, 'share-not-mounted') }).send(message()));
    const underFile = await rejection(cleanup.connector({ outbox: join(root, 'a-file', 'outbox') }).send(message()));

    expect([missing.code, missing.retryable]).toEqual(['OWH_SEND_NETWORK', true]);
    expect(missing.message).toContain('does not exist');
    expect([underFile.code, underFile.retryable]).toEqual(['OWH_SEND_NETWORK', true]);
    expect(existsSync(join(root, 'share-not-mounted'))).toBe(false);
  });

  it('delivers again once a missing outbox is back', async () => {
    const { root } = cleanup.folders();
    const outbox = join(root, 'later');
    const connector = cleanup.connector({ outbox });
    expect((await rejection(connector.send(message()))).code).toBe('OWH_SEND_NETWORK');
    mkdirSync(outbox);
    await expect(connector.send(message())).resolves.toMatchObject({ body: { file: 'NB20261128000001.json' } });
  });

  it('stops at the caller\'s abort, retryable, writing nothing', async () => {
    const { outbox } = cleanup.folders();
    const e = await rejection(cleanup.connector({ outbox }).send(message(), AbortSignal.abort()));
    expect([e.code, e.retryable]).toEqual(['OWH_SEND_TIMEOUT', true]);
    await sleep(50);
    expect(readdirSync(outbox)).toEqual([]);
  });

  it('sends many cases at once, each to its own file', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox });
    await Promise.all(Array.from({ length: 64 }, (_, i) => connector.send(message({ caseId: `NB2026112800${String(i).padStart(4, '0')}` }))));
    const names = readdirSync(outbox);
    expect(names).toHaveLength(64);
    expect(names.every((n) => n.endsWith('.json'))).toBe(true);
  });
});
