import type { Database } from 'better-sqlite3';

interface PendingWrite {
  run: () => unknown;
  resolve: (value: any) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes asked for in the same turn of the event loop run in one transaction, one
 * savepoint each, and each caller's promise settles after that transaction has committed. With
 * `synchronous=FULL` this turns one fsync per write into one fsync per batch, which is what lets
 * the embedded hub durably accept thousands of cases a second on one core. A write that throws
 * rolls back its own savepoint only; the others commit.
 */
export class WriteBatcher {
  private queue: PendingWrite[] = [];
  private scheduled = false;

  constructor(private readonly db: Database, private readonly maxBatch = 500) {}

  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: write, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Runs every queued write now (also used at close). */
  flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const settled: Array<() => void> = [];
      try {
        this.db.transaction(() => {
          for (const write of batch) {
            try {
              const value = this.db.transaction(write.run)();
              settled.push(() => write.resolve(value));
            } catch (error) {
              settled.push(() => write.reject(error));
            }
          }
        })();
      } catch (error) {
        // The commit itself failed (disk full, I/O error): nothing in the batch is stored.
        for (const write of batch) write.reject(error);
        continue;
      }
      for (const settle of settled) settle();
    }
  }
}
