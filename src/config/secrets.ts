import { OwhError } from '../errors/owh-error';

/** A secret named by the environment variable that holds it (never its value). */
export interface SecretRef {
  env: string;
  /**
   * A value for the demo city only: used when the variable is unset and the hub listens on a
   * loopback address. It is published in the repository, so it is not a secret.
   */
  demoValue?: string;
}

export interface SecretResolver {
  (ref: SecretRef): string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/**
 * Resolves secrets from an environment. `onDemoValue` is told each time a demo value stands in,
 * so the hub can warn once per variable.
 */
export function createSecretResolver(options: {
  env?: NodeJS.ProcessEnv;
  allowDemoValues: boolean;
  onDemoValue?: (envName: string) => void;
}): SecretResolver {
  const env = options.env ?? process.env;
  const warned = new Set<string>();
  return (ref: SecretRef): string => {
    const value = env[ref.env];
    if (value !== undefined && value !== '') return value;
    if (ref.demoValue !== undefined && options.allowDemoValues) {
      if (!warned.has(ref.env)) {
        warned.add(ref.env);
        options.onDemoValue?.(ref.env);
      }
      return ref.demoValue;
    }
    throw new OwhError('OWH_SECRET_MISSING', {
      message: `environment variable ${ref.env} is not set`,
      fix: ref.demoValue !== undefined
        ? `export ${ref.env}=<secret> before starting the hub (its demo value is only used when the hub listens on a loopback address)`
        : `export ${ref.env}=<secret> before starting the hub`,
    });
  };
}
