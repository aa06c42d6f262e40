import type { DepartmentBook } from './department';
import type { ReceivedMessage } from './messages';
import type { CaseScript } from './scripts';
import type { SimulatorStats } from './types';

/**
 * What the file, SOAP and AMQP simulators answer alike: their department's book (cases applied,
 * scripts, messages received, counters) answers for them. Each builds its book in its constructor,
 * since the book calls back into the simulator to hand results over.
 */
export abstract class BookedSimulator {
  protected abstract readonly book: DepartmentBook;

  stats(): SimulatorStats {
    return this.book.stats();
  }

  script(caseId: string, script: CaseScript): void {
    this.book.script(caseId, script);
  }

  opinionsReceived(caseId: string): ReceivedMessage[] {
    return this.book.received(caseId, 'opinion');
  }

  supplementsReceived(caseId: string): ReceivedMessage[] {
    return this.book.received(caseId, 'supplement');
  }
}
