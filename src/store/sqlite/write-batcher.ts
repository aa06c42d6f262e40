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
function isBusy(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

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

  /**
   * Runs every queued write now. `wait` (at close) waits for a lock held elsewhere instead of
   * retrying later, since there is no later.
   */
  flush(wait = false): void {
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
        settle = this.runPlain(batch, wait);
      } catch (error) {
        if (isBusy(error) && !wait) {
          // Another connection (the other thread, or an `owh` command) holds the write lock. Do
          // not sleep in SQLite's busy handler, whose waits grow to tens of ms and stall this
          // thread: put the batch back and try again on the next turn, serving requests meanwhile.
          this.queue.unshift(...batch);
          this.retryBusy();
          return;
        }
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

  private busyRetries = 0;

  private retryBusy(): void {
    if (this.scheduled !== undefined) return;
    // Yield at once a few times, then back off a little so two busy writers do not spin.
    const delay = this.busyRetries++ < 5 ? 0 : Math.min(5, this.busyRetries - 4);
    this.scheduled = setTimeout(() => this.flush(), delay);
  }

  // IMMEDIATE: take the write lock at BEGIN. Another connection (the dispatch thread's) may write
  // between a deferred transaction's first read and its first write, and SQLite then fails the
  // upgrade at once (SQLITE_BUSY) instead of waiting; BEGIN IMMEDIATE waits its turn (busy_timeout).
  private runPlain(batch: PendingWrite[], wait: boolean): Array<() => void> {
    const previous = this.db.pragma('busy_timeout', { simple: true }) as number;
    if (!wait) this.db.pragma('busy_timeout = 0'); // see flush(): waiting for the lock is done by retrying, not sleeping
    try {
      const settle = this.db.transaction(() => batch.map((write) => {
        const value = write.run();
        return () => write.resolve(value);
      })).immediate();
      this.busyRetries = 0;
      return settle;
    } finally {
      this.db.pragma(`busy_timeout = ${previous}`);
    }
  }

  private runIsolated(batch: PendingWrite[]): Array<() => void> {
    return this.db.transaction(() => batch.map((write) => {
      try {
        const value = this.db.transaction(write.run)();
        return () => write.resolve(value);
      } catch (error) {
        return () => write.reject(error);
      }
    })).immediate();
  }
}
