import { createHash } from 'node:crypto';
import { OwhError } from '../../../src/errors/owh-error';
import type { Logger } from '../../../src/log/logger';
import { decide, Decision } from './decisions';
import { documentPdf } from './documents';
import { IdempotencyStore } from './idempotency';
import { MessageBook, MessageOperation, ReceivedMessage } from './messages';
import type { ReceiptBook } from './receipts';
import { ResultDelivery, ResultPoster } from './result-poster';
import { assertScript, CaseScript, planResults, posterSteps, RequiredMaterial } from './scripts';
import type { SimulatorKind, SimulatorStats } from './types';

/** What every simulated department needs to know about itself, whatever its transport. */
export interface DepartmentSpec {
  connectorId: string;
  system: string;
  kind: SimulatorKind;
  name: string;
  departmentName: string;
  dialect: 'gov' | 'open';
  receipts: ReceiptBook;
  approveShare: number;
  rejectShare: number;
}

/** A document the department issues with a completion: its title, file name, bytes and where it can be fetched (if anywhere). */
export interface IssuedDocument {
  title: string;
  fileName: string;
  pdf: Buffer;
  sha256: string;
  url?: string;
}

/** One result as the department decided it, before its own format writes it. */
export interface DecidedResult {
  caseId: string;
  /** supplement: a request for more material (补正告知), outcome `requested`. */
  kind: 'acceptance' | 'completion' | 'supplement';
  decision: Decision;
  /** With a supplement: what the applicant must supply. */
  materials?: RequiredMaterial[];
  /** Who decided (a post, never a person's data). */
  handler: string;
  decidedAt: Date;
  receipt: string;
  /** With an approval or a denial: the licence or the decision letter. */
  document?: IssuedDocument;
}

type Counter = 'received' | 'applied' | 'duplicatesSuppressed' | 'rejected' | 'failed' | 'dropped';

/** The verdict on a request's idempotency key: a new case (applied now), a repeat, or the key reused for other content. */
export type Taken = { kind: 'new'; receipt: string } | { kind: 'repeat'; receipt: string } | { kind: 'conflict'; receipt: string };

/**
 * What the SOAP, file-drop and AMQP departments share beyond their transport: one effect per
 * idempotency key (a repeat answered with the first receipt), the effects counted per case, the
 * counters, and the results — decided repeatably per case, exactly as the REST simulators decide
 * them — handed back in order (acceptance, then completion), each after the result delay, the
 * kind's own way (`deliver`).
 */
export class DepartmentBook {
  private readonly keys = new IdempotencyStore();
  private readonly appliedByCase = new Map<string, number>();
  /** The documents it issued, by file name (a system that serves them looks them up here). */
  private readonly documents = new Map<string, IssuedDocument>();
  private counters: Record<Counter, number> = zeroCounters();
  private readonly poster?: ResultPoster;
  /** The opinions and supplements the department took. */
  readonly messages: MessageBook;
  private readonly scripts = new Map<string, CaseScript>();
  /** Lookups answered (counted by the kinds that answer them). */
  lookups = 0;

  constructor(
    readonly spec: DepartmentSpec,
    private readonly options: { resultDelayMs: number; logger: Logger; deliver?: ResultDelivery; doing: string },
  ) {
    if (options.deliver) {
      this.poster = new ResultPoster({ connectorId: spec.connectorId, logger: options.logger, deliver: options.deliver, doing: options.doing });
    }
    this.messages = new MessageBook(spec.receipts.prefix);
  }

  /** Scripts the results of one case (instead of the seeded decisions). */
  script(caseId: string, script: CaseScript): void {
    assertScript(this.spec.connectorId, script);
    this.scripts.set(caseId, structuredClone(script));
  }

  /** The messages of one operation taken for a case. */
  received(caseId: string, operation: MessageOperation): ReceivedMessage[] {
    return this.messages.list(caseId, operation);
  }

  count(counter: Counter): void {
    this.counters[counter]++;
  }

  /** Applies a key once: a new key takes effect (counted for its case) and gets a receipt; a repeat gets the first one. */
  take(key: string, caseId: string, hash: string): Taken {
    const verdict = this.keys.check(key, hash);
    if (verdict.kind === 'repeat') {
      this.counters.duplicatesSuppressed++;
      return { kind: 'repeat', receipt: verdict.applied.receipt };
    }
    if (verdict.kind === 'conflict') {
      this.counters.rejected++;
      return { kind: 'conflict', receipt: verdict.applied.receipt };
    }
    const receipt = this.spec.receipts.next();
    this.keys.remember(key, { caseId, receipt, bodyHash: hash });
    this.counters.applied++;
    this.appliedByCase.set(caseId, (this.appliedByCase.get(caseId) ?? 0) + 1);
    return { kind: 'new', receipt };
  }

  /**
   * Decides the case (the same decision every run, or the test's script) and queues its results,
   * written by `format`; a scripted request for more material waits for the case's supplement.
   */
  scheduleResults(caseId: string, receipt: string, format: (result: DecidedResult) => Record<string, unknown>, documentUrl?: (fileName: string) => string): void {
    if (!this.poster) return;
    const { spec } = this;
    const plan = planResults(decide(caseId, { approveShare: spec.approveShare, rejectShare: spec.rejectShare }), this.scripts.get(caseId));
    let document: IssuedDocument | undefined;
    for (const step of plan) {
      if ('result' in step && step.result.kind === 'completion') {
        document = issueDocument(receipt, step.result.decision, documentUrl);
        this.documents.set(document.fileName, document);
      }
    }
    const steps = posterSteps(caseId, plan, this.messages, (r) =>
      format({
        caseId,
        kind: r.kind,
        decision: r.decision,
        handler: `${spec.departmentName}${r.kind === 'acceptance' ? '受理窗口' : '审批科'}`,
        decidedAt: new Date(),
        receipt,
        ...(r.kind === 'completion' ? { document } : {}),
        ...(r.materials ? { materials: r.materials } : {}),
      }),
    );
    this.poster.enqueue(caseId, steps, this.options.resultDelayMs);
  }

  /** A document this department issued. */
  issued(fileName: string): IssuedDocument | undefined {
    return this.documents.get(fileName);
  }

  stats(): SimulatorStats {
    return {
      system: this.spec.system,
      connectorId: this.spec.connectorId,
      ...this.counters,
      resultsPosted: this.poster?.posted ?? 0,
      resultsRefused: this.poster?.refused ?? 0,
      resultsPending: this.poster?.pending ?? 0,
      ...this.messages.counts(),
      lookupsAnswered: this.lookups,
      appliedByCase: Object.fromEntries(this.appliedByCase),
    };
  }

  /** Forgets keys, effects, counters, messages and scripts, and cancels results not yet handed back. */
  reset(): void {
    this.keys.clear();
    this.appliedByCase.clear();
    this.documents.clear();
    this.messages.clear();
    this.scripts.clear();
    this.lookups = 0;
    this.counters = zeroCounters();
    this.poster?.reset();
  }

  idle(): Promise<void> {
    return this.poster?.idle() ?? Promise.resolve();
  }

  close(): Promise<void> {
    return this.poster?.close() ?? Promise.resolve();
  }
}

/** The completion's document: a licence when approved, a decision letter when denied. */
function issueDocument(receipt: string, decision: Decision, url?: (fileName: string) => string): IssuedDocument {
  const approved = decision.outcome === 'approved';
  const fileName = `${receipt}-${approved ? 'licence' : 'decision'}.pdf`;
  const pdf = documentPdf(fileName, receipt, decision.outcome);
  return {
    title: approved ? '准予行政许可决定书' : '不予行政许可决定书',
    fileName,
    pdf,
    sha256: createHash('sha256').update(pdf).digest('hex'),
    url: url?.(fileName),
  };
}

function zeroCounters(): Record<Counter, number> {
  return { received: 0, applied: 0, duplicatesSuppressed: 0, rejected: 0, failed: 0, dropped: 0 };
}

/** For kinds that play no injected faults: only `{}` is accepted. */
export function refuseFaults(connectorId: string, kind: string, faults: object): void {
  if (Object.keys(faults).length === 0) return;
  throw new OwhError('OWH_USAGE', {
    message: `the ${kind} simulator of ${connectorId} plays no injected faults (${Object.keys(faults).join(', ')})`,
    fix: kind === 'amqp' ? 'Stop the broker (or the department) to test an outage.' : 'Make the folder unwritable or remove it to test an outage.',
  });
}

/** The gov style's result codes (jgdm): 01 受理通过, 02 不予受理, 03 准予许可, 04 不予许可. */
export const GOV_RESULT_CODES = { accepted: '01', rejected: '02', approved: '03', denied: '04', requested: '05' } as const;

/** The gov style's result kinds (jglx): sl 受理, bj 办结, bz 补正告知. */
export const GOV_RESULT_KINDS = { acceptance: 'sl', completion: 'bj', supplement: 'bz' } as const;

/** The flat gov style's lists (bzclmc, bzclsm; CSV 补正材料, 补正说明) are joined by a full-width semicolon. */
export const LIST_SEPARATOR = '；';

/** What a flat result (SOAP QueryResults, XML and CSV result files) writes for a request for more material. */
export function flatMaterials(materials: RequiredMaterial[] | undefined): { bzclmc?: string; bzclsm?: string } {
  if (!materials || materials.length === 0) return {};
  return { bzclmc: materials.map((m) => m.name).join(LIST_SEPARATOR), bzclsm: materials.map((m) => m.note ?? '').join(LIST_SEPARATOR) };
}
