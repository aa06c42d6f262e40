import { ErrorDetail, OwhError } from '../errors/owh-error';
import { maskText } from '../log/mask';

/** Where a compiled rule sits: its JSON pointer in the spec and the target path it writes (for messages). */
export interface RuleSite {
  /** JSON pointer of the rule in the spec, e.g. `/rules/2/rules/0`. */
  pointer: string;
  /** Target path from the root of the output, `[]` standing for an array element (`gdxx[].gdxm`). */
  target: string;
}

/**
 * A rule that failed on one input. Thrown inside the compiled function and turned into one
 * OWH_MAPPING_FAILED at its edge; `each` loops add the element index on the way out, so the
 * message can say `gdxx[2].gdxm` instead of `gdxx[].gdxm`.
 */
export class RuleFailure extends Error {
  readonly indices: number[] = [];
  constructor(
    readonly site: RuleSite,
    readonly keyword: string,
    readonly reason: string,
  ) {
    super(reason);
  }

  /** The target path with the element indices filled in. */
  targetPath(): string {
    let i = 0;
    return this.site.target.replace(/\[\]/g, () => (i < this.indices.length ? `[${this.indices[i++]}]` : '[]'));
  }
}

/** Turns whatever escaped a compiled mapping into the one error callers see. */
export function toMappingFailed(error: unknown, name: string | undefined): OwhError {
  const prefix = name ? `${name}: ` : '';
  if (error instanceof RuleFailure) {
    const target = error.targetPath();
    const detail: ErrorDetail = { pointer: error.site.pointer, keyword: error.keyword, message: `${error.reason} (target ${target})` };
    return new OwhError('OWH_MAPPING_FAILED', {
      message: `${prefix}rule ${error.site.pointer} (→ ${target}): ${error.reason}`,
      details: [detail],
    });
  }
  if (error instanceof OwhError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new OwhError('OWH_MAPPING_FAILED', { message: `${prefix}${maskText(message)}`, cause: error });
}

/**
 * A value as it may appear in a message: short, and with ID and phone numbers masked, because
 * the value may be personal data and messages end up in logs and on screens.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const text = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `'${maskText(text)}'`;
  }
  if (typeof value === 'number') return maskText(String(value)); // a phone number may come as a number
  if (typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** undefined, null and '' are all "no value" in a mapping. */
export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}
