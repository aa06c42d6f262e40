import type { AdapterSpec } from '../src/adapters/contract';
import { restAdapter } from './rest';

/** The built-in adapter kinds, registered explicitly by the composition root (no import side effects). */
export const builtinAdapters: AdapterSpec<any>[] = [restAdapter];
