import type { Command } from 'commander';
import { join, relative, resolve } from 'node:path';
import { OwhError, toOwhError } from '../../src/errors/owh-error';
import { findMappingFolders, loadMapping } from '../../src/mapping/load';
import { runMappingFixtures, FixtureResult } from '../../src/mapping/fixtures';
import { CliContext, GlobalOptions } from '../context';
import { CliIO, printJson } from '../io';

export interface MappingTestReport {
  folders: number;
  fixtures: number;
  passed: number;
  failed: number;
  /** Folders that hold a mapping but no fixtures: untested. */
  withoutFixtures: string[];
  /** Folders whose mapping does not load. */
  broken: Array<{ folder: string; code: string; message: string }>;
  results: FixtureResult[];
}

/** Runs the fixtures of every mapping folder under `roots` (each mapping folder, or a folder of them). */
export function testMappings(roots: string[]): MappingTestReport {
  const report: MappingTestReport = { folders: 0, fixtures: 0, passed: 0, failed: 0, withoutFixtures: [], broken: [], results: [] };
  for (const folder of roots.flatMap((r) => findMappingFolders(r))) {
    report.folders++;
    let results: FixtureResult[];
    try {
      results = runMappingFixtures(loadMapping(folder));
    } catch (error) {
      const e = toOwhError(error);
      report.broken.push({ folder, code: e.code, message: [e.message, ...e.details.map((d) => `${d.file ?? ''}${d.line ? `:${d.line}` : ''} ${d.pointer} ${d.message}`)].join('\n    ') });
      continue;
    }
    if (results.length === 0) report.withoutFixtures.push(folder);
    for (const r of results) {
      report.fixtures++;
      if (r.passed) report.passed++;
      else report.failed++;
      report.results.push(r);
    }
  }
  return report;
}

export function registerMappingTest(program: Command, io: CliIO, global: () => GlobalOptions): void {
  const mapping = program.command('mapping').description('mapping specs: test them against their fixtures');
  mapping
    .command('test')
    .description('run every mapping\'s fixtures (input → expected output); exit 1 when any fails')
    .argument('[folders...]', 'mapping folders, or folders holding them (default: the catalog\'s mappings/)')
    .option('--json', 'print JSON')
    .action((folders: string[], options: { json?: boolean }) => {
      const roots = folders.length > 0 ? folders.map((f) => resolve(f)) : [join(CliContext.load(global()).config.catalog, 'mappings')];
      const report = testMappings(roots);
      if (options.json) printJson(io, report);
      else {
        const cwd = process.cwd();
        for (const r of report.results) {
          io.out(`${r.passed ? 'pass' : 'FAIL'}  ${relative(cwd, r.folder)} ${r.fixture}`);
          if (r.error) io.out(`        ${r.error.code}: ${r.error.message}`);
          for (const d of r.differences.slice(0, 20)) io.out(`        ${d.pointer || '/'}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`);
        }
        for (const b of report.broken) io.out(`BROKEN ${relative(cwd, b.folder)}\n    ${b.code}: ${b.message}`);
        for (const f of report.withoutFixtures) io.out(`none  ${relative(cwd, f)} has no fixtures`);
        io.out(`${report.folders} mappings, ${report.fixtures} fixtures: ${report.passed} passed, ${report.failed} failed, ${report.broken.length} broken, ${report.withoutFixtures.length} without fixtures`);
      }
      if (report.failed > 0 || report.broken.length > 0) {
        throw new OwhError('OWH_MAPPING_FIXTURE_FAILED', { message: `${report.failed} fixture${report.failed === 1 ? '' : 's'} failed, ${report.broken.length} mapping${report.broken.length === 1 ? '' : 's'} broken`, fix: 'See the differences above.' });
      }
    });
}
