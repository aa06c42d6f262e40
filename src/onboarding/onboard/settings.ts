import type { AdapterRegistry } from '../../adapters/registry';
import type { ErrorDetail } from '../../errors/owh-error';
import { OwhError } from '../../errors/owh-error';

/** What `owh onboard` was told on its command line (or answered at its prompts). */
export interface OnboardFlags {
  department?: string;
  name?: string;
  description?: string;
  adapter?: string;
  // rest
  baseUrl?: string;
  path?: string;
  method?: string;
  // soap
  wsdl?: string;
  operation?: string;
  endpoint?: string;
  service?: string;
  port?: string;
  healthOperation?: string;
  // file
  outbox?: string;
  inbox?: string;
  format?: string;
  // amqp
  url?: string;
  exchange?: string;
  routingKey?: string;
  // auth, by environment variable names only
  auth?: string;
  tokenEnv?: string;
  username?: string;
  passwordEnv?: string;
  header?: string;
  keyEnv?: string;
}

export const ADAPTER_KINDS_BUILTIN = ['rest', 'soap', 'file', 'amqp'];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Which flag sets each connector setting, to name it in refusals. */
const FLAG_OF: Record<string, string> = {
  baseUrl: '--base-url', path: '--path', method: '--method', wsdl: '--wsdl', operation: '--operation', endpoint: '--endpoint',
  service: '--service', port: '--port', health: '--health-operation', outbox: '--outbox', inbox: '--inbox', format: '--format', url: '--url',
  exchange: '--exchange', routingKey: '--routing-key', username: '--username', password: '--password-env', auth: '--auth',
};

export function flagOfPointer(pointer: string): string {
  const parts = pointer.split('/').filter(Boolean);
  if (parts[0] === 'auth') {
    const leaf = parts[1];
    return leaf === 'token' ? '--token-env' : leaf === 'password' ? '--password-env' : leaf === 'key' ? '--key-env' : leaf === 'header' ? '--header' : leaf === 'username' ? '--username' : '--auth';
  }
  return FLAG_OF[parts[0] ?? ''] ?? (parts[0] ? `the setting ${parts[0]}` : 'the connector settings');
}

/** A refusal of what the user gave: exit code 65 (data) whatever the error code's own. */
export class OnboardRefusal extends OwhError {
  readonly refused = true;
  constructor(message: string, fix: string, details: ErrorDetail[] = []) {
    super('OWH_CATALOG_INVALID', { message, fix, details });
  }
}

function secret(env: string | undefined, flag: string): { env: string } | undefined {
  if (env === undefined) return undefined;
  if (!ENV_NAME.test(env)) throw new OnboardRefusal(`${flag} takes the NAME of an environment variable (letters, digits, _), not a secret value`, `Put the secret in an environment variable and give its name, e.g. ${flag} OWH_MY_SYSTEM_SECRET.`);
  return { env };
}

/** The auth settings from the flags; undefined when no --auth was given (existing auth is kept). */
function authOf(kind: string, flags: OnboardFlags): Record<string, unknown> | undefined {
  if (!flags.auth) return undefined;
  const a = flags.auth;
  const need = (value: unknown, flag: string) => {
    if (value === undefined) throw new OnboardRefusal(`--auth ${a} needs ${flag}`, `Add ${flag} (secrets are given by environment variable name).`);
  };
  switch (a) {
    case 'none':
      return { type: 'none' };
    case 'bearer':
      need(flags.tokenEnv, '--token-env');
      return { type: 'bearer', token: secret(flags.tokenEnv, '--token-env') };
    case 'basic':
      need(flags.username, '--username');
      need(flags.passwordEnv, '--password-env');
      return { type: 'basic', username: flags.username, password: secret(flags.passwordEnv, '--password-env') };
    case 'api-key':
      need(flags.keyEnv, '--key-env');
      return { type: 'api-key', ...(flags.header ? { header: flags.header } : {}), key: secret(flags.keyEnv, '--key-env') };
    case 'ws-security':
    case 'wsSecurity':
      if (kind !== 'soap') throw new OnboardRefusal(`--auth ws-security is for SOAP systems, not ${kind}`, 'Use bearer, basic or api-key.');
      need(flags.username, '--username');
      need(flags.passwordEnv, '--password-env');
      return { type: 'wsSecurity', username: flags.username, password: secret(flags.passwordEnv, '--password-env') };
    default:
      throw new OnboardRefusal(`--auth ${a} is not an auth type`, 'Use none, bearer (--token-env), basic (--username --password-env), api-key (--header --key-env) or, for SOAP, ws-security (--username --password-env).');
  }
}

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The connector settings the flags give, merged over the existing entry's (an update keeps what the flags do not say). */
export function connectorFromFlags(kind: string, flags: OnboardFlags, existing: Record<string, unknown> = {}): Record<string, unknown> {
  let own: Record<string, unknown>;
  switch (kind) {
    case 'rest':
      own = defined({ baseUrl: flags.baseUrl, path: flags.path, method: flags.method });
      break;
    case 'soap':
      own = defined({ wsdl: flags.wsdl, operation: flags.operation, endpoint: flags.endpoint ?? flags.baseUrl, service: flags.service, port: flags.port, health: flags.healthOperation ? { operation: flags.healthOperation } : undefined });
      break;
    case 'file':
      own = defined({ outbox: flags.outbox, inbox: flags.inbox, format: flags.format });
      break;
    case 'amqp':
      own = defined({ url: flags.url, exchange: flags.exchange, routingKey: flags.routingKey, username: flags.username, password: secret(flags.passwordEnv, '--password-env') });
      break;
    default:
      own = {};
  }
  const auth = kind === 'amqp' ? undefined : authOf(kind, flags);
  return { ...existing, ...own, ...(auth ? { auth } : {}) };
}

/** Validates connector settings against the kind's schema; throws a refusal naming the flags at fault. */
export function checkConnector(registry: AdapterRegistry, kind: string, connector: Record<string, unknown>): void {
  if (!registry.get(kind)) {
    throw new OnboardRefusal(`--adapter ${kind} is not an adapter kind this hub has`, `Use one of ${registry.kinds().map((k) => k.kind).join(', ')} (owh adapters list).`);
  }
  const details = registry.check(kind, connector);
  if (details.length === 0) return;
  const lines = details.map((d) => `${flagOfPointer(d.pointer)}: ${d.pointer || '/'} ${d.message}`);
  throw new OnboardRefusal(`the ${kind} settings are not valid: ${[...new Set(lines)].join('; ')}`, `Correct ${[...new Set(details.map((d) => flagOfPointer(d.pointer)))].join(', ')} (see adapters/${kind}/config-schema.ts or owh adapters show ${kind}).`, details);
}
