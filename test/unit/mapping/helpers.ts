import { compileMapping, MappingRule, MappingSpec } from '../../../src/mapping';

/** Compiles a request mapping of these rules (and spec fields) and runs it once. */
export function mapWith(rules: MappingRule[], source: unknown, spec: Partial<MappingSpec> = {}): Record<string, unknown> {
  return compileMapping({ kind: 'request', ...spec, rules })(source);
}

export { caught } from '../../helpers/owh-error';
