import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Catalog } from '../catalog/types';
import { OwhError } from '../errors/owh-error';
import { renderSkeleton, sampleCase, systemSchemaFile } from '../onboarding/onboard/scaffold';
import { defaultRequestMapping } from '../routing/route';
import { writeFileAtomically } from '../util/write-atomically';
import { catalogFolder } from './editing';

export interface NewMappingOptions {
  /** How the system's adapter writes its payload (the adapter's `capabilities.payload`); json by default. */
  format?: 'json' | 'xml' | 'csv';
  /** Folders of `<form>.case.json` samples for the fixture; else a minimal case from the form's schema. */
  samplesDirs?: string[];
}

/**
 * A new request mapping for an e-form and a system, where the hub looks for it
 * (`mappings/<system>/request/<form>`): the skeleton `owh onboard` writes — every field of the
 * system's schema (`api/<system>.schema.json`), the obvious ones mapped by name, the rest listed —
 * and a sample case as its fixture input, for the visual mapper to take on from there. Never
 * overwrites: an existing folder is refused.
 */
export function createRequestMapping(catalog: Catalog, formId: string, systemId: string, options: NewMappingOptions = {}): { folder: string; file: string; unmappedRequired: string[] } {
  const form = catalog.forms.get(formId);
  if (!form) throw new OwhError('OWH_USAGE', { message: `there is no e-form ${formId} in the catalog`, fix: `Pick one of: ${[...catalog.forms.keys()].slice(0, 20).join(', ')}…` });
  const system = catalog.systems.get(systemId);
  if (!system) throw new OwhError('OWH_USAGE', { message: `there is no system ${systemId} in the catalog`, fix: 'Pick a system of systems.yaml, or register it first with `owh onboard <system>`.' });
  const folder = defaultRequestMapping(systemId, formId);
  const dir = catalogFolder(catalog, folder);
  if (existsSync(dir)) throw new OwhError('OWH_USAGE', { message: `${folder} already exists`, fix: 'Open it in the visual mapper instead.' });

  const schemaFile = join(catalog.root, systemSchemaFile(systemId));
  const targetSchema = existsSync(schemaFile) ? (JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>) : undefined;
  const rendered = renderSkeleton({
    form: formId,
    formTitle: typeof form.schema.title === 'string' ? form.schema.title : undefined,
    formSchema: form.schema,
    system: systemId,
    systemName: system.name,
    targetSchema,
    targetSource: targetSchema ? systemSchemaFile(systemId) : undefined,
    schemaRef: targetSchema ? relative(dir, schemaFile).split(sep).join('/') : undefined,
    format: options.format ?? 'json',
  });
  // The item the sample is a case of: one that sends this form to this system, else any with the form.
  const items = [...catalog.items.values()].filter((i) => i.form === formId);
  const item = items.find((i) => i.targets.some((t) => t.system === systemId)) ?? items[0];
  const file = join(dir, 'mapping.yaml');
  writeFileAtomically(file, rendered.text);
  writeFileAtomically(join(dir, 'fixtures', 'sample.input.json'), `${JSON.stringify(sampleCase(catalog, item?.code ?? 'XK00000000', formId, options.samplesDirs ?? []), null, 2)}\n`);
  return { folder, file, unmappedRequired: rendered.fields.unmappedRequired };
}
