import { existsSync, mkdirSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import type { EditorConfig, HubConfig } from '../../config/config';
import type { SecretResolver } from '../../config/secrets';
import { OwhError } from '../../errors/owh-error';
import type { Logger } from '../../log/logger';
import { packageRoot } from '../../util/package-root';
import { createFlowStorage } from './flow-storage';

/** The editor's secrets, resolved from the environment when the hub starts (before anything opens). */
export interface EditorSecrets {
  users: Array<{ username: string; password: string; permissions: '*' | 'read' }>;
  credentialSecret: string;
}

const BCRYPT = /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/;

/**
 * Checks the editor's settings and resolves its secrets. An editor without users would let anyone
 * who reaches the port deploy flows into the hub's process, so it is refused, as is a password
 * that is not a bcrypt hash (a plain password in the environment would be compared as a hash and
 * never match).
 */
export function resolveEditorSecrets(editor: EditorConfig, secret: SecretResolver): EditorSecrets {
  if (editor.users.length === 0) {
    throw new OwhError('OWH_CONFIG_INVALID', {
      message: 'editor.enabled is true but editor.users is empty: an editor without login is not allowed',
      fix: 'add a user under editor.users with passwordHash: { env: <VARIABLE> } holding a bcrypt hash, or set editor.enabled: false',
    });
  }
  if (!editor.credentialSecret) {
    throw new OwhError('OWH_CONFIG_INVALID', {
      message: 'editor.enabled is true but editor.credentialSecret is not set: the flows\' credentials would be encrypted with a key nobody keeps',
      fix: 'set editor.credentialSecret: { env: OWH_EDITOR_CREDENTIAL_SECRET } and export that variable',
    });
  }
  const users = editor.users.map((user) => {
    const password = secret(user.passwordHash);
    if (!BCRYPT.test(password)) {
      throw new OwhError('OWH_CONFIG_INVALID', {
        message: `editor user ${user.username}: ${user.passwordHash.env} does not hold a bcrypt hash`,
        fix: `export ${user.passwordHash.env}="$(node -e "console.log(require('bcryptjs').hashSync(process.argv[1], 10))" '<password>')"`,
      });
    }
    return { username: user.username, password, permissions: user.permissions ?? '*' };
  });
  return { users, credentialSecret: secret(editor.credentialSecret) };
}

/** What the hub hands the nodes running inside it. */
export interface EmbeddingHub {
  config?: HubConfig;
  /** Records a flow's lookup in the hub's sharing log (body as schemas/sharing-entry.schema.json). */
  recordSharing?: (body: unknown) => Promise<{ id: number }>;
}

/** Node-RED running inside the hub: which requests are its, and how to hand them over. */
export interface EmbeddedEditor {
  /** Whether a request path belongs to the editor (`path`) or to the flows' HTTP-in nodes (`nodePath`). */
  owns(pathname: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
  stop(): Promise<void>;
}

/** The slice of node-red's module API used here (the package ships no types). */
interface NodeRed {
  init(server: Server, settings: Record<string, unknown>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpAdmin: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
  httpNode: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
}

type ExpressApp = ((req: IncomingMessage, res: ServerResponse) => void) & {
  use(...args: unknown[]): void;
  disable(setting: string): void;
};

/** Node-RED's numeric log levels → the hub logger's methods. */
const LEVELS: Record<number, 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'> = { 10: 'fatal', 20: 'error', 30: 'warn', 40: 'info', 50: 'debug', 60: 'trace' };

/**
 * Starts Node-RED 4 in the hub's process, on the hub's own HTTP server: the editor and its admin
 * API under `editor.path`, the flows' HTTP-in nodes under `editor.nodePath`. The hub hands over
 * only requests under those two paths (see `owns`), before its own router, and the configuration
 * refuses paths that overlap the hub's, so the hub's API can never be shadowed. Flows live in
 * `editor.flowsDir`, one file per tab (flow-storage.ts); credentials, sessions and the library in
 * `editor.userDir`. node-red is required here only, so a hub without the editor never loads it.
 */
export async function startEditor(server: Server, editor: EditorConfig, secrets: EditorSecrets, logger: Logger, hub: EmbeddingHub = {}): Promise<EmbeddedEditor> {
  const log = logger.child({ component: 'node-red' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RED = require('node-red') as NodeRed;
  const nodeRedDir = dirname(require.resolve('node-red/package.json'));
  // Node-RED's own express (4.x), so the hub does not depend on it being hoisted.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const express = require(require.resolve('express', { paths: [nodeRedDir] })) as () => ExpressApp;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tokens = require(require.resolve('@node-red/editor-api/lib/auth/tokens', { paths: [nodeRedDir] })) as { get(token: string): Promise<unknown> };
  const storage = createFlowStorage(editor.flowsDir);
  mkdirSync(editor.userDir, { recursive: true });
  mkdirSync(editor.flowsDir, { recursive: true });
  const nodesDir = join(packageRoot(), 'nodered');
  RED.init(server, {
    httpAdminRoot: editor.path,
    httpNodeRoot: editor.nodePath,
    userDir: editor.userDir,
    // Only the credentials file is derived from it (<userDir>/flows_cred.json): the flows themselves go through the storage module.
    flowFile: join(editor.userDir, 'flows.json'),
    flowFilePretty: true,
    credentialSecret: secrets.credentialSecret,
    storageModule: storage,
    adminAuth: { type: 'credentials', users: secrets.users },
    nodesDir: existsSync(join(nodesDir, 'package.json')) ? [nodesDir] : [],
    logging: {
      owh: {
        level: 'warn',
        metrics: false,
        audit: false,
        handler: () => (msg: { level: number; msg: unknown; type?: string; id?: string; name?: string }) => {
          const method = LEVELS[msg.level];
          if (!method) return;
          const text = msg.msg instanceof Error ? msg.msg.message : typeof msg.msg === 'string' ? msg.msg : JSON.stringify(msg.msg);
          log[method](msg.type ? { node: { type: msg.type, id: msg.id, name: msg.name } } : {}, text);
        },
      },
    },
    editorTheme: {
      projects: { enabled: false },
      page: { title: 'onewindow-hub editor' },
      header: { title: 'onewindow-hub' },
      tours: false,
      palette: { catalogues: [] },
    },
    // Nothing leaves the machine: no telemetry or update checks, no npm installs from the editor or function nodes.
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    runtimeState: { enabled: false, ui: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false, allowUpdate: false, allowUpload: false }, modules: { allowInstall: false } },
    functionExternalModules: false,
    exportGlobalContextKeys: false,
    // The hub's nodes (nodered/) work on this hub's own configuration unless an owh-hub node names a
    // file, and log their lookups in this hub's sharing log (nodered/lib/sharing.js).
    owhConfig: hub.config,
    owhRecordSharing: hub.recordSharing,
  });
  await RED.start();

  const app = express();
  app.disable('x-powered-by');
  app.use(editor.path, RED.httpAdmin);
  app.use(editor.nodePath, RED.httpNode);
  const under = (pathname: string, root: string) => pathname === root || pathname.startsWith(root + '/');
  let stopped: Promise<void> | undefined;
  return {
    owns: (pathname) => under(pathname, editor.path) || under(pathname, editor.nodePath),
    handle: (req, res) => app(req, res),
    stop: () =>
      (stopped ??= (async () => {
        await RED.stop();
        const token = storage.expireSessionsInMemory();
        if (token) await tokens.get(token);
      })()),
  };
}
