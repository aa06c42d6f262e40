import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { safeMaterialName } from '../../../../adapters/file/materials';
import { Cleanup, Folders, message, rejection } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** A materials folder with two scans in it. */
function materialsRoot(f: Folders): { root: string; idCard: Buffer; licence: Buffer } {
  const root = join(f.root, 'materials');
  mkdirSync(join(root, 'NB1'), { recursive: true });
  const idCard = Buffer.from('JPEG…身份证正面…'.repeat(1000));
  const licence = Buffer.from('%PDF-1.7 营业执照');
  writeFileSync(join(root, 'NB1', 'id-card.jpg'), idCard);
  writeFileSync(join(root, 'NB1', 'licence.pdf'), licence);
  return { root, idCard, licence };
}

describe('file adapter: copying materials beside the case file', () => {
  it('copies each material into a folder named after the case, before the case file, sha256 checked', async () => {
    const f = cleanup.folders();
    const { root, idCard, licence } = materialsRoot(f);
    const connector = cleanup.connector({ outbox: f.outbox, materials: { mode: 'copy', from: 'cl', fileNameField: 'wjm', root } });
    const payload = {
      ywlsh: 'NB1',
      cl: [
        { uri: pathToFileURL(join(root, 'NB1', 'id-card.jpg')).href, sha256: sha256(idCard), wjm: '身份证 正面.jpg' },
        { uri: pathToFileURL(join(root, 'NB1', 'licence.pdf')).href, sha256: sha256(licence) },
      ],
    };

    const result = await connector.send(message({ caseId: 'NB1', payload }));

    expect(readdirSync(f.outbox).sort()).toEqual(['NB1', 'NB1.json']);
    expect(readdirSync(join(f.outbox, 'NB1')).sort()).toEqual(['licence.pdf', '身份证_正面.jpg']);
    expect(readFileSync(join(f.outbox, 'NB1', '身份证_正面.jpg')).equals(idCard)).toBe(true);
    expect(readFileSync(join(f.outbox, 'NB1', 'licence.pdf')).equals(licence)).toBe(true);
    expect(result.body).toMatchObject({
      file: 'NB1.json',
      materials: [
        { file: 'NB1/身份证_正面.jpg', bytes: idCard.length, sha256: sha256(idCard) },
        { file: 'NB1/licence.pdf', bytes: licence.length, sha256: sha256(licence) },
      ],
    });
    // The case file came last: its materials were already in place when it appeared.
    expect(statSync(join(f.outbox, 'NB1.json')).mtimeMs).toBeGreaterThanOrEqual(statSync(join(f.outbox, 'NB1', 'licence.pdf')).mtimeMs);
  });

  it('refuses for good a material whose bytes do not match its sha256, and writes neither it nor the case file', async () => {
    const f = cleanup.folders();
    const { root, idCard } = materialsRoot(f);
    const connector = cleanup.connector({ outbox: f.outbox, materials: { mode: 'copy', root } });
    const payload = { materials: [{ uri: pathToFileURL(join(root, 'NB1', 'id-card.jpg')).href, sha256: sha256(Buffer.concat([idCard, Buffer.from('x')])), fileName: 'id.jpg' }] };

    const e = await rejection(connector.send(message({ caseId: 'NB1', payload })));

    expect([e.code, e.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(e.message).toContain('do not match its sha256');
    expect(readdirSync(f.outbox)).toEqual(['NB1']);
    expect(readdirSync(join(f.outbox, 'NB1'))).toEqual([]); // no partial copy, no temporary file
  });

  it('copies nothing again when the case is sent again', async () => {
    const f = cleanup.folders();
    const { root, licence } = materialsRoot(f);
    const connector = cleanup.connector({ outbox: f.outbox, materials: { mode: 'copy', root } });
    const m = message({ caseId: 'NB1', payload: { materials: [{ uri: pathToFileURL(join(root, 'NB1', 'licence.pdf')).href, sha256: sha256(licence), fileName: 'licence.pdf' }] } });
    await connector.send(m);
    const first = statSync(join(f.outbox, 'NB1', 'licence.pdf'));

    await connector.send({ ...m, attempt: 2 });

    const second = statSync(join(f.outbox, 'NB1', 'licence.pdf'));
    expect([second.ino, second.mtimeMs]).toEqual([first.ino, first.mtimeMs]);
    expect(readdirSync(join(f.outbox, 'NB1'))).toEqual(['licence.pdf']);
  });

  it('refuses a file URI outside materials.root, also through a symbolic link', async () => {
    const f = cleanup.folders();
    const { root } = materialsRoot(f);
    writeFileSync(join(f.root, 'secret.txt'), 'secret');
    symlinkSync(join(f.root, 'secret.txt'), join(root, 'NB1', 'link.txt'));
    const connector = cleanup.connector({ outbox: f.outbox, materials: { mode: 'copy', root } });

    for (const uri of [pathToFileURL(join(f.root, 'secret.txt')).href, pathToFileURL(join(root, '..', 'secret.txt')).href, pathToFileURL(join(root, 'NB1', 'link.txt')).href]) {
      const e = await rejection(connector.send(message({ caseId: 'NB1', payload: { materials: [{ uri, sha256: sha256('secret'), fileName: 's.txt' }] } })));
      expect([uri, e.code, e.retryable]).toEqual([uri, 'OWH_SEND_REJECTED', false]);
      expect(e.message).toContain('outside materials.root');
    }
    expect(readdirSync(join(f.outbox, 'NB1'))).toEqual([]);
  });

  it('finds an inline material the hub keeps by sha256, and refuses an http URI it cannot find', async () => {
    const f = cleanup.folders();
    const root = join(f.root, 'hub-materials');
    const scan = Buffer.from('a scan kept by the hub');
    mkdirSync(join(root, sha256(scan).slice(0, 2)), { recursive: true });
    writeFileSync(join(root, sha256(scan).slice(0, 2), sha256(scan)), scan);
    const connector = cleanup.connector({ outbox: f.outbox, materials: { mode: 'copy', root } });

    await connector.send(message({ caseId: 'NB1', payload: { materials: [{ uri: 'http://127.0.0.1:8080/api/v1/cases/NB1/materials/M1', sha256: sha256(scan) }] } }));
    const e = await rejection(connector.send(message({ caseId: 'NB2', payload: { materials: [{ uri: 'https://elsewhere.example/x.pdf', sha256: sha256('other') }] } })));

    expect(readFileSync(join(f.outbox, 'NB1', 'M1')).equals(scan)).toBe(true);
    expect([e.code, e.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(e.message).toContain('https URIs cannot be fetched');
  });

  it('numbers materials that would share a name, and names unnamed ones', async () => {
    const f = cleanup.folders();
    const { root, idCard, licence } = materialsRoot(f);
    const connector = cleanup.connector({ outbox: f.outbox, materials: { mode: 'copy', root } });
    const entry = (file: string, bytes: Buffer, fileName?: string) => ({ uri: pathToFileURL(join(root, 'NB1', file)).href, sha256: sha256(bytes), fileName });
    const result = await connector.send(message({ caseId: 'NB1', payload: { materials: [entry('id-card.jpg', idCard, 'scan.jpg'), entry('licence.pdf', licence, 'SCAN.jpg'), entry('licence.pdf', licence, '../..')] } }));
    expect((result.body as { materials: Array<{ file: string }> }).materials.map((m) => m.file)).toEqual(['NB1/scan.jpg', 'NB1/SCAN-2.jpg', 'NB1/___']);
  });

  it('calls a missing materials.root retryable (a share not mounted) and a malformed list a mapping failure', async () => {
    const f = cleanup.folders();
    const missing = cleanup.connector({ outbox: f.outbox, materials: { mode: 'copy', root: join(f.root, 'not-mounted') } });
    const { root } = materialsRoot(f);
    const configured = cleanup.connector({ outbox: f.outbox, materials: { mode: 'copy', root } });

    const e1 = await rejection(missing.send(message({ payload: { materials: [{ uri: 'file:///x', sha256: sha256('x') }] } })));
    const e2 = await rejection(configured.send(message({ payload: { materials: 'not a list' } })));
    const e3 = await rejection(configured.send(message({ payload: { materials: [{ uri: 'file:///x' }] } })));

    expect([e1.code, e1.retryable]).toEqual(['OWH_SEND_NETWORK', true]);
    expect([e2.code, e3.code]).toEqual(['OWH_MAPPING_FAILED', 'OWH_MAPPING_FAILED']);
  });

  it('writes the case file alone when the payload lists no materials', async () => {
    const f = cleanup.folders();
    const { root } = materialsRoot(f);
    await cleanup.connector({ outbox: f.outbox, materials: { mode: 'copy', root } }).send(message({ caseId: 'NB1', payload: { ywlsh: 'NB1' } }));
    expect(readdirSync(f.outbox)).toEqual(['NB1.json']);
  });

  it('makes material names safe, keeping the extension', () => {
    expect(safeMaterialName('身份证 正面.jpg')).toBe('身份证_正面.jpg');
    expect(safeMaterialName('../../etc/passwd')).toBe('____etc_passwd');
    expect(safeMaterialName('.htaccess')).toBe('_htaccess');
  });
});
