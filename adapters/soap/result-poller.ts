import type { ResultSink } from '../../src/adapters/contract';
import { isOwhError } from '../../src/errors/owh-error';
import type { Logger } from '../../src/log/logger';

/**
 * Codes with which the hub refuses a result for good (see ResultSink): such a result is logged
 * (masked, with its body, so a person can take it up) and skipped. Any other failure means the
 * hub could not store it now: it is kept and offered again before the next poll.
 */
const REFUSALS = new Set(['OWH_RESULT_INVALID', 'OWH_RESULT_CONFLICT', 'OWH_CASE_NOT_FOUND', 'OWH_AUTH_FORBIDDEN']);

export interface PollerSettings {
  intervalMs: number;
  /** Calls the poll operation and returns the results it answered (an empty list for none). */
  fetch(signal: AbortSignal): Promise<unknown[]>;
  sink: ResultSink;
  logger: Logger;
  /** "SOAP QueryResults at http://…", for log lines. */
  call: string;
}

/**
 * Brings results back from a system that is asked for them: calls the poll operation, hands each
 * result to the hub one at a time, waits `intervalMs` from the end of one poll to the start of
 * the next (polls never overlap), and keeps going whatever fails. Its timer is unref'd: polling
 * alone does not keep a process alive.
 */
export class ResultPoller {
  /** Results the hub could not store yet (it was unavailable): offered again before fetching more. */
  private readonly pending: unknown[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private failing = false;
  private readonly abort = new AbortController();

  constructor(private readonly settings: PollerSettings) {}

  /** Polls at once, then every interval. */
  start(): void {
    if (this.timer || this.running || this.stopped) return;
    this.schedule(0);
  }

  /** Stops polling: the timer is cleared, a poll in flight is aborted and awaited. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await this.running;
  }

  /** Runs one poll now (for tests and for `start`). */
  async pollOnce(): Promise<void> {
    if (this.pending.length > 0) await this.handOver();
    if (this.pending.length > 0 || this.stopped) return;
    let results: unknown[];
    try {
      results = await this.settings.fetch(this.abort.signal);
    } catch (error) {
      if (this.stopped) return;
      const log = this.failing ? this.settings.logger.debug.bind(this.settings.logger) : this.settings.logger.warn.bind(this.settings.logger);
      log({ err: error, nextInMs: this.settings.intervalMs }, `${this.settings.call} failed; polling again in ${this.settings.intervalMs} ms`);
      this.failing = true;
      return;
    }
    if (this.failing) this.settings.logger.info(`${this.settings.call} answers again`);
    this.failing = false;
    this.pending.push(...results);
    await this.handOver();
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.pollOnce()
        .catch((error: unknown) => this.settings.logger.error({ err: error }, `polling ${this.settings.call} failed unexpectedly`))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.settings.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** Hands pending results to the hub, one at a time, in the order the system gave them. */
  private async handOver(): Promise<void> {
    while (this.pending.length > 0 && !this.stopped) {
      const body = this.pending[0];
      try {
        await this.settings.sink.submit({ body });
        this.pending.shift();
      } catch (error) {
        if (isOwhError(error) && REFUSALS.has(error.code)) {
          this.settings.logger.warn({ err: error, result: body }, `the hub refused a result from ${this.settings.call}: skipped (${error.code})`);
          this.pending.shift();
          continue;
        }
        this.settings.logger.warn({ err: error, waiting: this.pending.length }, `the hub could not store a result from ${this.settings.call} now; it is offered again before the next poll`);
        return;
      }
    }
  }
}
