import { bodyHash } from './idempotency';
import { ReceiptBook } from './receipts';

/** The messages about a case the hub sends a department besides the case itself. */
export type MessageOperation = 'opinion' | 'supplement';

export const MESSAGE_OPERATIONS: readonly MessageOperation[] = ['opinion', 'supplement'];

/** A message a simulated department took: a co-handler's opinion (it leads the case), or material supplied later. */
export interface ReceivedMessage {
  operation: MessageOperation;
  caseId: string;
  /** The hub's key, `<caseId>:<systemId>:<operation>:<ref>` (a file drop's: the file's name). */
  idempotencyKey: string;
  /** What the department answered (a repeat gets the same). */
  receipt: string;
  /** When it took it (RFC 3339). */
  receivedAt: string;
  /** As received: the JSON body (REST, AMQP), the SOAP operation's arguments, the file's record. */
  payload: unknown;
  /** File drop: the file it came in. */
  file?: string;
}

export type MessageVerdict = { kind: 'new' | 'repeat' | 'conflict'; receipt: string };

/** Counters of the messages, for `stats()`. */
export interface MessageCounts {
  /** Opinions taken: first sends of their key. */
  opinionsReceived: number;
  /** Supplements taken: first sends of their key. */
  supplementsReceived: number;
  /** Sends of a message key already taken, answered with the same receipt and not recorded again. */
  messagesRepeated: number;
}

interface Waiter {
  caseId: string;
  operation: MessageOperation;
  atLeast: number;
  resolve: () => void;
}

/**
 * The opinions and supplements one simulated department took: each idempotency key once (a
 * repeat answered with the first receipt, the key reused for another body refused), recorded per
 * case, and waited for by scripted results (a department that asked for more material goes on
 * when the material comes; a lead can wait for its co-handlers' opinions).
 */
export class MessageBook {
  private readonly byKey = new Map<string, { hash: string; message: ReceivedMessage }>();
  private readonly byCase = new Map<string, ReceivedMessage[]>();
  private readonly waiters = new Set<Waiter>();
  private readonly receipts: Record<MessageOperation, ReceiptBook>;
  private repeated = 0;

  /** Receipts are `<prefix>YJ…` for opinions (意见) and `<prefix>BZ…` for supplements (补正). */
  constructor(prefix: string) {
    this.receipts = { opinion: new ReceiptBook(`${prefix}YJ`), supplement: new ReceiptBook(`${prefix}BZ`) };
  }

  /** Takes a message once per key. `hashOf` is what makes two sends the same message (by default the payload). */
  take(operation: MessageOperation, key: string, caseId: string, payload: unknown, extra: { file?: string; hashOf?: unknown } = {}): MessageVerdict {
    const hash = bodyHash({ operation, body: extra.hashOf ?? payload });
    const known = this.byKey.get(key);
    if (known) {
      if (known.hash !== hash) return { kind: 'conflict', receipt: known.message.receipt };
      this.repeated++;
      return { kind: 'repeat', receipt: known.message.receipt };
    }
    const message: ReceivedMessage = {
      operation,
      caseId,
      idempotencyKey: key,
      receipt: this.receipts[operation].next(),
      receivedAt: new Date().toISOString(),
      payload,
      ...(extra.file ? { file: extra.file } : {}),
    };
    this.byKey.set(key, { hash, message });
    const list = this.byCase.get(caseId) ?? [];
    list.push(message);
    this.byCase.set(caseId, list);
    for (const w of [...this.waiters]) {
      if (w.caseId === caseId && w.operation === operation && this.count(caseId, operation) >= w.atLeast) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
    return { kind: 'new', receipt: message.receipt };
  }

  /** The messages of one operation taken for a case, oldest first (copies). */
  list(caseId: string, operation: MessageOperation): ReceivedMessage[] {
    return (this.byCase.get(caseId) ?? []).filter((m) => m.operation === operation).map((m) => ({ ...m }));
  }

  count(caseId: string, operation: MessageOperation): number {
    return (this.byCase.get(caseId) ?? []).filter((m) => m.operation === operation).length;
  }

  /** Resolves once `atLeast` messages of the operation have been taken for the case; rejects when `signal` aborts. */
  waitFor(caseId: string, operation: MessageOperation, atLeast: number, signal: AbortSignal): Promise<void> {
    if (this.count(caseId, operation) >= atLeast) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        caseId,
        operation,
        atLeast,
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.waiters.delete(waiter);
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  counts(): MessageCounts {
    let opinions = 0;
    let supplements = 0;
    for (const { message } of this.byKey.values()) {
      if (message.operation === 'opinion') opinions++;
      else supplements++;
    }
    return { opinionsReceived: opinions, supplementsReceived: supplements, messagesRepeated: this.repeated };
  }

  /** Forgets every message (waits in progress end with their results' signal, which `reset` aborts). */
  clear(): void {
    this.byKey.clear();
    this.byCase.clear();
    this.repeated = 0;
  }
}

/** The case in a message's idempotency key `<caseId>:<systemId>:<operation>:<ref>`. */
export function caseIdOfMessageKey(key: string): string {
  return key.split(':')[0];
}
