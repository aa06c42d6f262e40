import type { AdapterSpec } from '../../src/adapters/contract';
import { restConfigSchema, RestConfig } from './config-schema';
import { RestConnector } from './rest-connector';

export type { RestConfig, RestAuth, RestOperation } from './config-schema';
export { restConfigSchema } from './config-schema';

/**
 * The `rest` adapter kind: a department system that takes a case as one JSON request over HTTP(S).
 * Results come back pushed (the system posts them to the hub's result API).
 */
export const restAdapter: AdapterSpec<RestConfig> = {
  kind: 'rest',
  title: 'REST (JSON over HTTP)',
  description:
    'Sends each case as a JSON request (POST or PUT) to the system, through a keep-alive connection pool, with the idempotency key in a header and bearer, basic or API-key authentication. A 2xx answer means delivered; 408, 425, 429 and 5xx are retried (honouring Retry-After); other 4xx are refused for good. Other messages about a case (an opinion, a supplement, a lookup whose JSON answer the hub reads) go to the paths named under operations.',
  configSchema: restConfigSchema,
  capabilities: { results: ['push'], payload: 'json', answers: true },
  create: (config, context) => new RestConnector(config, context),
};
