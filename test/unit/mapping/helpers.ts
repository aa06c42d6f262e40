import { compileMapping, MappingRule, MappingSpec } from '../../../src/mapping';
import { OwhError } from '../../../src/errors/owh-error';

/** Compiles a request mapping of these rules (and spec fields) and runs it once. */
export function mapWith(rules: MappingRule[], source: unknown, spec: Partial<MappingSpec> = {}): Record<string, unknown> {
  return compileMapping({ kind: 'request', ...spec, rules })(source);
}

/** The OwhError a function throws (fails the test when it does not throw one). */
export function caught(fn: () => unknown): OwhError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OwhError) return error;
    throw new Error(`expected an OwhError, got ${String(error)}`);
  }
  throw new Error('expected an OwhError, nothing was thrown');
}
