import { Pool } from 'undici';
import type { CaseEnvelope } from '../../../src/model/case';

export interface LoadOptions {
  /** The hub's base URL. */
  url: string;
  apiKey: string;
  count: number;
  /** Cases per second at most (none: as fast as `concurrency` allows). */
  rate?: number;
  /** Submissions in flight at once. */
  concurrency?: number;
  next: () => CaseEnvelope;
  onAnswer?: (done: number) => void;
  /** Tries per case on network errors or 5xx (the same caseId again: intake is idempotent). */
  maxTries?: number;
}

export interface LoadReport {
  submitted: number;
  accepted: number;
  refused: Record<string, number>;
  failed: number;
  durationMs: number;
  casesPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  caseIds: string[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Submits `count` cases to a hub as the platform would: keep-alive connections, bounded
 * concurrency, an optional rate, and a resend of the same case when the hub could not be reached.
 * Measures the accept latency (request sent → 202 received).
 */
export async function submitLoad(options: LoadOptions): Promise<LoadReport> {
  const concurrency = options.concurrency ?? 32;
  const pool = new Pool(options.url, { connections: concurrency, pipelining: 1 });
  const latencies: number[] = [];
  const refused: Record<string, number> = {};
  const caseIds: string[] = [];
  let accepted = 0;
  let failed = 0;
  let issued = 0;
  let done = 0;
  const started = performance.now();
  const interval = options.rate ? 1000 / options.rate : 0;

  const submitOne = async (envelope: CaseEnvelope): Promise<void> => {
    const body = JSON.stringify(envelope);
    for (let attempt = 1; attempt <= (options.maxTries ?? 5); attempt++) {
      const t0 = performance.now();
      try {
        const res = await pool.request({ method: 'POST', path: '/api/v1/cases', body, headers: { 'content-type': 'application/json', 'x-api-key': options.apiKey } });
        const answer = (await res.body.json()) as { code?: string };
        if (res.statusCode === 202) {
          latencies.push(performance.now() - t0);
          accepted++;
          caseIds.push(envelope.caseId);
          return;
        }
        if (res.statusCode < 500) {
          refused[answer.code ?? String(res.statusCode)] = (refused[answer.code ?? String(res.statusCode)] ?? 0) + 1;
          return;
        }
      } catch {
        // not reached, or the connection dropped: try again with the same case
      }
      await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
    }
    failed++;
  };

  const worker = async (): Promise<void> => {
    while (issued < options.count) {
      const index = issued++;
      if (interval > 0) {
        const due = started + index * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      await submitOne(options.next());
      done++;
      options.onAnswer?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, options.count) }, worker));
  await pool.close();
  const durationMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    submitted: options.count,
    accepted,
    refused,
    failed,
    durationMs,
    casesPerSecond: (accepted / durationMs) * 1000,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? 0 },
    caseIds,
  };
}
