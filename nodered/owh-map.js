'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { hubContext, hubRequire, useEmbeddedConfig, MappingHandle, toNodeError, errorStatus } = require('./lib/hub');

module.exports = (RED) => {
  useEmbeddedConfig(RED.settings);
  /** Applies one of the hub's mapping specs to msg.payload, with the hub's own mapping engine. */
  function OwhMapNode(config) {
    RED.nodes.createNode(this, config);
    const node = this;
    const hubNode = RED.nodes.getNode(config.hub);
    let handle;
    let setupError;
    let watcher;
    let settle;

    const showLoaded = () => {
      try {
        const loaded = handle.get();
        node.status({ fill: 'green', shape: 'dot', text: `${loaded.spec.kind || 'mapping'}: ${path.basename(handle.name)}` });
      } catch (error) {
        node.status(errorStatus(toNodeError(error, 'OWH_MAPPING_INVALID')));
      }
    };

    try {
      if (!config.mapping) throw Object.assign(new Error('no mapping folder set'), { code: 'OWH_USAGE' });
      const root = hubContext(hubNode ? hubNode.configFile : '').config.catalog;
      handle = new MappingHandle(root, config.mapping);
      showLoaded();
      // A file saved by the visual mapper, by hand or by git shows on the node at once (a file that
      // stopped loading turns the ring red before any message arrives).
      try {
        watcher = fs.watch(handle.folder, () => {
          clearTimeout(settle);
          settle = setTimeout(showLoaded, 100);
        });
        watcher.on('error', () => undefined);
      } catch {
        watcher = undefined; // A folder that does not exist yet: its status says so, messages reload it.
      }
    } catch (error) {
      setupError = toNodeError(error, 'OWH_CONFIG_INVALID');
      node.status(errorStatus(setupError));
    }

    node.on('input', (msg, send, done) => {
      if (setupError) {
        done(setupError);
        return;
      }
      const before = handle.version;
      try {
        msg.payload = handle.map(msg.payload);
      } catch (error) {
        const e = toNodeError(error, 'OWH_MAPPING_FAILED');
        // A file that stopped loading shows on the node until it is fixed; a case that does not map only fails.
        if (e.code === 'OWH_MAPPING_INVALID' || e.code === 'OWH_CONFIG_NOT_FOUND') node.status(errorStatus(e));
        done(e);
        return;
      }
      if (handle.version !== before) showLoaded();
      send(msg);
      done();
    });

    node.on('close', (done) => {
      clearTimeout(settle);
      if (watcher) watcher.close();
      node.status({});
      done();
    });
  }
  RED.nodes.registerType('owh-map', OwhMapNode);

  /**
   * The configuration file an editor request works on: the named hub config node's, or with no hub
   * named '' — the hub's own (the embedded hub's configuration, else $OWH_CONFIG / ./owh.yaml).
   * Undefined: a hub was named that the runtime does not know (not deployed yet).
   */
  const configFileOf = (hubId) => {
    if (!hubId) return '';
    const hubNode = RED.nodes.getNode(String(hubId));
    return hubNode ? hubNode.configFile : undefined;
  };

  // The editor's list of mapping folders: those of the deployed hub config node's catalog.
  RED.httpAdmin.get('/owh/mappings', RED.auth.needsPermission('owh-map.read'), (req, res) => {
    const configFile = configFileOf(req.query.hub);
    if (configFile === undefined) {
      res.json({ folders: [], note: 'deploy the owh-hub config node first' });
      return;
    }
    try {
      const context = hubContext(configFile);
      const root = context.config.catalog;
      const { findMappingFolders } = hubRequire('src/mapping/load.js');
      res.json({
        folders: findMappingFolders(root).map((f) => path.relative(root, f).split(path.sep).join('/')),
        // For a new mapping: the catalog's e-forms and systems.
        forms: [...context.catalog.forms.entries()].map(([id, form]) => ({ id, title: form.schema && form.schema.title })),
        systems: [...context.catalog.systems.values()].map((system) => ({ id: system.id, name: system.name })),
      });
    } catch (error) {
      const e = toNodeError(error, 'OWH_CONFIG_INVALID');
      res.status(500).json({ code: e.code, message: e.message });
    }
  });

  /**
   * The visual mapper's back end, on the hub's own code (src/mapping/editing): a folder's spec and
   * problems, the e-form's and the system's fields, the unmapped required targets and a sample;
   * a preview of an edited spec; saving it to the same file owh and the server run.
   */
  const withCatalog = (req, res, work) => {
    const configFile = configFileOf(req.query.hub || (req.body && req.body.hub));
    if (configFile === undefined) {
      res.status(400).json({ code: 'OWH_USAGE', message: 'deploy the owh-hub config node first (a hub node not yet deployed is not known to the runtime)' });
      return;
    }
    try {
      const editing = hubRequire('src/mapping/editing.js');
      const context = hubContext(configFile);
      work(editing, context.catalog, context);
    } catch (error) {
      const e = toNodeError(error, 'OWH_CONFIG_INVALID');
      res.status(e.code === 'OWH_USAGE' ? 400 : 500).json({ code: e.code, message: e.message, ...(e.fix ? { fix: e.fix } : {}) });
    }
  };
  RED.httpAdmin.get('/owh/mapping', RED.auth.needsPermission('owh-map.read'), (req, res) => {
    withCatalog(req, res, (editing, catalog) => res.json(editing.describeMappingFolder(catalog, String(req.query.folder || ''))));
  });
  RED.httpAdmin.post('/owh/mapping/preview', RED.auth.needsPermission('owh-map.read'), (req, res) => {
    withCatalog(req, res, (editing, catalog) => res.json(editing.previewMapping(catalog, String(req.body.folder || ''), req.body.spec, req.body.input, req.body.sample === undefined ? undefined : String(req.body.sample))));
  });
  /** A new request mapping for an e-form and a system: the skeleton `owh onboard` writes, and a sample case. */
  RED.httpAdmin.post('/owh/mapping/new', RED.auth.needsPermission('owh-map.write'), (req, res) => {
    withCatalog(req, res, (_editing, catalog, context) => {
      const system = catalog.systems.get(String(req.body.system || ''));
      const spec = system && context.registry.get(system.adapter);
      const payload = spec && spec.capabilities && spec.capabilities.payload;
      const { createRequestMapping } = hubRequire('src/mapping/new-mapping.js');
      const created = createRequestMapping(catalog, String(req.body.form || ''), String(req.body.system || ''), {
        format: payload === 'xml' || payload === 'csv' ? payload : 'json',
        samplesDirs: [path.join(catalog.root, 'samples'), path.join(catalog.root, '..', 'samples')],
      });
      RED.log.info(`owh-map: created ${created.file}`);
      res.status(201).json(created);
    });
  });

  RED.httpAdmin.put('/owh/mapping', RED.auth.needsPermission('owh-map.write'), (req, res) => {
    withCatalog(req, res, (editing, catalog) => {
      const acceptFixtures = Array.isArray(req.body.acceptFixtures) ? req.body.acceptFixtures.map(String) : [];
      const saved = editing.saveMappingSpec(catalog, String(req.body.folder || ''), req.body.spec, { acceptFixtures });
      if (saved.problems.length > 0) {
        res.status(400).json({ code: 'OWH_MAPPING_INVALID', message: `the mapping was not saved: ${saved.problems.length} problem(s)`, errors: saved.problems });
        return;
      }
      RED.log.info(`owh-map: saved ${saved.file}${saved.fixturesWritten ? ` and the expected output of ${saved.fixturesWritten.join(', ')}` : ''}`);
      res.json({ saved: true, file: saved.file, fixturesWritten: saved.fixturesWritten || [] });
    });
  });
};
