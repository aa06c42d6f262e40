import type { FSWatcher } from 'node:fs';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { OwhError } from '../../../../src/errors/owh-error';
import { RecordingResultSink } from '../../../helpers/connector-context';
import { Cleanup, eventually, sleep } from './fixtures';

const cleanup = new Cleanup();
afterEach(async () => {
  jest.restoreAllMocks();
  await cleanup.run();
});

/** Fast pickup settings for tests. */
const fast = { pollIntervalMs: 100, stableMs: 100 };

const result = (caseId: string, extra: Record<string, unknown> = {}): string => JSON.stringify({ caseId, kind: 'acceptance', outcome: 'accepted', ...extra });

/** Drops a file the way a careful department does: a hidden temporary name, then a rename. */
function drop(folder: string, name: string, content: string | Buffer): void {
  writeFileSync(join(folder, `.${name}.part`), content);
  renameSync(join(folder, `.${name}.part`), join(folder, name));
}

const files = (folder: string): string[] => (existsSync(folder) ? readdirSync(folder).sort() : []);

describe('file adapter: picking up result files', () => {
  it('hands a JSON result to the hub, then moves the file to processed/', async () => {
    const { outbox, inbox } = cleanup.folders();
    const { connector, sink } = cleanup.withSink({ outbox, inbox, results: fast });
    drop(inbox, 'NB1.json', result('NB1'));

    await connector.start!();
    await eventually(() => files(join(inbox, 'processed')).includes('NB1.json'), 'the file in processed/');

    expect(sink.submitted).toEqual([{ body: { caseId: 'NB1', kind: 'acceptance', outcome: 'accepted' } }]);
    expect(files(inbox)).toEqual(['processed']);
    expect(readFileSync(join(inbox, 'processed', 'NB1.json'), 'utf8')).toBe(result('NB1'));
  });

  it('hands one result per element of a JSON list', async () => {
    const { outbox, inbox } = cleanup.folders();
    const { connector, sink } = cleanup.withSink({ outbox, inbox, results: fast });
    drop(inbox, 'batch.json', `[${result('NB1')},${result('NB2')}]`);
    await connector.start!();
    await eventually(() => files(join(inbox, 'processed')).includes('batch.json'), 'the file in processed/');
    expect(sink.submitted.map((s) => (s.body as { caseId: string }).caseId)).toEqual(['NB1', 'NB2']);
  });

  it('reads an XML result (namespace prefixes dropped) and moves it', async () => {
    const { outbox, inbox } = cleanup.folders();
    const { connector, sink } = cleanup.withSink({ outbox, inbox, results: { ...fast, format: 'xml' } });
    drop(inbox, 'JG_NB1.XML', '<?xml version="1.0" encoding="UTF-8"?>\n<bdc:jg xmlns:bdc="urn:x"><bdc:ywlsh>NB1</bdc:ywlsh><bdc:zt dm="1">受理</bdc:zt></bdc:jg>');
    await connector.start!();
    await eventually(() => files(join(inbox, 'processed')).includes('JG_NB1.XML'), 'the file in processed/');
    expect(sink.submitted).toEqual([{ body: { jg: { $: { 'xmlns:bdc': 'urn:x' }, ywlsh: 'NB1', zt: { _: '受理', $: { dm: '1' } } } } }]);
  });

  it('reads a GB18030 CSV result into one result per row, keyed by the header', async () => {
    const { outbox, inbox } = cleanup.folders();
    const { connector, sink } = cleanup.withSink({ outbox, inbox, results: { ...fast, format: 'csv', encoding: 'gb18030', pattern: 'JG_*.csv' } });
    drop(inbox, 'JG_20261128.csv', iconv.encode('办件编号,结果,意见\r\nNB1,准予许可,"材料齐全, 同意"\r\nNB2,不予许可,"缺""营业执照"""\r\n', 'gb18030'));
    await connector.start!();
    await eventually(() => files(join(inbox, 'processed')).includes('JG_20261128.csv'), 'the file in processed/');
    expect(sink.submitted.map((s) => s.body)).toEqual([
      { 办件编号: 'NB1', 结果: '准予许可', 意见: '材料齐全, 同意' },
      { 办件编号: 'NB2', 结果: '不予许可', 意见: '缺"营业执照"' },
    ]);
  });

  it('matches a regular expression pattern, and never touches other files', async () => {
    const { outbox, inbox } = cleanup.folders();
    const { connector, sink } = cleanup.withSink({ outbox, inbox, results: { ...fast, pattern: '/^result-\\d+\\.json$/' } });
    drop(inbox, 'result-1.json', result('NB1'));
    drop(inbox, 'readme.txt', 'not a result');
    drop(inbox, 'result-x.json', result('NB2'));
    writeFileSync(join(inbox, '.result-2.json'), result('NB3'));
    await connector.start!();
    await eventually(() => files(join(inbox, 'processed')).includes('result-1.json'), 'the file in processed/');
    await sleep(300);
    expect(sink.submitted).toHaveLength(1);
    expect(files(inbox)).toEqual(['.result-2.json', 'processed', 'readme.txt', 'result-x.json']);
  });

  it('leaves a file that is still growing until its size and time have been still for stableMs', async () => {
    const { outbox, inbox } = cleanup.folders();
    const { connector, sink } = cleanup.withSink({ outbox, inbox, results: { pollIntervalMs: 50, stableMs: 1000 } });
    await connector.start!();
    const path = join(inbox, 'slow.json');
    const whole = result('NB1', { opinion: '同意'.repeat(50) });
    const parts = whole.match(/.{1,20}/gs)!;

    for (const part of parts.slice(0, 12)) {
      appendFileSync(path, part);
      await sleep(60); // slower than the poll, faster than stableMs
    }
    expect(sink.submitted).toEqual([]);
    expect(files(inbox)).toContain('slow.json');
    appendFileSync(path, parts.slice(12).join(''));

    await eventually(() => files(join(inbox, 'processed')).includes('slow.json'), 'the file in processed/');
    expect(sink.submitted).toEqual([{ body: JSON.parse(whole) }]);
  });

  it('moves a file it cannot read to error/ with a masked .reason.txt beside it', async () => {
    const { outbox, inbox } = cleanup.folders();
    const { connector, sink } = cleanup.withSink({ outbox, inbox, results: fast });
    drop(inbox, 'broken.json', '{"caseId": "NB1", "zjhm": 330203199001011234x}');
    await connector.start!();

    await eventually(() => files(join(inbox, 'error')).length === 2, 'the file and its reason in error/');
    expect(files(join(inbox, 'error'))).toEqual(['broken.json', 'broken.json.reason.txt']);
    expect(readFileSync(join(inbox, 'error', 'broken.json'), 'utf8')).toContain('330203199001011234'); // the file itself is kept as it was
    const reason = readFileSync(join(inbox, 'error', 'broken.json.reason.txt'), 'utf8');
    expect(reason).toContain('code: OWH_RESULT_INVALID');
    expect(reason).toMatch(/message: result file broken\.json: is not valid JSON/);
    expect(reason).toMatch(/time: \d{4}-\d\d-\d\dT/);
    expect(reason).not.toContain('330203199001011234');
    expect(sink.submitted).toEqual([]);
    expect(files(inbox)).toEqual(['error']);
  });

  it('moves a result the hub refuses to error/, with the hub\'s code', async () => {
    const { outbox, inbox } = cleanup.folders();
    const sink = new RecordingResultSink();
    sink.refuse = () => new OwhError('OWH_CASE_NOT_FOUND', { message: 'case NB404 is not known' });
    const { connector } = cleanup.withSink({ outbox, inbox, results: fast }, sink);
    drop(inbox, 'NB404.json', result('NB404'));
    await connector.start!();

    await eventually(() => files(join(inbox, 'error')).includes('NB404.json.reason.txt'), 'the reason in error/');
    const reason = readFileSync(join(inbox, 'error', 'NB404.json.reason.txt'), 'utf8');
    expect(reason).toContain('code: OWH_CASE_NOT_FOUND');
    expect(reason).toContain('case NB404 is not known');
    expect(files(inbox)).toEqual(['error']);
  });

  it('keeps a file the hub cannot store now, and hands it again on the next poll', async () => {
    const { outbox, inbox } = cleanup.folders();
    const sink = new RecordingResultSink();
    let failures = 0;
    sink.refuse = () => {
      failures++;
      return failures <= 2 ? new OwhError('OWH_INTERNAL', { message: 'the store is unavailable' }) : undefined;
    };
    const { connector } = cleanup.withSink({ outbox, inbox, results: fast }, sink);
    drop(inbox, 'NB1.json', result('NB1'));
    await connector.start!();

    await eventually(() => failures >= 1, 'a first attempt');
    expect(files(inbox)).toEqual(['NB1.json']);
    await eventually(() => files(join(inbox, 'processed')).includes('NB1.json'), 'the file in processed/');
    expect(failures).toBe(3);
    expect(sink.submitted).toHaveLength(1);
    expect(existsSync(join(inbox, 'error'))).toBe(false);
  });

  it('treats a plain Error from the hub like an unavailable store: the file stays', async () => {
    const { outbox, inbox } = cleanup.folders();
    const sink = new RecordingResultSink();
    sink.refuse = () => new Error('SQLITE_BUSY');
    const { connector } = cleanup.withSink({ outbox, inbox, results: fast }, sink);
    drop(inbox, 'NB1.json', result('NB1'));
    await connector.start!();
    await sleep(500);
    expect(files(inbox)).toEqual(['NB1.json']);
  });

  it('refuses XML with a DOCTYPE or an entity (XXE) before parsing it', async () => {
    const { root, outbox, inbox } = cleanup.folders();
    writeFileSync(join(root, 'secret.txt'), 'TOP SECRET');
    const { connector, sink } = cleanup.withSink({ outbox, inbox, results: { ...fast, format: 'xml' } });
    drop(inbox, 'xxe.xml', `<?xml version="1.0"?>\n<!DOCTYPE jg [<!ENTITY xxe SYSTEM "file://${join(root, 'secret.txt')}">]>\n<jg><ywlsh>&xxe;</ywlsh></jg>`);
    drop(inbox, 'bomb.xml', '<?xml version="1.0"?><!doctype lolz [<!entity lol "lol">]><jg>&lol;</jg>');
    await connector.start!();

    await eventually(() => files(join(inbox, 'error')).length === 4, 'both files and reasons in error/');
    expect(readFileSync(join(inbox, 'error', 'xxe.xml.reason.txt'), 'utf8')).toContain('code: OWH_XML_UNSAFE');
    expect(readFileSync(join(inbox, 'error', 'bomb.xml.reason.txt'), 'utf8')).toContain('code: OWH_XML_UNSAFE');
    expect(sink.submitted).toEqual([]);
  });

  it('sets aside a file over maxResultBytes without reading it, and one that is not UTF-8', async () => {
    const { outbox, inbox } = cleanup.folders();
    const { connector, sink } = cleanup.withSink({ outbox, inbox, results: fast, maxResultBytes: 100 });
    drop(inbox, 'big.json', result('NB1', { opinion: 'x'.repeat(200) }));
    drop(inbox, 'gbk.json', iconv.encode(result('NB2', { opinion: '同意' }), 'gb18030'));
    await connector.start!();
    await eventually(() => files(join(inbox, 'error')).length === 4, 'both files and reasons in error/');
    expect(readFileSync(join(inbox, 'error', 'big.json.reason.txt'), 'utf8')).toContain('more than maxResultBytes (100)');
    expect(readFileSync(join(inbox, 'error', 'gbk.json.reason.txt'), 'utf8')).toContain('results.encoding to gb18030');
    expect(sink.submitted).toEqual([]);
  });

  it('adds a suffix when processed/ already has a file of that name', async () => {
    const { outbox, inbox } = cleanup.folders();
    mkdirSync(join(inbox, 'processed'));
    writeFileSync(join(inbox, 'processed', 'NB1.json'), 'an earlier result');
    writeFileSync(join(inbox, 'processed', 'NB1-1.json'), 'another earlier result');
    const { connector } = cleanup.withSink({ outbox, inbox, results: fast });
    drop(inbox, 'NB1.json', result('NB1'));
    await connector.start!();
    await eventually(() => files(join(inbox, 'processed')).includes('NB1-2.json'), 'the file in processed/ under a new name');
    expect(readFileSync(join(inbox, 'processed', 'NB1.json'), 'utf8')).toBe('an earlier result');
    expect(readFileSync(join(inbox, 'processed', 'NB1-2.json'), 'utf8')).toBe(result('NB1'));
  });

  it('uses processed and error folders elsewhere when configured', async () => {
    const { root, outbox, inbox } = cleanup.folders();
    const { connector } = cleanup.withSink({ outbox, inbox, results: { ...fast, processedFolder: join(root, 'done'), errorFolder: '../failed' } });
    drop(inbox, 'ok.json', result('NB1'));
    drop(inbox, 'bad.json', '{');
    await connector.start!();
    await eventually(() => files(join(root, 'done')).includes('ok.json') && files(join(root, 'failed')).includes('bad.json'), 'both files moved');
    expect(files(inbox)).toEqual([]);
  });

  it('picks up a file dropped while nobody watches, by polling', async () => {
    const { outbox, inbox } = cleanup.folders();
    // A watcher that never reports anything, as on a network share.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeFs = require('node:fs') as typeof import('node:fs');
    const deaf = jest.spyOn(nodeFs, 'watch').mockImplementation(() => Object.assign(new EventEmitter(), { close: () => undefined, ref: () => undefined, unref: () => undefined }) as unknown as FSWatcher);
    const { connector, sink } = cleanup.withSink({ outbox, inbox, results: { pollIntervalMs: 200, stableMs: 0 } });
    await connector.start!();
    await sleep(50);
    drop(inbox, 'NB1.json', result('NB1'));
    await eventually(() => sink.submitted.length === 1, 'the result, by polling');
    expect(deaf).toHaveBeenCalled();
  });

  it('picks up a file as soon as the watcher reports it, without waiting for the poll', async () => {
    const { outbox, inbox } = cleanup.folders();
    const { connector, sink } = cleanup.withSink({ outbox, inbox, results: { pollIntervalMs: 60_000, stableMs: 0 } });
    await connector.start!();
    await sleep(100); // the first pass is over; the next poll is a minute away
    drop(inbox, 'NB1.json', result('NB1'));
    await eventually(() => sink.submitted.length === 1, 'the result, by the watcher', 3000);
  });

  it('starts without an inbox, and picks up once it appears', async () => {
    const { root, outbox } = cleanup.folders();
    const inbox = join(root, 'later');
    const { connector, sink } = cleanup.withSink({ outbox, inbox, results: fast });
    await expect(connector.start!()).resolves.toBeUndefined();
    expect((await connector.health()).state).toBe('down');
    mkdirSync(inbox);
    drop(inbox, 'NB1.json', result('NB1'));
    await eventually(() => sink.submitted.length === 1, 'the result');
    expect((await connector.health()).state).toBe('up');
  });

  it('releases the watcher and its timers on close', async () => {
    const { outbox, inbox } = cleanup.folders();
    const watchers = (): number => process.getActiveResourcesInfo().filter((k) => k.startsWith('FSEvent')).length;
    await sleep(20); // a handle closed by the test before is listed until its close callback has run
    const before = watchers();
    const timers: NodeJS.Timeout[] = [];
    const realSetTimeout = global.setTimeout;
    jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      const timer = realSetTimeout(fn, ms);
      timers.push(timer);
      return timer;
    }) as typeof setTimeout);
    const { connector } = cleanup.withSink({ outbox, inbox, results: { pollIntervalMs: 60_000, stableMs: 100 } });
    await connector.start!();
    drop(inbox, 'NB1.json', result('NB1'));
    writeFileSync(join(inbox, 'waiting.json'), result('NB2')); // seen, not yet stable: a timer waits for it
    await eventually(() => files(inbox).includes('processed') || undefined, 'the first file picked up');
    expect(watchers()).toBe(before + 1);
    const pending = (): NodeJS.Timeout[] => timers.filter((t) => !(t as unknown as { _destroyed: boolean })._destroyed);
    expect(pending().length).toBeGreaterThan(0);

    await connector.close();

    expect(pending()).toEqual([]);
    await eventually(() => watchers() === before, 'the watcher released', 1000);
  });

  it('waits on close for the file in progress, and takes no more after', async () => {
    const { outbox, inbox } = cleanup.folders();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const submitted: unknown[] = [];
    const sink = { submit: async (input: { body: unknown }) => (submitted.push(input.body), await held, { caseId: 'NB1', status: 'accepted', duplicate: false }) };
    const { connector } = cleanup.withSink({ outbox, inbox, results: fast }, sink as unknown as RecordingResultSink);
    drop(inbox, 'a.json', result('NB1'));
    drop(inbox, 'b.json', result('NB2'));
    await connector.start!();
    await eventually(() => submitted.length === 1, 'the first submit');

    let closed = false;
    const closing = connector.close().then(() => (closed = true));
    await sleep(100);
    expect(closed).toBe(false);
    release();
    await closing;

    expect(files(join(inbox, 'processed'))).toEqual(['a.json']);
    expect(files(inbox)).toEqual(['b.json', 'processed']);
    expect(submitted).toHaveLength(1);
  });
});
