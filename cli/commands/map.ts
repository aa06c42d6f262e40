import type { Command } from 'commander';
import type { MappingSet } from '../../src/catalog/mapping-set';
import { MappingSet as Mappings } from '../../src/catalog/mapping-set';
import type { Catalog } from '../../src/catalog/types';
import { publicUrl } from '../../src/config/load';
import { OwhError } from '../../src/errors/owh-error';
import { decodeInlineMaterials, prepareEnvelope } from '../../src/intake/prepare-envelope';
import { CliContext, GlobalOptions } from '../context';
import { CliIO, printJson } from '../io';
import { validateCaseFile } from './validate';

/**
 * What the hub would send to one system for a case file: validated and routed as intake does,
 * materials prepared as intake does (without storing them), then the (item, system) mapping.
 */
export function mapCaseFile(catalog: Catalog, mappings: MappingSet, file: string, systemId: string, hubUrl: string): { mapping: string; connector: string; payload: unknown } {
  const { envelope, route } = validateCaseFile(catalog, file);
  const target = route.targets.find((t) => t.systemId === systemId);
  if (!target) {
    throw new OwhError('OWH_USAGE', {
      message: `item ${route.item.code} is not delivered to ${systemId}`,
      fix: `Choose one of its systems: ${route.targets.map((t) => t.systemId).join(', ')}.`,
    });
  }
  const prepared = prepareEnvelope(envelope, hubUrl, decodeInlineMaterials(envelope.materials));
  return { mapping: target.mapping, connector: target.connectorId, payload: mappings.get(target.mapping).map(prepared) };
}

export function registerMap(program: Command, io: CliIO, global: () => GlobalOptions): void {
  program
    .command('map')
    .description('show what the hub would send to a system for a case file')
    .argument('<case.json>', 'the case file')
    .requiredOption('--system <id>', 'the target system')
    .option('--json', 'print only the mapped payload as JSON')
    .option('--unmask', 'show ID and phone numbers as they are (masked by default, as on every screen)')
    .action((file: string, options: { system: string; json?: boolean; unmask?: boolean }) => {
      const context = CliContext.load(global());
      const catalog = context.catalog();
      const result = mapCaseFile(catalog, new Mappings(catalog), file, options.system, publicUrl(context.config));
      if (!options.json) io.out(`# ${options.system} via ${result.connector}, mapping ${result.mapping}`);
      printJson(io, result.payload, options.unmask);
    });
}
