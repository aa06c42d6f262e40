/** The settings of a `jsonl` connector: one place for their names, types, defaults and help. */
export const jsonlConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'JSON-lines file connector',
  type: 'object',
  required: ['file'],
  additionalProperties: false,
  properties: {
    file: {
      description: 'The log file each delivery is appended to, one JSON object per line (relative to the catalog folder).',
      type: 'string',
      minLength: 1,
      examples: ['../../data/demo-city/jsonl/archive.jsonl'],
    },
    fsync: {
      description: 'Flush every line to disk before the send counts as done.',
      type: 'boolean',
      default: true,
    },
  },
  examples: [{ file: 'data/archive.jsonl' }, { file: '/var/spool/owh/archive.jsonl', fsync: false }],
} as const;

export interface JsonlConfig {
  file: string;
  fsync: boolean;
}
