import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { Options, SocketOptions } from 'amqplib';
import type { ConnectorContext } from '../../src/adapters/contract';
import { OwhError } from '../../src/errors/owh-error';
import type { AmqpConfig } from './config-schema';

/** Everything needed to open a connection to the broker, resolved once when the connector is created. */
export interface BrokerOptions {
  /** `amqp://host:port/vhost`, for messages and logs: never with credentials. */
  address: string;
  connect: Options.Connect;
  /** TLS material and the client properties; `timeout` is set per attempt. */
  socket: SocketOptions;
}

/**
 * Reads the settings into amqplib's connect options: the URL taken apart (and refused if it carries
 * credentials, which the schema already forbids: a URL ends up in logs), the password from the
 * environment, TLS files from disk. Throws at create(), so a missing secret or certificate stops
 * the hub at start rather than at the first delivery.
 */
export function brokerOptions(config: AmqpConfig, context: ConnectorContext): BrokerOptions {
  const where = `connector ${context.connectorId}`;
  let url: URL;
  try {
    url = new URL(config.url);
  } catch (error) {
    throw new OwhError('OWH_CATALOG_INVALID', { message: `${where}: url ${JSON.stringify(config.url)} is not a URL`, cause: error });
  }
  if (url.username !== '' || url.password !== '') {
    throw new OwhError('OWH_CATALOG_INVALID', {
      message: `${where}: the url carries credentials; they would be copied into logs`,
      fix: 'Write the url as amqp://host:port and put the user in `username` and the password in `password: { env: … }`.',
    });
  }
  const tlsWanted = url.protocol === 'amqps:';
  if (config.tls && !tlsWanted) {
    throw new OwhError('OWH_CATALOG_INVALID', {
      message: `${where}: tls is set but the url is ${url.protocol}// (plain AMQP)`,
      fix: 'Use an amqps:// url (usually port 5671) for a broker that speaks TLS, or remove tls.',
    });
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? (tlsWanted ? 5671 : 5672) : Number(url.port);
  const vhostPart = config.vhost === '/' ? '/' : `/${encodeURIComponent(config.vhost)}`;
  const address = `${url.protocol}//${url.host}${vhostPart}`;

  const connect: Options.Connect = {
    protocol: tlsWanted ? 'amqps' : 'amqp',
    hostname,
    port,
    username: config.username,
    password: context.secret(config.password),
    vhost: config.vhost,
    heartbeat: config.heartbeat,
  };
  const socket: SocketOptions = {
    noDelay: true,
    // The broker lists connections by this name (rabbitmqctl list_connections client_properties).
    clientProperties: { connection_name: `onewindow-hub ${context.connectorId}` },
  };
  if (tlsWanted) {
    const tls = config.tls;
    Object.assign(socket, {
      ca: readPem(tls?.ca, 'ca', context),
      cert: readPem(tls?.cert, 'cert', context),
      key: readPem(tls?.key, 'key', context),
      passphrase: tls?.passphrase ? context.secret(tls.passphrase) : undefined,
      rejectUnauthorized: tls?.rejectUnauthorized ?? true,
      // SNI takes a host name, never an address.
      servername: isIP(hostname) ? undefined : hostname,
    });
    if (tls?.rejectUnauthorized === false) {
      context.logger.warn({ connector: context.connectorId, broker: address }, 'TLS certificate verification is off for this connector: use this only for a test broker');
    }
  }
  return { address, connect, socket };
}

function readPem(file: string | undefined, setting: 'ca' | 'cert' | 'key', context: ConnectorContext): Buffer | undefined {
  if (file === undefined) return undefined;
  const path = resolve(context.catalogRoot, file);
  try {
    return readFileSync(path);
  } catch (error) {
    throw new OwhError('OWH_CONFIG_NOT_FOUND', {
      message: `connector ${context.connectorId}: cannot read tls.${setting} file ${path}: ${(error as Error).message}`,
      fix: 'Check the path (relative paths are from the catalog folder) and that the hub may read the file.',
      cause: error,
    });
  }
}
