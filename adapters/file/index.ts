import type { AdapterSpec } from '../../src/adapters/contract';
import { fileConfigSchema, FileConfig } from './config-schema';
import { FileConnector } from './file-connector';

export type { FileConfig, FileFormat, FileEncoding, CsvColumn } from './config-schema';
export type { FileReceipt } from './file-connector';
export { fileConfigSchema } from './config-schema';

/**
 * The `file` adapter kind: a department system reached through shared folders. Each case is
 * dropped as one file (JSON, XML or CSV; UTF-8 or GB18030) into the system's outbox, written
 * atomically; results are picked up from its inbox (watched and polled).
 */
export const fileAdapter: AdapterSpec<FileConfig> = {
  kind: 'file',
  title: 'File drop (shared folders)',
  description:
    'Drops each case as one file (JSON, XML or CSV, in UTF-8 or GB18030) into the system\'s outbox folder, written under a temporary name, flushed and renamed, so the department never sees half a file; materials can be copied beside it with their sha256 checked. Result files are picked up from the inbox folder (watched and polled), moved to processed/ once stored, or to error/ with a reason. Other messages about a case (an opinion for the lead department, a supplement) are written the same way under names of their own that show the operation.',
  configSchema: fileConfigSchema,
  capabilities: { results: ['pickup'], payload: 'any', answers: false },
  create: (config, context) => new FileConnector(config, context),
};
