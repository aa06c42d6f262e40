import { isMissing } from './failure';
import { compileGetter, parsePath } from './paths';
import type { MappingCondition } from './spec';

export type Predicate = (source: unknown) => boolean;

/**
 * Scalars compare by their text, so a form's '1' equals a spec's 1; a missing value (undefined,
 * null, '') equals null and ''; objects and arrays compare deeply.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const aMissing = isMissing(a);
  const bMissing = isMissing(b);
  if (aMissing || bMissing) return aMissing && bMissing;
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== 'object' && tb !== 'object') return String(a) === String(b);
  if (ta !== 'object' || tb !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameValue(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A test against one constant, specialised for the usual case of a string or number constant. */
function equalsTo(expected: unknown): (value: unknown) => boolean {
  if (typeof expected === 'string' && expected !== '') {
    return (value) => value === expected || ((typeof value === 'number' || typeof value === 'boolean') && String(value) === expected);
  }
  return (value) => sameValue(value, expected);
}

/**
 * Compiles a condition into a predicate on the current source. `problem` records a spec error
 * (a bad path) at compile time.
 */
export function compileCondition(condition: MappingCondition, problem: (message: string) => void): Predicate {
  if (condition.all) {
    const parts = condition.all.map((c) => compileCondition(c, problem));
    return (source) => {
      for (let i = 0; i < parts.length; i++) if (!parts[i](source)) return false;
      return true;
    };
  }
  if (condition.any) {
    const parts = condition.any.map((c) => compileCondition(c, problem));
    return (source) => {
      for (let i = 0; i < parts.length; i++) if (parts[i](source)) return true;
      return false;
    };
  }
  if (condition.not) {
    const inner = compileCondition(condition.not, problem);
    return (source) => !inner(source);
  }
  if (typeof condition.path !== 'string') {
    problem('a condition needs one of path, all, any or not');
    return () => false;
  }
  const segments = parsePath(condition.path);
  if (typeof segments === 'string') {
    problem(`when.path '${condition.path}': ${segments}`);
    return () => false;
  }
  const get = compileGetter(segments);
  const tests: Array<(value: unknown) => boolean> = [];
  if ('equals' in condition) tests.push(equalsTo(condition.equals));
  if ('notEquals' in condition) {
    const eq = equalsTo(condition.notEquals);
    tests.push((value) => !eq(value));
  }
  if (condition.in) {
    const options = condition.in.map(equalsTo);
    tests.push((value) => {
      for (let i = 0; i < options.length; i++) if (options[i](value)) return true;
      return false;
    });
  }
  if (condition.exists !== undefined || tests.length === 0) {
    const wanted = condition.exists ?? true;
    tests.push((value) => isMissing(value) !== wanted);
  }
  if (tests.length === 1) {
    const only = tests[0];
    return (source) => only(get(source));
  }
  return (source) => {
    const value = get(source);
    for (let i = 0; i < tests.length; i++) if (!tests[i](value)) return false;
    return true;
  };
}
