import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { OwhError } from '../errors/owh-error';
import type { Logger } from '../log/logger';
import type { OnboardingStore } from './contract';
import { parseImportFile, readCsv } from './import';
import { Stage, STAGES } from './types';

const KNOWN_STAGES: ReadonlySet<string> = new Set([...STAGES, 'paused', 'retired']);

/**
 * Seeds an empty register from the configuration's files (the demo city ships its register this
 * way): each import file as `owh catalog import` takes it, then the stages recorded in the source,
 * each recorded as forced (the hub did not check that evidence itself) with the source's note.
 * A register that holds anything is left as it is.
 */
export async function seedRegister(store: OnboardingStore, seed: { files: string[]; stages?: string }, baseDir: string, logger: Logger): Promise<{ rows: number; stages: number } | undefined> {
  if ((await store.registerSize()) > 0) return undefined;
  const at = (file: string) => (isAbsolute(file) ? file : resolve(baseDir, file));
  let rows = 0;
  for (const file of seed.files) {
    const report = await store.applyImport(parseImportFile(at(file)), { dryRun: false, by: 'seed' });
    if (!report.applied) {
      const first = report.refused[0];
      throw new OwhError('OWH_CONFIG_INVALID', {
        message: `the onboarding seed ${file} has ${report.refused.length} refused rows (first: line ${first?.line}: ${first?.reason}); nothing of it was imported`,
        fix: `Check it with \`owh catalog import ${file} --dry-run\`.`,
      });
    }
    rows += report.rows;
  }
  let stages = 0;
  if (seed.stages) {
    const file = at(seed.stages);
    const [header, ...records] = readCsv(readFileSync(file, 'utf8'), file);
    const col = (name: string) => header.fields.indexOf(name);
    const [item, system, stage, by, note] = ['itemCode', 'systemId', 'stage', 'by', 'note'].map(col);
    if (item < 0 || system < 0 || stage < 0) throw new OwhError('OWH_CONFIG_INVALID', { message: `${file}: the header must name itemCode, systemId and stage (and by, note)` });
    for (const r of records) {
      const to = r.fields[stage];
      if (!KNOWN_STAGES.has(to)) throw new OwhError('OWH_CONFIG_INVALID', { message: `${file}:${r.line}: '${to}' is not a stage` });
      await store.recordStage({ itemCode: r.fields[item], systemId: r.fields[system], to: to as Stage, by: (by >= 0 && r.fields[by]) || 'seed', forced: true, evidence: { recorded: seed.stages, note: note >= 0 ? r.fields[note] : undefined } });
      stages++;
    }
  }
  logger.info({ rows, stages }, 'seeded the onboarding register');
  return { rows, stages };
}
