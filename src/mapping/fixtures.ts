import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { OwhError, toOwhError } from '../errors/owh-error';
import { readSourceDocument } from '../util/yaml-source';
import type { LoadedMapping } from './load';

/** One place where the output differs from the expected output. */
export interface FixtureDifference {
  /** JSON pointer into the output ('' is the whole document). */
  pointer: string;
  expected: unknown;
  actual: unknown;
}

export interface FixtureResult {
  folder: string;
  /** The fixture's name: `<name>.input.json` → `<name>`. */
  fixture: string;
  passed: boolean;
  differences: FixtureDifference[];
  /** The error the mapping (or reading the fixture) ended with. */
  error?: { code: string; message: string };
}

const EXTENSIONS = ['json', 'yaml', 'yml'];
const INPUT = /^(.+)\.input\.(json|ya?ml)$/;

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A fixture's file of one role (`fixtures/<name>.<role>.json|yaml|yml`), if there is one. */
export function fixtureFile(dir: string, name: string, role: 'input' | 'expected' | 'error'): string | undefined {
  for (const ext of EXTENSIONS) {
    const file = join(dir, `${name}.${role}.${ext}`);
    if (existsSync(file)) return file;
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Where two JSON-like values differ, as JSON pointers: objects key by key (expected's keys first),
 * arrays index by index; a Date compares as its ISO text. Equal values give [].
 */
export function diffValues(expected: unknown, actual: unknown): FixtureDifference[] {
  const out: FixtureDifference[] = [];
  const walk = (e: unknown, a: unknown, pointer: string): void => {
    if (e instanceof Date) e = e.toISOString();
    if (a instanceof Date) a = a.toISOString();
    if (e === a || (Number.isNaN(e) && Number.isNaN(a))) return;
    if (Array.isArray(e) && Array.isArray(a)) {
      const n = Math.max(e.length, a.length);
      for (let i = 0; i < n; i++) walk(e[i], a[i], `${pointer}/${i}`);
      return;
    }
    if (isPlainObject(e) && isPlainObject(a)) {
      const keys = Object.keys(e);
      for (const key of Object.keys(a)) if (!Object.prototype.hasOwnProperty.call(e, key)) keys.push(key);
      for (const key of keys) {
        const ev = Object.prototype.hasOwnProperty.call(e, key) ? e[key] : undefined;
        const av = Object.prototype.hasOwnProperty.call(a, key) ? a[key] : undefined;
        walk(ev, av, `${pointer}/${escapeToken(key)}`);
      }
      return;
    }
    out.push({ pointer, expected: e, actual: a });
  };
  walk(expected, actual, '');
  return out;
}

/** The names of the fixtures in a mapping folder, sorted. */
export function listFixtures(folder: string): string[] {
  const dir = join(folder, 'fixtures');
  if (!existsSync(dir)) return [];
  const names = new Set<string>();
  for (const entry of readdirSync(dir)) {
    const m = INPUT.exec(entry);
    if (m) names.add(m[1]);
  }
  return [...names].sort();
}

/**
 * Runs the mapping over every `fixtures/<name>.input.(json|yaml)` of its folder and compares the
 * output with `<name>.expected.(json|yaml)`. A mapping that throws passes only when
 * `<name>.error.json` ({code, pointer?}) says it should: same code, and, when a pointer is
 * given, an error detail at that pointer of the spec. A folder without fixtures gives [].
 */
export function runMappingFixtures(mapping: LoadedMapping): FixtureResult[] {
  const dir = join(mapping.folder, 'fixtures');
  return listFixtures(mapping.folder).map((name) => runOne(mapping, dir, name));
}

function runOne(mapping: LoadedMapping, dir: string, name: string): FixtureResult {
  const result = (passed: boolean, differences: FixtureDifference[], error?: { code: string; message: string }): FixtureResult => ({
    folder: mapping.folder,
    fixture: name,
    passed,
    differences,
    ...(error ? { error } : {}),
  });
  const failed = (message: string, code = 'OWH_MAPPING_FIXTURE_FAILED'): FixtureResult => result(false, [], { code, message });

  let input: unknown;
  let expected: unknown;
  let expectedError: { code?: unknown; pointer?: unknown } | undefined;
  const expectedFile = fixtureFile(dir, name, 'expected');
  const errorFile = fixtureFile(dir, name, 'error');
  try {
    input = readSourceDocument(fixtureFile(dir, name, 'input') as string, 'OWH_MAPPING_FIXTURE_FAILED').data;
    if (expectedFile) expected = readSourceDocument(expectedFile, 'OWH_MAPPING_FIXTURE_FAILED').data;
    if (errorFile) expectedError = readSourceDocument(errorFile, 'OWH_MAPPING_FIXTURE_FAILED').data as typeof expectedError;
  } catch (error) {
    const e = toOwhError(error, 'OWH_MAPPING_FIXTURE_FAILED');
    return failed(e.message, e.code);
  }
  if (!expectedFile && !errorFile) return failed(`fixture '${name}' has no ${name}.expected.json (or ${name}.error.json) beside its input`);

  let output: Record<string, unknown>;
  try {
    output = mapping.map(input);
  } catch (thrown) {
    const error: OwhError = toOwhError(thrown, 'OWH_MAPPING_FAILED');
    const seen = { code: error.code, message: error.message };
    if (!expectedError) return result(false, [], seen);
    const differences: FixtureDifference[] = [];
    if (expectedError.code !== error.code) differences.push({ pointer: '/code', expected: expectedError.code, actual: error.code });
    if (expectedError.pointer !== undefined && !error.details.some((d) => d.pointer === expectedError?.pointer)) {
      differences.push({ pointer: '/pointer', expected: expectedError.pointer, actual: error.details[0]?.pointer });
    }
    return result(differences.length === 0, differences, seen);
  }
  if (!expectedFile) {
    return result(false, [{ pointer: '/code', expected: expectedError?.code, actual: undefined }], {
      code: 'OWH_MAPPING_FIXTURE_FAILED',
      message: `fixture '${name}' expected the mapping to fail with ${String(expectedError?.code)}, but it gave an output`,
    });
  }
  const differences = diffValues(expected, output);
  return result(differences.length === 0, differences);
}
