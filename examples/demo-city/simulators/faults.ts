import type { ValidateFunction } from 'ajv/dist/2020';
import { sharedAjv } from '../../../src/validate/ajv';

/**
 * Faults a test injects into a simulated system (by `setFaults()` or `POST /__sim/faults`).
 * They act on the delivery route only; health and `/__sim` routes always answer.
 */
export interface Faults {
  /** The next `count` deliveries are answered `status` (e.g. 503) with no effect; `retryAfter` (seconds) sets Retry-After. */
  failNext?: { count: number; status: number; retryAfter?: number };
  /**
   * Every answer waits this long. The case is applied first, so a hub that times out has
   * delivered after all and must resend under the same idempotency key. 0 turns it off.
   */
  delayMs?: number;
  /** The next `count` deliveries lose their connection (socket destroyed, no answer, no effect). */
  dropConnectionNext?: number;
  /** The next `count` valid deliveries are refused with `status` (a business rejection, no effect). */
  rejectNext?: { count: number; status: 400 | 422 };
}

const faultsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    failNext: {
      type: 'object',
      required: ['count', 'status'],
      additionalProperties: false,
      properties: {
        count: { type: 'integer', minimum: 0 },
        status: { type: 'integer', minimum: 400, maximum: 599 },
        retryAfter: { type: 'integer', minimum: 0 },
      },
    },
    delayMs: { type: 'integer', minimum: 0, maximum: 600000 },
    dropConnectionNext: { type: 'integer', minimum: 0 },
    rejectNext: {
      type: 'object',
      required: ['count', 'status'],
      additionalProperties: false,
      properties: { count: { type: 'integer', minimum: 0 }, status: { enum: [400, 422] } },
    },
  },
};

let validator: ValidateFunction<Faults> | undefined;

/** What is wrong with faults posted to `/__sim/faults` (nothing: an empty list). */
export function checkFaults(value: unknown): string[] {
  validator ??= sharedAjv().compile<Faults>(faultsSchema);
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is not valid'}`);
}

/** The faults in force for one simulator; each `take*` consumes one use of a counted fault. */
export class FaultState {
  private current: Faults = {};

  set(faults: Faults): void {
    this.current = { ...this.current, ...structuredClone(faults) };
  }

  clear(): void {
    this.current = {};
  }

  snapshot(): Faults {
    return structuredClone(this.current);
  }

  get delayMs(): number {
    return this.current.delayMs ?? 0;
  }

  takeDrop(): boolean {
    const n = this.current.dropConnectionNext ?? 0;
    if (n <= 0) return false;
    this.current.dropConnectionNext = n - 1;
    return true;
  }

  takeFailure(): { status: number; retryAfter?: number } | undefined {
    const f = this.current.failNext;
    if (!f || f.count <= 0) return undefined;
    f.count -= 1;
    return { status: f.status, retryAfter: f.retryAfter };
  }

  takeRejection(): { status: 400 | 422 } | undefined {
    const r = this.current.rejectNext;
    if (!r || r.count <= 0) return undefined;
    r.count -= 1;
    return { status: r.status };
  }
}
