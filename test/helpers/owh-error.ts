import { OwhError } from '../../src/errors/owh-error';

/** The OwhError a function throws (fails the test when it throws something else, or nothing). */
export function caught(fn: () => unknown): OwhError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OwhError) return error;
    throw new Error(`expected an OwhError, got ${String(error)}`);
  }
  throw new Error('expected an OwhError, nothing was thrown');
}
