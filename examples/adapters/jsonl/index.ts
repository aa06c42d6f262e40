import type { AdapterSpec } from '../../../src/adapters/contract';
import { JsonlConfig, jsonlConfigSchema } from './config-schema';
import { JsonlConnector } from './jsonl-connector';

/** The worked example of docs/writing-an-adapter.md: a plug-in adapter in one small folder. */
export const adapter: AdapterSpec<JsonlConfig> = {
  kind: 'jsonl',
  title: 'JSON-lines file',
  description: 'Appends each delivery as one JSON line to a file read by a batch job; results come back through the hub API.',
  configSchema: jsonlConfigSchema as unknown as Record<string, unknown>,
  capabilities: { results: ['push'], payload: 'json', answers: false },
  create: (config, context) => new JsonlConnector(config, context),
};
