'use strict';
// Shared by the nodes: reaches the hub's compiled code (dist/, built by `npm run build`) so a flow
// maps and delivers with exactly the code the server runs. `lib/` is skipped by Node-RED's scan.
const fs = require('node:fs');
const path = require('node:path');

const DIST = path.resolve(__dirname, '..', '..', 'dist');

/** Requires a module of the hub's build; a missing build is reported as the hub's own error. */
const hubRequire = (relative) => {
  const file = path.join(DIST, relative);
  try {
    return require(file);
  } catch (error) {
    if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(file)) {
      const e = new Error(`the hub is not built (${file} is missing): run npm run build in the hub's folder`);
      e.code = 'OWH_CONFIG_NOT_FOUND';
      throw e;
    }
    throw error;
  }
};

const hub = {
  get errors() { return hubRequire('src/errors/owh-error.js'); },
  get mask() { return hubRequire('src/log/mask.js'); },
};

/**
 * An error for done(err): the hub's code, a masked message (a department may echo the ID number it
 * was sent), the fix, retryable and details (masked too).
 */
const toNodeError = (thrown, fallback = 'OWH_INTERNAL') => {
  if (thrown && !(thrown instanceof Error && thrown.name === 'OwhError') && typeof thrown.code === 'string' && thrown.code.startsWith('OWH_')) {
    // Already one of ours (raised by a node, or converted before).
    const e = new Error(maskSafe(thrown.message));
    for (const key of ['code', 'fix', 'retryable', 'retryAfterMs', 'details', 'status']) if (thrown[key] !== undefined) e[key] = thrown[key];
    return e;
  }
  let owh;
  try {
    owh = hub.errors.toOwhError(thrown, fallback);
  } catch {
    // The build itself is missing: keep what we have.
    const e = new Error(thrown && thrown.message ? thrown.message : String(thrown));
    e.code = (thrown && thrown.code) || fallback;
    return e;
  }
  const { maskText, maskDeep } = hub.mask;
  const error = new Error(maskText(owh.message));
  error.code = owh.code;
  error.fix = owh.fix;
  error.retryable = owh.retryable;
  if (owh.retryAfterMs !== undefined) error.retryAfterMs = owh.retryAfterMs;
  if (owh.details.length > 0) error.details = maskDeep(owh.details);
  return error;
};

/** A status line for an error: red ring, code and the start of the masked message. */
const errorStatus = (error) => {
  const text = `${error.code || 'OWH_INTERNAL'}: ${error.message}`;
  return { fill: 'red', shape: 'ring', text: text.length > 80 ? `${text.slice(0, 77)}…` : text };
};

function maskSafe(text) {
  try {
    return hub.mask.maskText(String(text));
  } catch {
    return String(text);
  }
}

const contexts = new Map();
let embedded;

/**
 * The configuration of the hub this Node-RED runs inside (the embedded editor passes it as the
 * setting `owhConfig`): a hub node with no configuration file of its own works on exactly what
 * the running hub runs, even when that hub was started without a file.
 */
const useEmbeddedConfig = (settings) => {
  let config;
  try {
    config = settings && settings.owhConfig;
  } catch {
    config = undefined; // A runtime without the setting (tests, a stand-alone Node-RED).
  }
  if (config && (!embedded || embedded.config !== config)) embedded = { config, context: undefined };
};

const contextOf = (config) => {
  const { loadCatalog } = hubRequire('src/catalog/load.js');
  const { builtinAdapters } = hubRequire('adapters/index.js');
  const { probeDeps } = hubRequire('src/onboarding/gates.js');
  return { ...probeDeps(config, builtinAdapters), catalog: loadCatalog(config.catalog) };
};

/**
 * The hub's configuration, catalog, adapter registry and secret resolver for a config file
 * (empty: the embedded hub's own configuration, else the hub's own lookup — $OWH_CONFIG,
 * ./owh.yaml, then the demo city), loaded once per version of the file and shared by every node
 * that names it.
 */
const hubContext = (configFile) => {
  if (!configFile && embedded) {
    embedded.context ??= contextOf(embedded.config);
    return embedded.context;
  }
  const { loadConfig, findConfigFile } = hubRequire('src/config/load.js');
  const file = findConfigFile({ file: configFile || undefined });
  const key = file || '(embedded defaults)';
  const mtime = file && fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
  const cached = contexts.get(key);
  if (cached && cached.mtime === mtime) return cached.context;
  const context = contextOf(loadConfig({ file: configFile || undefined }));
  contexts.set(key, { mtime, context });
  return context;
};

/** The hub's base URL: the config node's, else the one its configuration says callers reach it at. */
const hubUrl = (hubNode) => {
  if (hubNode.url) return hubNode.url.replace(/\/+$/, '');
  const { publicUrl } = hubRequire('src/config/load.js');
  return publicUrl(hubContext(hubNode.configFile).config);
};

/** The mapping folder's file and its mtime (the newest of the folder's own files, so code tables count too). */
const versionOf = (folder) => {
  let newest = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(folder, entry.name)).mtimeMs);
  }
  return newest;
};

/**
 * A mapping folder (relative to the hub's catalog, or absolute), loaded with the hub's own
 * loadMapping and loaded again whenever a file in the folder changes.
 */
class MappingHandle {
  constructor(catalogRoot, folder) {
    this.folder = path.resolve(catalogRoot, folder);
    this.name = folder;
    this.version = undefined;
    this.loaded = undefined;
    this.error = undefined;
  }

  /** The loaded mapping; throws the load error (OWH_MAPPING_INVALID, OWH_CONFIG_NOT_FOUND). */
  get() {
    let version;
    try {
      version = versionOf(this.folder);
    } catch {
      version = -1;
    }
    if (version !== this.version) {
      this.version = version;
      try {
        this.loaded = hubRequire('src/mapping/load.js').loadMapping(this.folder);
        this.error = undefined;
      } catch (error) {
        this.loaded = undefined;
        this.error = error;
      }
    }
    if (this.error) throw this.error;
    return this.loaded;
  }

  /** Maps a value; a mapping that cannot is OWH_MAPPING_FAILED (the engine's own code when it has one). */
  map(value) {
    const mapping = this.get();
    try {
      return mapping.map(value);
    } catch (error) {
      throw toNodeError(error, 'OWH_MAPPING_FAILED');
    }
  }
}

/** The system's connector, built the way `owh onboarding` builds its probes, or an error. */
const buildConnector = (context, systemId) => {
  const system = context.catalog.systems.get(systemId);
  if (!system) {
    const e = new Error(`system ${systemId} is not in the catalog's systems.yaml`);
    e.code = 'OWH_CATALOG_INVALID';
    throw e;
  }
  const spec = context.registry.get(system.adapter);
  if (!spec) {
    const e = new Error(`adapter kind '${system.adapter}' of ${systemId} is not registered`);
    e.code = 'OWH_ADAPTER_UNKNOWN';
    throw e;
  }
  const { buildProbeConnector } = hubRequire('src/onboarding/gates.js');
  return { ...buildProbeConnector(context, systemId), spec };
};

/** Ends a message with an error: the hub's code (or `fallbackCode`), shown on the node and handed to done(). */
function fail(node, done, error, fallbackCode) {
  const e = toNodeError(error, fallbackCode);
  node.status(errorStatus(e));
  done(e);
}

module.exports = { hubRequire, hubContext, useEmbeddedConfig, hubUrl, MappingHandle, buildConnector, toNodeError, errorStatus, fail };
