import { resultsIn } from '../../../../adapters/soap/soap-connector';
import { OwhError } from '../../../../src/errors/owh-error';
import { Cleanup, eventually, message, RecordingResultSink, settings } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const result = (caseId: string, extra: Record<string, string> = {}) => ({ ywlsh: caseId, caseId, kind: 'acceptance' as const, outcome: 'accepted' as const, receipt: `SJ-${caseId}`, ...extra });

describe('soap adapter: results by polling', () => {
  it('calls the poll operation on a schedule and hands each result to the hub, one at a time, in order', async () => {
    const server = await cleanup.department();
    const sink = new RecordingResultSink();
    let inFlight = 0;
    let most = 0;
    const submit = sink.submit.bind(sink);
    sink.submit = async (input) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return submit(input);
    };
    const connector = cleanup.connector(settings(server, { poll: { operation: 'QueryResults', intervalMs: 50 } }), {}, { results: sink });
    await connector.start!();

    server.queueResult(result('NB2026100001'));
    server.queueResult(result('NB2026100002'));
    await eventually(() => (sink.submitted.length >= 2 ? true : undefined), 5000, 'two results');
    server.queueResult(result('NB2026100003'));
    await eventually(() => (sink.submitted.length >= 3 ? true : undefined), 5000, 'the third result');

    expect(sink.submitted.map((s) => (s.body as { caseId: string }).caseId)).toEqual(['NB2026100001', 'NB2026100002', 'NB2026100003']);
    expect(sink.submitted[0]).toEqual({ body: result('NB2026100001') });
    expect(most).toBe(1);
    // Polls are QueryResults calls with the configured arguments (none here), without an idempotency header.
    const polls = server.calls.filter((c) => c.xml.includes('<QueryResults'));
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls[0].xml).not.toContain('IdempotencyKey');
  });

  it('skips a result the hub refuses (logged), and delivers the next', async () => {
    const server = await cleanup.department();
    const sink = new RecordingResultSink();
    sink.refuse = (input) => ((input.body as { caseId: string }).caseId === 'NB2026200001' ? new OwhError('OWH_RESULT_INVALID', { message: 'the result is not valid' }) : undefined);
    const warnings: string[] = [];
    const logger = { child: () => logger, warn: (_o: unknown, m: string) => warnings.push(m), info: () => undefined, debug: () => undefined, error: () => undefined } as never;
    server.queueResult(result('NB2026200001'));
    server.queueResult(result('NB2026200002'));
    const connector = cleanup.connector(settings(server, { poll: { operation: 'QueryResults', intervalMs: 50 } }), {}, { results: sink, logger });
    await connector.start!();

    await eventually(() => sink.submitted.find((s) => (s.body as { caseId: string }).caseId === 'NB2026200002'), 5000, 'the second result');
    expect(sink.submitted).toHaveLength(1);
    expect(warnings.some((w) => w.includes('refused a result') && w.includes('OWH_RESULT_INVALID'))).toBe(true);
  });

  it('keeps a result the hub cannot store now and offers it again before polling more', async () => {
    const server = await cleanup.department();
    const sink = new RecordingResultSink();
    let down = true;
    sink.refuse = () => (down ? new Error('the store is busy') : undefined);
    server.queueResult(result('NB2026300001'));
    const connector = cleanup.connector(settings(server, { poll: { operation: 'QueryResults', intervalMs: 50 } }), {}, { results: sink });
    await connector.start!();
    await new Promise((r) => setTimeout(r, 150));
    server.queueResult(result('NB2026300002'));
    expect(sink.submitted).toHaveLength(0);
    // While a result waits, the system is not asked for more.
    expect(server.calls.filter((c) => c.xml.includes('<QueryResults'))).toHaveLength(1);

    down = false;
    await eventually(() => (sink.submitted.length >= 2 ? true : undefined), 5000, 'both results');
    expect(sink.submitted.map((s) => (s.body as { caseId: string }).caseId)).toEqual(['NB2026300001', 'NB2026300002']);
  });

  it('polls again at the next interval after a poll fails (the system was down)', async () => {
    const server = await cleanup.department();
    const sink = new RecordingResultSink();
    const connector = cleanup.connector(settings(server, { poll: { operation: 'QueryResults', intervalMs: 50 } }), {}, { results: sink });
    await server.stop();
    await connector.start!();
    await new Promise((r) => setTimeout(r, 150));
    await server.restart();
    server.queueResult(result('NB2026400001'));
    await eventually(() => sink.submitted[0], 5000, 'the result after the system came back');
  });

  it('stops polling on close', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server, { poll: { operation: 'QueryResults', intervalMs: 50 } }));
    await connector.start!();
    await eventually(() => (server.calls.length > 0 ? true : undefined), 5000, 'a first poll');
    await connector.close();
    const seen = server.calls.length;
    await new Promise((r) => setTimeout(r, 120));
    expect(server.calls.length).toBe(seen);
  });

  it('sends with the same client while polling', async () => {
    const server = await cleanup.department();
    const connector = cleanup.connector(settings(server, { poll: { operation: 'QueryResults', intervalMs: 50 } }));
    await connector.start!();
    await expect(connector.send(message())).resolves.toMatchObject({ body: { code: '0000' } });
  });

  it('refuses a poll operation the port does not have, at create()', async () => {
    const server = await cleanup.department();
    expect(() => cleanup.connector(settings(server, { poll: { operation: 'FetchResults' } }))).toThrow(
      expect.objectContaining({ code: 'OWH_CATALOG_INVALID', message: expect.stringContaining('poll.operation: the port SocialInsuranceService/SocialInsurancePort') }),
    );
  });
});

describe('finding the results in a poll answer', () => {
  const a = { caseId: 'A', kind: 'acceptance' };
  const b = { caseId: 'B', kind: 'completion' };
  it.each([
    ['a list under single elements', { results: { result: [a, b] } }, undefined, [a, b]],
    ['one result under single elements', { results: { result: a } }, undefined, [a]],
    ['no results (an empty element)', { results: '' }, undefined, []],
    ['no results (an empty wrapper)', { results: {} }, undefined, []],
    ['no answer at all', null, undefined, []],
    ['an explicit path', { total: 2, results: { result: [a, b] } }, 'results.result', [a, b]],
    ['an explicit path to nothing', { total: 0 }, 'results.result', []],
  ])('%s', (_label, answer, path, expected) => {
    expect(resultsIn(answer, path)).toEqual(expected);
  });
});
