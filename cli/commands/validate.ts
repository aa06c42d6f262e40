import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { Catalog } from '../../src/catalog/types';
import { isOwhError, OwhError } from '../../src/errors/owh-error';
import { validateCase, ValidatedCase } from '../../src/intake/accept-case';
import { locate, readSourceDocument } from '../../src/util/yaml-source';
import { CliContext, GlobalOptions } from '../context';
import { CliIO, printJson } from '../io';

/**
 * Validates a case file exactly as intake would (envelope, e-form, route) and names the file and
 * line of every error as well as its JSON pointer.
 */
export function validateCaseFile(catalog: Catalog, file: string): ValidatedCase {
  const source = readSourceDocument(resolve(file), 'OWH_JSON_MALFORMED');
  try {
    return validateCase(catalog, source.data);
  } catch (error) {
    if (isOwhError(error)) throw new OwhError(error.code, { message: `${file}: ${error.message}`, details: locate(error.details, source), fix: error.fix });
    throw error;
  }
}

export function registerValidate(program: Command, io: CliIO, global: () => GlobalOptions): void {
  program
    .command('validate')
    .description('check a case file against the envelope, its item\'s e-form and the routing, as intake would')
    .argument('<case.json>', 'the case file')
    .option('--json', 'print JSON')
    .action((file: string, options: { json?: boolean }) => {
      const { envelope, route } = validateCaseFile(CliContext.load(global()).catalog(), file);
      const summary = {
        valid: true,
        caseId: envelope.caseId,
        item: { code: route.item.code, name: route.item.name },
        jurisdiction: route.jurisdiction.code,
        targets: route.targets.map((t) => ({ system: t.systemId, connector: t.connectorId, role: t.role, mapping: t.mapping })),
      };
      if (options.json) return printJson(io, summary);
      io.out(`valid: ${envelope.caseId} (${route.item.code} ${route.item.name})`);
      for (const t of route.targets) io.out(`  → ${t.role.padEnd(10)} ${t.connectorId}  (mapping ${t.mapping})`);
    });
}
