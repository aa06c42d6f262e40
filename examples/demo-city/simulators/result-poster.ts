import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import type { Logger } from '../../../src/log/logger';
import { maskText } from '../../../src/log/mask';

const FIRST_RETRY_MS = 200;
const MAX_RETRY_MS = 5_000;
/** A hub's Retry-After is honoured up to this long. */
const MAX_RETRY_AFTER_MS = 30_000;
const POST_TIMEOUT_MS = 10_000;

/** How one attempt to hand a result back ended: taken or refused for good, or to be tried again. */
export type Attempt = { done: 'posted' | 'refused' } | { retryAfterMs?: number; problem: string };

/**
 * One attempt to hand a result back the system's own way (a SOAP call to the hub's callback, a
 * result file, a reply message, a result waiting for the hub's poll). It should stop when `signal`
 * aborts.
 */
export type ResultDelivery = (caseId: string, body: Record<string, unknown>, signal: AbortSignal) => Promise<Attempt>;

export interface ResultPosterOptions {
  connectorId: string;
  logger: Logger;
  /** Read at each attempt, so results waiting for a restarted hub go to its new address (REST posts). */
  hubUrl?: () => string;
  /** The system's results token (Authorization: Bearer) (REST posts). */
  token?: string;
  /** The fleet's connection pool (REST posts). */
  dispatcher?: Dispatcher;
  /** Hands a result back another way than a POST to the hub's result API. */
  deliver?: ResultDelivery;
  /** What a failed attempt was doing, for the log ("posting a result to the hub"). */
  doing?: string;
}

/** A result's body, built when it is posted (so its decision time is the time it is sent). */
export type ResultStep = () => Record<string, unknown>;

/**
 * A pause between two results until something happens (the hub sends the material a department
 * asked for, or the co-handlers' opinions arrive); it should end (reject) when `signal` aborts.
 */
export interface WaitStep {
  wait: (signal: AbortSignal) => Promise<void>;
}

export type PosterStep = ResultStep | WaitStep;

/**
 * Posts a system's results to the hub, one case at a time in order (acceptance, then completion),
 * like a department that pushes each decision once it is made. The hub being down (a network
 * error or 5xx) is waited out with backoff; a 4xx is the hub's final word and is not retried.
 * With `deliver`, results go back another way, with the same order, delays and retries.
 */
export class ResultPoster {
  posted = 0;
  refused = 0;
  private controller = ResultPoster.sharedController();
  private readonly jobs = new Set<Promise<void>>();
  private readonly deliver: ResultDelivery;

  constructor(private readonly options: ResultPosterOptions) {
    if (options.deliver) this.deliver = options.deliver;
    else if (options.hubUrl && options.token !== undefined && options.dispatcher) this.deliver = (caseId, body, signal) => this.postOnce(caseId, body, signal);
    else throw new Error('a ResultPoster needs deliver, or hubUrl, token and dispatcher');
  }

  /** One signal stops every pending post, so it has one listener per pending case by design. */
  private static sharedController(): AbortController {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    return controller;
  }

  /** Posts each step after waiting `delayMs`, in order, for one case; a wait step holds the steps after it until it resolves. */
  enqueue(caseId: string, steps: PosterStep[], delayMs: number): void {
    const signal = this.controller.signal;
    const job: Promise<void> = this.run(caseId, steps, delayMs, signal)
      .catch((error: unknown) => {
        if (!signal.aborted) this.options.logger.error({ err: error, caseId }, 'posting results failed');
      })
      .finally(() => this.jobs.delete(job));
    this.jobs.add(job);
  }

  /** Cases whose results are not all posted yet. */
  get pending(): number {
    return this.jobs.size;
  }

  /** Resolves when no case has results left to post. */
  async idle(): Promise<void> {
    while (this.jobs.size > 0) await Promise.allSettled([...this.jobs]);
  }

  /** Drops every result not yet posted and zeroes the counters. */
  reset(): void {
    this.controller.abort();
    this.controller = ResultPoster.sharedController();
    this.posted = 0;
    this.refused = 0;
  }

  /** Stops posting: timers cleared, posts in flight aborted. */
  async close(): Promise<void> {
    this.controller.abort();
    await this.idle();
  }

  private async run(caseId: string, steps: PosterStep[], delayMs: number, signal: AbortSignal): Promise<void> {
    for (const step of steps) {
      if (typeof step !== 'function') {
        await step.wait(signal);
        continue;
      }
      if (delayMs > 0) await sleep(delayMs, undefined, { signal });
      signal.throwIfAborted();
      await this.postUntilTaken(caseId, step(), signal);
    }
  }

  private async postUntilTaken(caseId: string, body: Record<string, unknown>, signal: AbortSignal): Promise<void> {
    const { logger, connectorId } = this.options;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.deliver(caseId, body, signal);
      if ('done' in outcome) {
        if (outcome.done === 'posted') this.posted++;
        else this.refused++;
        return;
      }
      const backoff = Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), MAX_RETRY_MS);
      const waitMs = outcome.retryAfterMs !== undefined ? Math.min(Math.max(outcome.retryAfterMs, backoff), MAX_RETRY_AFTER_MS) : backoff;
      if (attempt === 1 || attempt % 10 === 0) {
        logger.warn({ connector: connectorId, caseId, attempt, waitMs }, `${this.options.doing ?? 'posting a result to the hub'} failed (${outcome.problem}); retrying`);
      }
      await sleep(waitMs, undefined, { signal });
    }
  }

  private async postOnce(caseId: string, body: Record<string, unknown>, signal: AbortSignal): Promise<Attempt> {
    const url = `${this.options.hubUrl!().replace(/\/+$/, '')}/api/v1/cases/${encodeURIComponent(caseId)}/results`;
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${this.options.token}` },
        body: JSON.stringify(body),
        dispatcher: this.options.dispatcher,
        signal,
        headersTimeout: POST_TIMEOUT_MS,
        bodyTimeout: POST_TIMEOUT_MS,
      });
    } catch (error) {
      signal.throwIfAborted();
      return { problem: (error as Error).message };
    }
    const text = await response.body.text().catch(() => '');
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { done: 'posted' };
    if (status >= 400 && status < 500) {
      this.options.logger.warn(
        { connector: this.options.connectorId, status, answer: maskText(text.slice(0, 500)) },
        `the hub refused a result (POST ${url} returned ${status}); not retried`,
      );
      return { done: 'refused' };
    }
    return { problem: `POST ${url} returned ${status}`, retryAfterMs: retryAfterMs(response.headers['retry-after']) };
  }
}

export function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
