import type { Database } from 'better-sqlite3';

interface PendingWrite {
  run: () => unknown;
  resolve: (value: any) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes asked for in the same turn of the event loop run in one transaction, and
 * each caller's promise settles after that transaction has committed. With `synchronous=FULL`
 * this turns one fsync per write into one fsync per batch, which is what lets the embedded hub
 * durably accept thousands of cases a second on one core.
 *
 * Under light load a write is flushed on the next turn of the loop. Under load, flushes are at
 * most `windowMs` apart: the writes that arrive meanwhile join the next batch. Each commit costs
 * the same whatever its size (an fsync, the WAL pages of every index touched), so batches that
 * grow with the load keep the cost per case falling as the load rises, for at most `windowMs`
 * of added latency.
 *
 * A write that throws must not take the others down with it. The common case (nothing throws)
 * runs the batch plainly; if a write throws, the batch is rolled back and run again with one
 * savepoint per write, so only the failing write is undone. Writes must therefore be safe to run
 * twice when the first run was rolled back — they are plain SQL on this connection, so they are.
 */
export class WriteBatcher {
  private queue: PendingWrite[] = [];
  private scheduled: NodeJS.Immediate | NodeJS.Timeout | undefined;
  private lastFlush = 0;

  constructor(private readonly db: Database, private readonly windowMs = 2, private readonly maxBatch = 1000) {}

  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: write, resolve, reject });
      if (this.scheduled === undefined) {
        const wait = this.lastFlush + this.windowMs - performance.now();
        this.scheduled = wait > 0 ? setTimeout(() => this.flush(), wait) : setImmediate(() => this.flush());
      }
    });
  }

  /** Runs every queued write now (also used at close). */
  flush(): void {
    if (this.scheduled !== undefined) {
      clearTimeout(this.scheduled as NodeJS.Timeout);
      clearImmediate(this.scheduled as NodeJS.Immediate);
      this.scheduled = undefined;
    }
    this.lastFlush = performance.now();
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      let settle: Array<() => void>;
      try {
        settle = this.runPlain(batch);
      } catch {
        try {
          settle = this.runIsolated(batch);
        } catch (error) {
          // The commit itself failed (disk full, I/O error): nothing in the batch is stored.
          for (const write of batch) write.reject(error);
          continue;
        }
      }
      for (const s of settle) s();
    }
  }

  private runPlain(batch: PendingWrite[]): Array<() => void> {
    return this.db.transaction(() => batch.map((write) => {
      const value = write.run();
      return () => write.resolve(value);
    }))();
  }

  private runIsolated(batch: PendingWrite[]): Array<() => void> {
    return this.db.transaction(() => batch.map((write) => {
      try {
        const value = this.db.transaction(write.run)();
        return () => write.resolve(value);
      } catch (error) {
        return () => write.reject(error);
      }
    }))();
  }
}
