import { ErrorDetail, OwhError } from '../errors/owh-error';
import { validatorFor } from '../validate/ajv';
import { toErrorDetails } from '../validate/errors';
import { compileCondition, Predicate } from './conditions';
import { parseOffset } from './dates';
import { describeValue, isMissing, RuleFailure, RuleSite, toMappingFailed } from './failure';
import { compileGetter, compileSetter, parsePath, PathSegment, Setter } from './paths';
import type { MappingRule, MappingSpec } from './spec';
import { chain, compileLookup, compileTransform, StepEnv, ValueFn } from './transforms';

/** A compiled mapping: source document in, target document out; throws OWH_MAPPING_FAILED. */
export type MappingFunction = (source: unknown) => Record<string, unknown>;

export interface CompileOptions {
  /** Names the mapping in messages (e.g. its file). */
  name?: string;
  /**
   * Resolved code tables; they override or extend `spec.codeTables`. Tables the spec keeps in a
   * `{$file}` must be given here (loadMapping does it).
   */
  codeTables?: Record<string, Record<string, unknown>>;
}

export const MAPPING_SCHEMA_ID = 'urn:owh:schema:mapping:1';

const DEFAULT_TIMEZONE = '+08:00';

type RuleFn = (source: unknown, target: Record<string, unknown>) => void;

interface CompileEnv {
  tables: Map<string, ReadonlyMap<string, unknown>>;
  timezone: number;
  problems: ErrorDetail[];
}

const RULE_SOURCES = new Set(['from', 'value', 'concat', 'each', 'rules']);
const CONDITION_KINDS = new Set(['path', 'all', 'any', 'not']);
const RULE_POINTER = /\/rules\/[0-9]+$/;
const CONDITION_POINTER = /\/(when|not|all\/[0-9]+|any\/[0-9]+)$/;

/**
 * Schema errors of a spec, made readable: a rule or condition that does not match its `oneOf`
 * makes ajv report every branch ("from is required", "value is required", …), which reads as if
 * all were needed. Those become one detail on the rule (or condition) saying what it needs.
 */
export function tidySpecDetails(details: ErrorDetail[]): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const d of details) {
    const slash = d.pointer.lastIndexOf('/');
    const parent = d.pointer.slice(0, slash);
    const key = d.pointer.slice(slash + 1);
    let detail = d;
    if ((d.keyword === 'required' && RULE_SOURCES.has(key) && RULE_POINTER.test(parent)) || (d.keyword === 'not' && RULE_POINTER.test(d.pointer))) {
      detail = { pointer: d.keyword === 'not' ? d.pointer : parent, keyword: 'oneOf', message: 'a rule takes its value from exactly one of from, value, concat, each (with or without rules) or rules' };
    } else if ((d.keyword === 'required' && CONDITION_KINDS.has(key) && CONDITION_POINTER.test(parent)) || (d.keyword === 'not' && CONDITION_POINTER.test(d.pointer))) {
      detail = { pointer: d.keyword === 'not' ? d.pointer : parent, keyword: 'oneOf', message: 'a condition has exactly one of path (with equals, notEquals, in or exists), all, any or not' };
    }
    const key2 = `${detail.pointer}\u0000${detail.keyword}\u0000${detail.message}`;
    if (seen.has(key2)) continue;
    seen.add(key2);
    out.push(detail);
  }
  return out;
}

function pointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Copies data written from the source or a constant into the target, so a target never shares
 * objects with the case (an adapter that adds to its output must not change the case) and an own
 * `__proto__` key in the data stays a plain key.
 */
function cloneData(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneData);
  if (value instanceof Date) return new Date(value.getTime());
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = cloneData((value as Record<string, unknown>)[key]);
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out;
}

/**
 * Compiles a mapping spec once into a plain function made of closures: paths are parsed into
 * segment getters and setters, conditions into predicates, transforms into a chain, code tables
 * into Maps. Nothing of the spec is read again per call.
 *
 * Throws OWH_MAPPING_INVALID (with a JSON pointer per problem) when the spec does not match the
 * schema, a path names `__proto__`, `prototype` or `constructor`, a code table is unknown or
 * unresolved, or a transform is unknown.
 */
export function compileMapping(spec: MappingSpec, options: CompileOptions = {}): MappingFunction {
  const prefix = options.name ? `${options.name}: ` : '';
  const validate = validatorFor(MAPPING_SCHEMA_ID);
  // Validate a copy: ajv fills in defaults, and the caller's spec is theirs.
  let copy: unknown;
  try {
    copy = structuredClone(spec);
  } catch (error) {
    throw new OwhError('OWH_MAPPING_INVALID', { message: `${prefix}a mapping spec is plain data (JSON or YAML): ${(error as Error).message}`, cause: error });
  }
  if (!validate(copy)) {
    const details = tidySpecDetails(toErrorDetails(validate.errors));
    throw new OwhError('OWH_MAPPING_INVALID', {
      message: `${prefix}the mapping spec is not valid: ${details[0]?.pointer || '/'} ${details[0]?.message ?? ''}`.trimEnd(),
      details,
    });
  }
  const problems: ErrorDetail[] = [];
  const timezone = parseOffset(spec.timezone ?? DEFAULT_TIMEZONE);
  if (timezone === undefined) problems.push({ pointer: '/timezone', keyword: 'timezone', message: 'is not an offset like +08:00' });
  const env: CompileEnv = { tables: resolveTables(spec, options, problems), timezone: timezone ?? 480, problems };
  const run = compileRuleList(spec.rules, '/rules', '', env);
  if (problems.length > 0) {
    const first = problems[0];
    throw new OwhError('OWH_MAPPING_INVALID', {
      message: `${prefix}the mapping spec has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${first.pointer} ${first.message}`,
      details: problems,
    });
  }
  const name = options.name;
  return (source: unknown): Record<string, unknown> => {
    const target: Record<string, unknown> = {};
    try {
      run(source, target);
    } catch (error) {
      throw toMappingFailed(error, name);
    }
    return target;
  };
}

function resolveTables(spec: MappingSpec, options: CompileOptions, problems: ErrorDetail[]): Map<string, ReadonlyMap<string, unknown>> {
  const tables = new Map<string, ReadonlyMap<string, unknown>>();
  const given = options.codeTables ?? {};
  for (const [name, table] of Object.entries(spec.codeTables ?? {})) {
    if (hasOwn(given, name)) continue;
    if (hasOwn(table, '$file')) {
      problems.push({
        pointer: `/codeTables/${pointerToken(name)}`,
        keyword: '$file',
        message: `code table '${name}' is kept in a file: load the mapping with loadMapping, or pass the table in codeTables`,
      });
      continue;
    }
    tables.set(name, new Map(Object.entries(table)));
  }
  for (const [name, table] of Object.entries(given)) {
    if (table === null || typeof table !== 'object' || Array.isArray(table)) {
      problems.push({ pointer: `/codeTables/${pointerToken(name)}`, keyword: 'codeTables', message: `code table '${name}' is not an object of code → value` });
      continue;
    }
    tables.set(name, new Map(Object.entries(table)));
  }
  return tables;
}

function compileRuleList(rules: MappingRule[], pointer: string, parentTarget: string, env: CompileEnv): RuleFn {
  const fns = rules.map((rule, i) => compileRule(rule, `${pointer}/${i}`, parentTarget, env));
  switch (fns.length) {
    case 0:
      return () => undefined;
    case 1:
      return fns[0];
    case 2: {
      const [a, b] = fns;
      return (source, target) => {
        a(source, target);
        b(source, target);
      };
    }
    default:
      return (source, target) => {
        for (let i = 0; i < fns.length; i++) fns[i](source, target);
      };
  }
}

function noop(): void {}

function compileRule(rule: MappingRule, pointer: string, parentTarget: string, env: CompileEnv): RuleFn {
  const site: RuleSite = { pointer, target: parentTarget ? `${parentTarget}.${rule.to}` : rule.to };
  const problem = (keyword: string, message: string): void => {
    env.problems.push({ pointer, keyword, message });
  };
  const path = (keyword: string, text: string): PathSegment[] => {
    const segments = parsePath(text);
    if (typeof segments === 'string') {
      problem(keyword, `${keyword} '${text}': ${segments}`);
      return [];
    }
    return segments;
  };

  // Where the value goes.
  const toSegments = path('to', rule.to);
  if (toSegments.length === 0 || typeof toSegments[0] !== 'string') {
    if (!env.problems.some((p) => p.pointer === pointer && p.keyword === 'to')) problem('to', `to '${rule.to}' must start with a field name`);
  }
  const set: Setter =
    toSegments.length > 0
      ? compileSetter(toSegments, (reason) => {
          throw new RuleFailure(site, 'to', reason);
        })
      : noop;

  const when: Predicate | undefined = rule.when ? compileCondition(rule.when, (message) => problem('when', message)) : undefined;

  // What happens without a value.
  const hasDefault = rule.default !== undefined;
  const fallback = rule.default;
  const sourceName = rule.from ?? rule.each ?? (rule.concat ? rule.concat.join(', ') : undefined);
  const requiredReason = rule.rules && !rule.each ? 'is required but none of its fields has a value' : `is required but ${sourceName ? `'${sourceName}' has` : 'there is'} no value`;
  const onMissing: (target: Record<string, unknown>) => void = hasDefault
    ? (target) => set(target, cloneData(fallback))
    : rule.required === true
      ? () => {
          throw new RuleFailure(site, 'required', requiredReason);
        }
      : noop;

  // Steps on the value (per element with `each` and no nested rules).
  const stepSite: RuleSite = rule.each !== undefined && !rule.rules ? { pointer, target: `${site.target}[]` } : site;
  const stepEnv: StepEnv = { site: stepSite, problem, table: (name) => env.tables.get(name), timezone: env.timezone };
  const steps: ValueFn[] = (rule.transform ?? []).map((step) => compileTransform(step, stepEnv));
  if (rule.map !== undefined) steps.push(compileLookup(rule.map, stepEnv, 'map'));
  const pipeline = chain(steps);

  if (rule.rules) {
    if (rule.transform || rule.map !== undefined) problem(rule.map !== undefined ? 'map' : 'transform', 'transform and map do not apply to nested rules: put them on the nested rules');
    if (rule.each !== undefined) return eachWithRules(rule, site, path('each', rule.each), compileRuleList(rule.rules, `${pointer}/rules`, `${site.target}[]`, env), set, onMissing, when);
    return nestedObject(compileRuleList(rule.rules, `${pointer}/rules`, site.target, env), set, onMissing, when);
  }
  if (rule.each !== undefined) return eachOfValues(rule, site, path('each', rule.each), pipeline, set, onMissing, when);

  let produce: (source: unknown) => unknown;
  let valueSteps = pipeline;
  if (rule.from !== undefined) {
    produce = compileGetter(path('from', rule.from));
  } else if (rule.concat !== undefined) {
    produce = compileConcat(rule.concat.map((p) => compileGetter(path('concat', p))), rule.separator ?? '', site);
  } else if ('value' in rule) {
    // A constant goes through its steps once, here; a step it cannot pass is a spec error.
    let constant = rule.value;
    if (pipeline && !isMissing(constant)) {
      try {
        constant = pipeline(constant);
      } catch (error) {
        if (!(error instanceof RuleFailure)) throw error;
        problem(error.keyword, `value: ${error.reason}`);
      }
    }
    produce = () => constant;
    valueSteps = undefined;
  } else {
    problem('to', 'a rule needs one of from, value, concat, each or rules');
    return noop;
  }
  return valueRule(produce, valueSteps, set, onMissing, when);
}

function valueRule(
  produce: (source: unknown) => unknown,
  pipeline: ValueFn | undefined,
  set: Setter,
  onMissing: (target: Record<string, unknown>) => void,
  when: Predicate | undefined,
): RuleFn {
  if (!when && !pipeline) {
    return (source, target) => {
      const v = produce(source);
      if (v === undefined || v === null || v === '') onMissing(target);
      else set(target, typeof v === 'object' ? cloneData(v) : v);
    };
  }
  if (!when && pipeline) {
    return (source, target) => {
      const v = produce(source);
      if (v === undefined || v === null || v === '') return onMissing(target);
      const out = pipeline(v);
      if (out === undefined) return onMissing(target);
      set(target, typeof out === 'object' ? cloneData(out) : out);
    };
  }
  return (source, target) => {
    if (when && !when(source)) return;
    let v = produce(source);
    if (v === undefined || v === null || v === '') return onMissing(target);
    if (pipeline) {
      v = pipeline(v);
      if (v === undefined) return onMissing(target);
    }
    set(target, typeof v === 'object' ? cloneData(v) : v);
  };
}

function compileConcat(getters: Array<(source: unknown) => unknown>, separator: string, site: RuleSite): (source: unknown) => unknown {
  return (source) => {
    let out = '';
    let first = true;
    for (let i = 0; i < getters.length; i++) {
      const v = getters[i](source);
      if (v === undefined || v === null || v === '') continue;
      let text: string;
      if (typeof v === 'string') text = v;
      else if (typeof v === 'number' || typeof v === 'boolean') text = String(v);
      else throw new RuleFailure(site, 'concat', `concat joins text and numbers, not ${describeValue(v)}`);
      out = first ? text : out + separator + text;
      first = false;
    }
    return out;
  };
}

function nestedObject(body: RuleFn, set: Setter, onMissing: (target: Record<string, unknown>) => void, when: Predicate | undefined): RuleFn {
  return (source, target) => {
    if (when && !when(source)) return;
    const inner: Record<string, unknown> = {};
    body(source, inner);
    for (const _ in inner) {
      set(target, inner);
      return;
    }
    onMissing(target);
  };
}

function sourceArray(rule: MappingRule, site: RuleSite, value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  throw new RuleFailure(site, 'each', `each '${rule.each}' is ${describeValue(value)}, not an array`);
}

function eachWithRules(
  rule: MappingRule,
  site: RuleSite,
  eachSegments: PathSegment[],
  body: RuleFn,
  set: Setter,
  onMissing: (target: Record<string, unknown>) => void,
  when: Predicate | undefined,
): RuleFn {
  const get = compileGetter(eachSegments);
  return (source, target) => {
    if (when && !when(source)) return;
    const value = get(source);
    if (value === undefined || value === null || value === '') return onMissing(target);
    const elements = sourceArray(rule, site, value);
    const out = new Array<Record<string, unknown>>(elements.length);
    for (let i = 0; i < elements.length; i++) {
      const element: Record<string, unknown> = {};
      try {
        body(elements[i], element);
      } catch (error) {
        if (error instanceof RuleFailure) error.indices.unshift(i);
        throw error;
      }
      out[i] = element;
    }
    set(target, out);
  };
}

function eachOfValues(
  rule: MappingRule,
  site: RuleSite,
  eachSegments: PathSegment[],
  pipeline: ValueFn | undefined,
  set: Setter,
  onMissing: (target: Record<string, unknown>) => void,
  when: Predicate | undefined,
): RuleFn {
  const get = compileGetter(eachSegments);
  return (source, target) => {
    if (when && !when(source)) return;
    const value = get(source);
    if (value === undefined || value === null || value === '') return onMissing(target);
    const elements = sourceArray(rule, site, value);
    const out: unknown[] = [];
    for (let i = 0; i < elements.length; i++) {
      let v = elements[i];
      if (v === undefined || v === null || v === '') continue;
      if (pipeline) {
        try {
          v = pipeline(v);
        } catch (error) {
          if (error instanceof RuleFailure) error.indices.unshift(i);
          throw error;
        }
        if (v === undefined) continue;
      }
      out.push(typeof v === 'object' ? cloneData(v) : v);
    }
    set(target, out);
  };
}
