/**
 * How a simulated department goes through a case when a test scripts it (examples/demo-city/
 * simulators/scripts.ts), and how it keeps the hub's messages (messages.ts): each key once, and
 * the waits of scripted results.
 */
import { MessageBook } from '../../../examples/demo-city/simulators/messages';
import { checkScript, planResults, posterSteps } from '../../../examples/demo-city/simulators/scripts';

const SEEDED = { acceptance: { outcome: 'accepted' as const }, completion: { outcome: 'approved' as const } };
const REJECTED = { acceptance: { outcome: 'rejected' as const, reason: '申请材料不符合法定形式' } };
const SUPPLEMENT = { reason: '请补正', materials: [{ name: '授权委托书' }] };

describe('a scripted department\'s way through a case', () => {
  it('follows the seeded decisions when nothing is scripted', () => {
    expect(planResults(SEEDED)).toEqual([{ result: { kind: 'acceptance', decision: { outcome: 'accepted' } } }, { result: { kind: 'completion', decision: { outcome: 'approved' } } }]);
    expect(planResults(REJECTED)).toEqual([{ result: { kind: 'acceptance', decision: REJECTED.acceptance } }]);
  });

  it('refuses or denies as scripted, with a reason of its own when none is given', () => {
    expect(planResults(SEEDED, { acceptance: { outcome: 'rejected' } })).toEqual([{ result: { kind: 'acceptance', decision: { outcome: 'rejected', reason: expect.any(String) } } }]);
    const denied = planResults(SEEDED, { completion: { outcome: 'denied', reason: '不符合规划' } });
    expect(denied[1]).toEqual({ result: { kind: 'completion', decision: { outcome: 'denied', reason: '不符合规划' } } });
    // A scripted completion of a case the seed would have rejected: it is accepted first.
    expect(planResults(REJECTED, { completion: { outcome: 'approved' } }).map((s) => ('result' in s ? s.result.decision.outcome : s.waitFor))).toEqual(['accepted', 'approved']);
  });

  it('asks for more material after accepting (or before), then waits for the supplement', () => {
    const after = planResults(SEEDED, { supplement: SUPPLEMENT });
    expect(after.map((s) => ('result' in s ? s.result.kind : `wait ${s.waitFor}`))).toEqual(['acceptance', 'supplement', 'wait supplement', 'completion']);
    expect(after[1]).toEqual({ result: { kind: 'supplement', decision: { outcome: 'requested', reason: '请补正' }, materials: [{ name: '授权委托书' }] } });
    const before = planResults(SEEDED, { supplement: { ...SUPPLEMENT, stage: 'before-acceptance' }, acceptance: { outcome: 'rejected', reason: '仍不齐全' } });
    expect(before.map((s) => ('result' in s ? `${s.result.kind} ${s.result.decision.outcome}` : `wait ${s.waitFor}`))).toEqual(['supplement requested', 'wait supplement', 'acceptance rejected']);
  });

  it('holds a lead\'s completion for its co-handlers\' opinions', () => {
    expect(planResults(SEEDED, { waitForOpinions: 2 })).toEqual([
      { result: { kind: 'acceptance', decision: { outcome: 'accepted' } } },
      { waitFor: 'opinions', count: 2 },
      { result: { kind: 'completion', decision: { outcome: 'approved' } } },
    ]);
  });

  it('says what is wrong with a script', () => {
    expect(checkScript({})).toEqual([]);
    expect(checkScript({ acceptance: { outcome: 'accepted' }, completion: { outcome: 'denied', reason: 'x' }, supplement: SUPPLEMENT, waitForOpinions: 1 })).toEqual([]);
    expect(checkScript(null)).toHaveLength(1);
    expect(checkScript({ acceptance: { outcome: 'approved' } })).toEqual(['acceptance.outcome must be accepted or rejected']);
    expect(checkScript({ completion: { outcome: 'denied', reason: 3 } })).toEqual(['completion.reason must be text']);
    expect(checkScript({ supplement: { reason: 'x', materials: [{ note: 'no name' }] } })).toEqual(['supplement.materials must be a list of {name, note?}']);
    expect(checkScript({ supplement: { reason: 'x', materials: [], stage: 'later' } })).toEqual(['supplement.stage must be after-acceptance or before-acceptance']);
    expect(checkScript({ waitForOpinions: 1.5, extra: true })).toEqual(['unknown key extra', 'waitForOpinions must be a whole number, 1 or more']);
  });
});

describe('a department\'s messages', () => {
  it('takes each key once: a repeat gets the first receipt, a key reused for another body is a conflict', () => {
    const book = new MessageBook('ZRGT');
    const first = book.take('opinion', 'C1:nrp-land:opinion:a', 'C1', { ywlsh: 'C1', yj: '同意' });
    expect(first).toEqual({ kind: 'new', receipt: expect.stringMatching(/^ZRGTYJ[0-9]{14}$/) });
    expect(book.take('opinion', 'C1:nrp-land:opinion:a', 'C1', { yj: '同意', ywlsh: 'C1' })).toEqual({ kind: 'repeat', receipt: first.receipt });
    expect(book.take('opinion', 'C1:nrp-land:opinion:a', 'C1', { ywlsh: 'C1', yj: '不同意' })).toEqual({ kind: 'conflict', receipt: first.receipt });
    const supplement = book.take('supplement', 'C1:nrp-land:supplement:s', 'C1', { bzbh: 's' });
    expect(supplement.receipt).toMatch(/^ZRGTBZ/);
    expect(book.list('C1', 'opinion')).toEqual([expect.objectContaining({ operation: 'opinion', caseId: 'C1', receipt: first.receipt, payload: { ywlsh: 'C1', yj: '同意' } })]);
    expect(book.list('C2', 'opinion')).toEqual([]);
    expect(book.counts()).toEqual({ opinionsReceived: 1, supplementsReceived: 1, messagesRepeated: 1 });
    book.clear();
    expect(book.counts()).toEqual({ opinionsReceived: 0, supplementsReceived: 0, messagesRepeated: 0 });
  });

  it('lets a scripted request for more material wait for a supplement that comes after it', async () => {
    const book = new MessageBook('X');
    book.take('supplement', 'C1:x:supplement:old', 'C1', { n: 0 }); // an earlier round's
    const steps = posterSteps('C1', planResults(SEEDED, { supplement: SUPPLEMENT }), book, (r) => ({ kind: r.kind }));
    const [acceptance, request, wait, completion] = steps;
    expect(typeof acceptance === 'function' && acceptance()).toEqual({ kind: 'acceptance' });
    expect(typeof request === 'function' && request()).toEqual({ kind: 'supplement' });
    const controller = new AbortController();
    let done = false;
    const waiting = (wait as { wait: (s: AbortSignal) => Promise<void> }).wait(controller.signal).then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    book.take('supplement', 'C2:x:supplement:s', 'C2', {}); // another case's
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    book.take('supplement', 'C1:x:supplement:new', 'C1', { n: 1 });
    await waiting;
    expect(typeof completion === 'function' && completion()).toEqual({ kind: 'completion' });
  });

  it('ends a wait when its signal aborts (a reset, a close)', async () => {
    const book = new MessageBook('X');
    const controller = new AbortController();
    const waiting = book.waitFor('C1', 'opinion', 1, controller.signal);
    controller.abort(new Error('reset'));
    await expect(waiting).rejects.toThrow('reset');
  });
});
