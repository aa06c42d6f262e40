import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCatalogue } from '../../../src/errors/catalogue';
import { formatErrorForHumans, OwhError, toOwhError } from '../../../src/errors/owh-error';

describe('the error catalogue', () => {
  const docs = readFileSync(join(__dirname, '../../../docs/errors.md'), 'utf8');

  it.each(Object.entries(errorCatalogue))('%s is documented with its status, exit code and retryability', (code, d) => {
    const row = docs.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
    expect(row).toBeDefined();
    expect(row).toContain(`| ${d.status} | ${d.exitCode} | ${d.retryable ? 'yes' : 'no'} |`);
  });

  it('documents no code the catalogue lacks', () => {
    const documented = [...docs.matchAll(/^\| `(OWH_[A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(errorCatalogue).sort());
  });

  it('every entry has a fix for the reader', () => {
    for (const d of Object.values(errorCatalogue)) expect(d.fix.length).toBeGreaterThan(20);
  });

  it('renders code, message, where and fix', () => {
    const e = new OwhError('OWH_CASE_INVALID', { message: 'the case has 1 error', details: [{ pointer: '/form/x', keyword: 'required', message: 'is required', file: 'case.json', line: 7 }] });
    expect(e.toJSON()).toEqual({ code: 'OWH_CASE_INVALID', message: 'the case has 1 error', fix: errorCatalogue.OWH_CASE_INVALID.fix, errors: e.details });
    expect(formatErrorForHumans(e)).toBe(`OWH_CASE_INVALID: the case has 1 error\n  at case.json:7 /form/x: is required (required)\n  fix: ${errorCatalogue.OWH_CASE_INVALID.fix}`);
    expect(e.status).toBe(400);
    expect(toOwhError(new Error('boom')).code).toBe('OWH_INTERNAL');
  });
});
