import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RecordingResultSink } from '../../../helpers/connector-context';
import { Cleanup, eventually, message, rejection, sleep } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('file adapter: health', () => {
  it('is up when the outbox takes a file and the inbox can be listed, and leaves no probe behind', async () => {
    const { outbox, inbox } = cleanup.folders();
    writeFileSync(join(inbox, 'JG1.json'), '{}');
    const connector = cleanup.connector({ outbox, inbox });

    const report = await connector.health();

    expect(report.state).toBe('up');
    expect(report.detail).toBe(`outbox ${outbox} writable, inbox ${inbox} readable (1 result file waiting)`);
    expect(report.latencyMs).toEqual(expect.any(Number));
    expect(Date.parse(report.checkedAt)).not.toBeNaN();
    expect(readdirSync(outbox)).toEqual([]);
  });

  it('checks only the outbox when there is no inbox', async () => {
    const { outbox } = cleanup.folders();
    const report = await cleanup.connector({ outbox }).health();
    expect([report.state, report.detail]).toEqual(['up', `outbox ${outbox} writable`]);
  });

  it('is down, with the reason, when the outbox is gone, and up again when it is back', async () => {
    const { root, outbox, inbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox, inbox });
    renameSync(outbox, join(root, 'away'));

    const down = await connector.health();
    renameSync(join(root, 'away'), outbox);
    const up = await connector.health();

    expect(down.state).toBe('down');
    expect(down.detail).toBe(`outbox ${outbox} cannot be written: does not exist (ENOENT)`);
    expect(up.state).toBe('up');
  });

  it('is down when the inbox cannot be read', async () => {
    const { outbox, inbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox, inbox });
    rmSync(inbox, { recursive: true });
    const report = await connector.health();
    expect(report.state).toBe('down');
    expect(report.detail).toContain(`inbox ${inbox} cannot be read: does not exist`);
  });

  it('is degraded when pickup cannot move result files out of the inbox', async () => {
    const { root, outbox, inbox } = cleanup.folders();
    writeFileSync(join(root, 'a-file'), '');
    const connector = cleanup.connector({ outbox, inbox, results: { pollIntervalMs: 100, stableMs: 0, processedFolder: join(root, 'a-file', 'processed') } });
    writeFileSync(join(inbox, 'NB1.json'), '{"caseId":"NB1"}');
    await connector.start!();

    const report = await eventually(async () => {
      const r = await connector.health();
      return r.state === 'degraded' ? r : undefined;
    }, 'a degraded report');

    expect(report.detail).toContain('could not be moved');
    expect(readdirSync(inbox)).toEqual(['NB1.json']); // kept, never lost
  });

  it('is down once closed, and never throws', async () => {
    const { root } = cleanup.folders();
    writeFileSync(join(root, 'a-file'), '');
    const connector = cleanup.connector({ outbox: join(root, 'a-file', 'outbox'), inbox: join(root, 'a-file', 'inbox') });
    await expect(connector.health()).resolves.toMatchObject({ state: 'down', detail: expect.stringContaining('ENOTDIR') });
    await connector.close();
    await expect(connector.health()).resolves.toMatchObject({ state: 'down', detail: 'the connector is closed' });
  });
});

describe('file adapter: timeouts and closing', () => {
  it('gives up a write that hangs (a share that stopped answering) as a retryable timeout, and it never lands', async () => {
    const f = cleanup.folders();
    const root = join(f.root, 'materials');
    mkdirSync(root);
    const fifo = join(root, 'hangs.pdf');
    execFileSync('mkfifo', [fifo]); // reading it blocks until a writer comes: a stand-in for a hung share
    const connector = cleanup.connector({ outbox: f.outbox, timeoutMs: 200, materials: { mode: 'copy', root } });
    const bytes = Buffer.from('late bytes');
    const payload = { materials: [{ uri: pathToFileURL(fifo).href, sha256: createHash('sha256').update(bytes).digest('hex'), fileName: 'm.pdf' }] };

    const started = Date.now();
    const e = await rejection(connector.send(message({ caseId: 'NB1', payload })));

    expect([e.code, e.retryable]).toEqual(['OWH_SEND_TIMEOUT', true]);
    expect(e.message).toContain('did not finish within 200 ms');
    expect(Date.now() - started).toBeLessThan(2000);
    // The share wakes up: the abandoned write stops before its rename and removes its temporary file.
    const writer = openSync(fifo, 'w');
    writeSync(writer, bytes);
    closeSync(writer);
    await sleep(200);
    expect(readdirSync(f.outbox)).toEqual(['NB1']);
    expect(readdirSync(join(f.outbox, 'NB1'))).toEqual([]);
  });

  it('refuses to send after close, retryable', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox });
    await connector.close();
    await connector.close(); // twice is fine
    const e = await rejection(connector.send(message()));
    expect([e.code, e.retryable]).toEqual(['OWH_CONNECTOR_CLOSED', true]);
    expect(readdirSync(outbox)).toEqual([]);
  });

  it('lets the sends in flight finish before close resolves', async () => {
    const { outbox } = cleanup.folders();
    const connector = cleanup.connector({ outbox });
    const sends = Array.from({ length: 20 }, (_, i) => connector.send(message({ caseId: `NB${String(i).padStart(6, '0')}` })));
    await connector.close();
    const settled = await Promise.allSettled(sends);
    expect(settled.every((s) => s.status === 'fulfilled')).toBe(true);
    expect(readdirSync(outbox)).toHaveLength(20);
  });

  it('does not start picking up after close', async () => {
    const { outbox, inbox } = cleanup.folders();
    const sink = new RecordingResultSink();
    const { connector } = cleanup.withSink({ outbox, inbox, results: { pollIntervalMs: 50, stableMs: 0 } }, sink);
    await connector.close();
    await connector.start!();
    writeFileSync(join(inbox, 'NB1.json'), '{"caseId":"NB1"}');
    await sleep(200);
    expect(sink.submitted).toEqual([]);
  });
});
