import type { AdapterSpec } from '../src/adapters/contract';
import { amqpAdapter } from './amqp';
import { fileAdapter } from './file';
import { restAdapter } from './rest';
import { soapAdapter } from './soap';

/** The built-in adapter kinds, registered explicitly by the composition root (no import side effects). */
export const builtinAdapters: AdapterSpec<any>[] = [restAdapter, soapAdapter, fileAdapter, amqpAdapter];
