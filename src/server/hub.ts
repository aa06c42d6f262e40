import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdapterSpec } from '../adapters/contract';
import { buildRegistry } from '../adapters/plugins';
import type { AdapterRegistry } from '../adapters/registry';
import { loadCatalog } from '../catalog/load';
import { MappingSet } from '../catalog/mapping-set';
import type { Catalog } from '../catalog/types';
import type { HubConfig } from '../config/config';
import { publicUrl } from '../config/load';
import { createSecretResolver, isLoopback, SecretResolver } from '../config/secrets';
import { ConnectorSet } from '../dispatch/connector-set';
import type { DeliveryEngine } from '../dispatch/delivery-engine';
import { InProcessDelivery } from '../dispatch/delivery-runtime';
import { DispatchThread } from '../dispatch/dispatch-thread';
import type { IntakeDeps } from '../intake/accept-case';
import type { SupplementDeps } from '../intake/accept-supplement';
import { ErrorDetail, OwhError } from '../errors/owh-error';
import { createLogger, Logger } from '../log/logger';
import { MaterialStore } from '../materials/material-store';
import type { ResultDeps } from '../results/accept-result';
import { defaultRequestMapping } from '../routing/route';
import { SqliteStore } from '../store/sqlite/sqlite-store';
import { SqliteOnboardingStore } from '../store/sqlite/onboarding-store';
import type { OnboardingStore } from '../onboarding/contract';
import { seedRegister } from '../onboarding/seed';
import type { HubStore } from '../store/contract';
import { packageRoot } from '../util/package-root';
import { CredentialTable } from './auth';
import type { EditorSecrets, EmbeddedEditor } from './node-red/embedded';
import { sendError } from './http-io';
import { Router } from './router';
import { caseRoutes } from './routes/cases';
import { healthRoutes } from './routes/health';
import { materialRoutes } from './routes/materials';
import { onboardingRoutes } from './routes/onboarding';
import { sharingRoutes } from './routes/sharing';
import { recordSharing } from '../intake/record-sharing';
import { resultRoutes } from './routes/results';
import { mountSoapCallback } from './soap-callback';
import { submitResult } from '../results/accept-result';

/** Where the hub's SOAP callback endpoint for results listens. */
export const SOAP_RESULTS_PATH = '/soap/results';

export interface HubOptions {
  config: HubConfig;
  /** Built-in adapter kinds to register (the composition root passes adapters/index.ts's list); plug-ins come from the configuration. */
  adapters: AdapterSpec<any>[];
  /**
   * The module that exports that list as `builtinAdapters` (adapters/index), for the dispatch
   * thread, which loads its own copy. Needed when `delivery.thread` is on.
   */
  adapterModule?: string;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  /** Test hook: the clock of the store and the queue. */
  now?: () => number;
}

/**
 * The hub in one process: catalog, mappings, the store and its outbox, the HTTP API on the main
 * thread, and the delivery side (connectors, queue, dispatcher) on a thread of its own or, with
 * `delivery.thread: false`, on the same event loop. `Hub.start` wires them in dependency order and `close` takes them
 * down in reverse, letting in-flight deliveries finish or go back to the outbox.
 */
export class Hub {
  readonly version: string = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version;
  url = '';
  private server?: Server;
  private closing?: Promise<void>;
  /** The embedded Node-RED editor, when `editor.enabled`. */
  private editor?: EmbeddedEditor;

  private constructor(
    readonly config: HubConfig,
    readonly logger: Logger,
    readonly catalog: Catalog,
    readonly mappings: MappingSet,
    /** The connectors the catalog defines (they are created and used by the delivery side). */
    readonly connectors: ConnectorSet,
    readonly store: HubStore,
    readonly delivery: DeliveryEngine,
    readonly materials: MaterialStore,
    readonly clients: CredentialTable,
    readonly systemTokens: CredentialTable,
    /** The staged onboarding's register and stages, in the same database. */
    readonly onboarding: OnboardingStore,
  ) {}

  static async start(options: HubOptions): Promise<Hub> {
    const { config } = options;
    const logger = options.logger ?? createLogger({ level: config.log.level });
    const demoSecrets: string[] = [];
    const secret: SecretResolver = createSecretResolver({ env: options.env, allowDemoValues: isLoopback(config.server.host), onDemoValue: (name) => demoSecrets.push(name) });
    const catalog = loadCatalog(config.catalog);
    const year = new Date().getFullYear();
    if (!catalog.calendar.file) logger.warn('the catalog has no calendar.yaml: statutory deadlines count weekends only, no public holidays');
    else for (const y of [year, year + 1]) if (!catalog.calendar.covers(y)) logger.warn({ calendar: catalog.calendar.file }, `the calendar does not cover ${y}: add that year's holidays and make-up days, or deadlines count weekends only`);
    const { registry, problems } = buildRegistry(options.adapters, config.plugins, config.baseDir);
    for (const p of problems) logger.error({ plugin: p.module }, `plug-in ${p.module} refused: ${p.message}; its connectors stay unavailable`);
    const connectors = ConnectorSet.describe(catalog, config, registry);
    const unavailable = [...connectors.entries.values()].filter((e) => e.unavailable);
    if (unavailable.length > 0) {
      const kinds = [...new Set(unavailable.map((e) => e.kind))].join(', ');
      logger.warn({ connectors: unavailable.map((e) => e.id) }, `${unavailable.length} connectors have no registered adapter (${kinds}): their deliveries wait in the outbox`);
    }
    checkLookupSources(catalog, registry);
    const mappings = new MappingSet(catalog);
    const deliverable = new Set([...connectors.entries.values()].filter((e) => !e.unavailable).map((e) => e.systemId));
    mappings.preload(deliverable, requestMappings(catalog));
    const clients = new CredentialTable();
    for (const client of config.clients) clients.add(client.id, secret(client.key));
    if (clients.size === 0) logger.warn('no clients are configured: every case submission will be refused (401)');
    const systemTokens = new CredentialTable();
    for (const system of catalog.systems.values()) if (system.results?.token) systemTokens.add(system.id, secret(system.results.token));
    // Checked before anything opens; node-red itself is loaded only when the editor is on.
    const editorSecrets = config.editor.enabled ? (await import('./node-red/embedded')).resolveEditorSecrets(config.editor, secret) : undefined;

    const store = new SqliteStore({ path: config.store.path, synchronous: config.store.synchronous, now: options.now });
    let delivery: DeliveryEngine | undefined;
    try {
      const released = await store.releaseLeases();
      if (released > 0) logger.warn({ released }, 'took back deliveries left in flight by a previous run; they are sent again (same idempotency keys)');
      let inProcess: InProcessDelivery | undefined;
      if (config.delivery.thread) {
        if (!options.adapterModule) throw new OwhError('OWH_INTERNAL', { message: 'delivery.thread needs the adapters module (HubOptions.adapterModule)' });
        delivery = await DispatchThread.start(config, options.adapterModule, logger, options.env);
      } else {
        delivery = inProcess = new InProcessDelivery({ config, catalog, mappings, store, registry, secret, logger, now: options.now });
      }
      if (demoSecrets.length > 0) {
        logger.warn({ variables: [...new Set(demoSecrets)] }, `${new Set(demoSecrets).size} secrets are not set in the environment: using the demo city's published values (accepted only while the hub listens on loopback)`);
      }
      const onboarding = new SqliteOnboardingStore(store.db);
      if (config.onboarding.seed) await seedRegister(onboarding, config.onboarding.seed, config.baseDir, logger);
      const hub = new Hub(config, logger, catalog, mappings, connectors, store, delivery, new MaterialStore(config.materials.path), clients, systemTokens, onboarding);
      await hub.listen(editorSecrets);
      inProcess?.start();
      return hub;
    } catch (error) {
      await delivery?.stop(0);
      await store.close();
      throw error;
    }
  }

  private async listen(editorSecrets?: EditorSecrets): Promise<void> {
    const router = new Router();
    caseRoutes(router, this);
    resultRoutes(router, this);
    materialRoutes(router, this);
    healthRoutes(router, this);
    onboardingRoutes(router, this);
    sharingRoutes(router, this);
    this.server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => this.handle(router, req, res));
    // Department systems that push results by SOAP call this endpoint (its WSDL at ?wsdl), with a
    // WS-Security UsernameToken: the system's id and its result token.
    mountSoapCallback(this.server, {
      path: SOAP_RESULTS_PATH,
      authenticate: (username, password) => (this.systemTokens.identify(password) === username ? username : undefined),
      submit: async (systemId, input) => {
        const answer = await submitResult(this.resultDeps(), systemId, input, 'hub');
        return { status: answer.status, duplicate: answer.duplicate };
      },
      logger: this.logger,
    });
    // Node-RED is started before the port opens, so no request ever meets a half-started editor.
    if (editorSecrets) this.editor = await (await import('./node-red/embedded')).startEditor(this.server, this.config.editor, editorSecrets, this.logger, {
        config: this.config,
        recordSharing: (body) => recordSharing({ store: this.store, catalog: this.catalog }, body),
      });
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => {
        void this.editor?.stop();
        reject(error);
      };
      this.server!.once('error', failed);
      this.server!.listen(this.config.server.port, this.config.server.host, () => {
        this.server!.off('error', failed);
        this.url = publicUrl(this.config, (this.server!.address() as AddressInfo).port);
        resolve();
      });
    });
  }

  private async handle(router: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://hub');
      // The editor's two paths only (the configuration keeps them off the hub's own): the rest is the router's.
      if (this.editor?.owns(url.pathname)) return this.editor.handle(req, res);
      const { handler, params } = router.match(req.method ?? 'GET', url.pathname);
      await handler(req, res, params, url);
    } catch (error) {
      sendError(res, error, this.logger, req);
    }
  }

  intakeDeps(): IntakeDeps {
    return { catalog: this.catalog, store: this.store, materials: this.materials, queue: this.delivery, hubUrl: this.url, logger: this.logger };
  }

  supplementDeps(): SupplementDeps {
    return this.intakeDeps();
  }

  resultDeps(): ResultDeps {
    return { store: this.store, mappings: this.mappings, logger: this.logger, catalog: this.catalog, queue: this.delivery };
  }

  /** Stops taking requests, lets deliveries in flight finish (or go back to the outbox), closes everything. */
  close(graceMs = 5_000): Promise<void> {
    this.closing ??= (async () => {
      // First, so its flows stop and its editor connections (websockets) do not hold the server open.
      await this.editor?.stop();
      await new Promise<void>((resolve) => {
        const server = this.server;
        if (!server) return resolve();
        // A keep-alive connection whose last answer was only just written may not count as idle
        // yet (and would hold close() for the 65 s keep-alive): idle ones go now, and whatever is
        // still open after the grace period is closed.
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
        setImmediate(() => server.closeIdleConnections());
      });
      await this.delivery.stop(graceMs);
      await this.store.close();
    })();
    return this.closing;
  }
}

/**
 * Every request mapping the catalog's items name, for preloading (the folder rule is routing's):
 * each target's, in every jurisdiction's variant, and each lookup's request and answer mappings.
 */
export function requestMappings(catalog: Catalog): Array<{ system: string; mapping: string }> {
  return [...catalog.items.values()].flatMap((item) => [
    ...[item.targets, ...Object.values(item.jurisdictions ?? {}).map((v) => v.targets)].flatMap((targets) =>
      targets.map((t) => ({ system: t.system, mapping: t.mapping ?? defaultRequestMapping(t.system, item.form) })),
    ),
    ...(item.lookups ?? []).flatMap((l) => [{ system: l.system, mapping: l.request }, { system: l.system, mapping: l.answer }]),
  ]);
}

/**
 * A lookup reads the system's answer: its system must be of a kind whose sends answer (REST,
 * SOAP), not a file drop or a broker. Checked at start, so the first case does not find out.
 */
export function checkLookupSources(catalog: Catalog, registry: AdapterRegistry): void {
  const problems: ErrorDetail[] = [];
  for (const item of catalog.items.values()) {
    (item.lookups ?? []).forEach((lookup, i) => {
      const kind = catalog.systems.get(lookup.system)!.adapter;
      const spec = registry.get(kind);
      if (spec && !spec.capabilities.answers) {
        problems.push({ pointer: `/items/${item.code}/lookups/${i}/system`, keyword: 'lookup', message: `lookup ${lookup.name} of item ${item.code} asks ${lookup.system}, a ${kind} system, which cannot answer a request: use a REST or SOAP system` });
      }
    });
  }
  if (problems.length > 0) throw new OwhError('OWH_CATALOG_INVALID', { message: `${problems.length} lookup${problems.length === 1 ? '' : 's'} cannot run`, details: problems });
}
