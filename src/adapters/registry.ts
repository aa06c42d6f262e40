import { OwhError } from '../errors/owh-error';
import { sharedAjv } from '../validate/ajv';
import { toErrorDetails } from '../validate/errors';
import type { ValidateFunction } from 'ajv/dist/2020';
import type { AdapterSpec, Connector, ConnectorContext } from './contract';

/**
 * The registry of adapter kinds. Kinds are registered explicitly (no import side effects):
 * `adapters/index.ts` lists the built-in ones and the composition root passes them in.
 */
export class AdapterRegistry {
  private readonly specs = new Map<string, { spec: AdapterSpec<any>; validate: ValidateFunction }>();

  constructor(specs: AdapterSpec<any>[] = []) {
    for (const spec of specs) this.register(spec);
  }

  register(spec: AdapterSpec<any>): void {
    if (this.specs.has(spec.kind)) throw new Error(`adapter kind '${spec.kind}' is registered twice`);
    // useDefaults applies the schema's defaults, so a connector always sees complete settings.
    const validate = sharedAjv().compile({ ...spec.configSchema, $id: undefined });
    this.specs.set(spec.kind, { spec, validate });
  }

  kinds(): AdapterSpec<any>[] {
    return [...this.specs.values()].map((e) => e.spec);
  }

  get(kind: string): AdapterSpec<any> | undefined {
    return this.specs.get(kind)?.spec;
  }

  /**
   * Validates a connector's settings against its kind's schema. Returns the details of what is
   * wrong (pointers relative to the settings object) or an empty list.
   */
  check(kind: string, config: unknown): ReturnType<typeof toErrorDetails> {
    const entry = this.specs.get(kind);
    if (!entry) return [{ pointer: '', keyword: 'adapter', message: `adapter kind '${kind}' is not registered (known: ${[...this.specs.keys()].join(', ')})` }];
    // A copy: validation applies defaults, and the caller's object (a schema example) must not change.
    return entry.validate(structuredClone(config)) ? [] : toErrorDetails(entry.validate.errors);
  }

  create(kind: string, config: Record<string, unknown>, context: ConnectorContext): Connector {
    const entry = this.specs.get(kind);
    if (!entry) throw new OwhError('OWH_ADAPTER_UNKNOWN', { message: `connector ${context.connectorId}: adapter kind '${kind}' is not registered` });
    const settings = structuredClone(config);
    if (!entry.validate(settings)) {
      throw new OwhError('OWH_CATALOG_INVALID', {
        message: `connector ${context.connectorId}: settings do not match the '${kind}' adapter's schema`,
        details: toErrorDetails(entry.validate.errors),
      });
    }
    return entry.spec.create(settings, context);
  }
}
