import { amqpAdapter } from '../../adapters/amqp';
import { fileAdapter } from '../../adapters/file';
import { restAdapter } from '../../adapters/rest';
import { soapAdapter } from '../../adapters/soap';
import type { AdapterSpec } from '../../src/adapters/contract';

/**
 * Every adapter kind of the demo city, for the end-to-end test of all kinds: the hub's dispatch
 * thread loads this module (`adapterModule`) and registers its `builtinAdapters`, imported here
 * directly rather than through adapters/index.ts, which may not list them all yet.
 */
export const builtinAdapters: AdapterSpec<any>[] = [restAdapter, soapAdapter, fileAdapter, amqpAdapter];
