import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseStringPromise } from 'xml2js';
import type { OutboundMessage } from '../../../../src/adapters/contract';
import { Cleanup, message, observeWrite, sleep } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const CASE = 'NB20261128000001';
const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');
const shortKey = (key: string): string => sha256(key).slice(0, 12);

/** A message about the case other than the case itself, keyed as the hub keys them. */
function operationMessage(operation: string, ref: string, payload: unknown, overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return message({ operation, idempotencyKey: `${CASE}:nrp-realestate:${operation}:${ref}`, payload, ...overrides });
}

const opinion = (ref: string, yj = 'agree') => operationMessage('opinion', ref, { caseId: CASE, from: { system: 'amr-registration', department: 'amr' }, opinion: yj, reason: '材料齐全' });

describe('file adapter: other messages about a case (operations)', () => {
  it('writes an opinion beside the case file, under a name that shows the operation and is its own', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox });
    const m = opinion('R-1');

    await connector.send(message());
    const result = await connector.send(m);

    const name = `${CASE}.opinion.${shortKey(m.idempotencyKey)}.json`;
    expect(readdirSync(outbox).sort()).toEqual([`${CASE}.json`, name].sort());
    const bytes = readFileSync(join(outbox, name));
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(m.payload);
    expect(result.body).toEqual({ file: name, bytes: bytes.length, sha256: sha256(bytes) });
    // The case file is untouched.
    expect(JSON.parse(readFileSync(join(outbox, `${CASE}.json`), 'utf8'))).toEqual(message().payload);
  });

  it('gives two opinions of one case two files, and a re-sent opinion no second effect', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox });
    const first = opinion('R-1');
    const second = opinion('R-2', 'disagree');

    await connector.send(first);
    await connector.send(second);
    const before = statSync(join(outbox, `${CASE}.opinion.${shortKey(first.idempotencyKey)}.json`));
    await sleep(20);
    const again = await connector.send({ ...first, attempt: 2 });

    expect(readdirSync(outbox).sort()).toEqual([`${CASE}.opinion.${shortKey(first.idempotencyKey)}.json`, `${CASE}.opinion.${shortKey(second.idempotencyKey)}.json`].sort());
    expect(JSON.parse(readFileSync(join(outbox, `${CASE}.opinion.${shortKey(second.idempotencyKey)}.json`), 'utf8')).opinion).toBe('disagree');
    expect(again.body).toMatchObject({ unchanged: true });
    const after = statSync(join(outbox, `${CASE}.opinion.${shortKey(first.idempotencyKey)}.json`));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('never shows a partial operation file under its final name, and leaves no temporary file', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox, timeoutMs: 60_000 });
    const m = operationMessage('supplement', 'BZ-1', { supplementId: 'BZ-1', note: 'x'.repeat(32 * 1024 * 1024) });
    const finalPath = join(outbox, `${CASE}.supplement.${shortKey(m.idempotencyKey)}.json`);
    const expectedSize = Buffer.byteLength(JSON.stringify(m.payload, null, 2)) + 1;

    const { sizesSeen, sawTemporary } = await observeWrite(outbox, finalPath, () => connector.send(m));

    expect(sawTemporary).toBe(true);
    expect(sizesSeen.every((s) => s === expectedSize)).toBe(true);
    expect(readdirSync(outbox)).toEqual([`${CASE}.supplement.${shortKey(m.idempotencyKey)}.json`]);
  }, 60_000);

  it('names an operation\'s files by its own fileName, in the connector\'s format, with {operation} and {ref} sanitised', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({
      outbox,
      format: 'xml',
      xml: { root: 'sqxx' },
      fileName: '{itemCode}_{caseId}.{ext}',
      operations: { opinion: { fileName: 'YJ_{caseId}_{operation}_{ref}.{ext}' }, supplement: { fileName: 'BZ_{key}.xml' } },
    });
    const plain = opinion('R-1');
    const unsafe = opinion('amr/2026:07');
    const supplement = operationMessage('supplement', 'BZ-1', { supplementId: 'BZ-1' });

    await connector.send(message());
    const a = await connector.send(plain);
    const b = await connector.send(unsafe);
    const c = await connector.send(supplement);

    expect((a.body as { file: string }).file).toBe(`YJ_${CASE}_opinion_R-1.xml`);
    expect((b.body as { file: string }).file).toMatch(new RegExp(`^YJ_${CASE}_opinion_amr_2026_07-[0-9a-f]{8}\\.xml$`));
    expect((c.body as { file: string }).file).toBe(`BZ_${shortKey(supplement.idempotencyKey)}.xml`);
    expect(readdirSync(outbox).sort()).toEqual([`QR00201001_${CASE}.xml`, `YJ_${CASE}_opinion_R-1.xml`, (b.body as { file: string }).file, `BZ_${shortKey(supplement.idempotencyKey)}.xml`].sort());
    const xml = await parseStringPromise(readFileSync(join(outbox, `YJ_${CASE}_opinion_R-1.xml`), 'utf8'));
    expect(xml.sqxx.opinion).toEqual(['agree']);
  });

  it('writes operations it has no settings for under the default name, whatever the case\'s fileName', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox, fileName: 'SQ_{caseId}.{ext}', operations: { opinion: {} } });
    const m = operationMessage('withdrawal', 'W1', { reason: '申请人撤回' });

    const result = await connector.send(m);
    await connector.send(opinion('R-1'));

    expect((result.body as { file: string }).file).toBe(`${CASE}.withdrawal.${shortKey(m.idempotencyKey)}.json`);
    expect(readdirSync(outbox)).toContain(`${CASE}.opinion.${shortKey(opinion('R-1').idempotencyKey)}.json`);
  });

  it('finds an operation\'s file under an earlier {date}, so a re-send on a later day is still one file', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox, operations: { opinion: { fileName: 'YJ_{date}_{caseId}_{operation}_{ref}.{ext}' } } });
    writeFileSync(join(outbox, `YJ_20200101_${CASE}_opinion_R-1.json`), 'older');

    const result = await connector.send(opinion('R-1'));
    const other = await connector.send(opinion('R-2'));

    expect(result.body).toMatchObject({ file: `YJ_20200101_${CASE}_opinion_R-1.json` });
    expect((other.body as { file: string }).file).toMatch(new RegExp(`^YJ_\\d{8}_${CASE}_opinion_R-2\\.json$`));
  });

  it('copies a supplement\'s materials beside its file, as for a case', async () => {
    const f = cleanup.folders();
    const root = join(f.root, 'materials');
    const scan = Buffer.from('%PDF-1.7 补正材料');
    mkdirSync(root);
    writeFileSync(join(root, 'scan.pdf'), scan);
    const connector = cleanup.connector({ outbox: f.outbox, materials: { mode: 'copy', root } });
    const m = operationMessage('supplement', 'BZ-1', { supplementId: 'BZ-1', materials: [{ uri: pathToFileURL(join(root, 'scan.pdf')).href, sha256: sha256(scan), fileName: '补正.pdf' }] });

    const result = await connector.send(m);

    const stem = `${CASE}.supplement.${shortKey(m.idempotencyKey)}`;
    expect(readdirSync(f.outbox).sort()).toEqual([stem, `${stem}.json`].sort());
    expect(readFileSync(join(f.outbox, stem, '补正.pdf')).equals(scan)).toBe(true);
    expect(result.body).toMatchObject({ file: `${stem}.json`, materials: [{ file: `${stem}/补正.pdf`, bytes: scan.length, sha256: sha256(scan) }] });
  });

  it('tells messages apart by their whole key when it is shaped otherwise', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox, operations: { opinion: { fileName: '{caseId}_{operation}_{ref}.{ext}' } } });

    const result = await connector.send(opinion('ignored', 'agree'));
    const odd = await connector.send({ ...opinion('x'), idempotencyKey: 'legacy-key-42' });

    expect((result.body as { file: string }).file).toBe(`${CASE}_opinion_ignored.json`);
    expect((odd.body as { file: string }).file).toBe(`${CASE}_opinion_legacy-key-42.json`);
  });
});
