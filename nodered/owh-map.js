'use strict';
const path = require('node:path');
const { hubContext, hubRequire, MappingHandle, toNodeError, errorStatus } = require('./lib/hub');

module.exports = (RED) => {
  /** Applies one of the hub's mapping specs to msg.payload, with the hub's own mapping engine. */
  function OwhMapNode(config) {
    RED.nodes.createNode(this, config);
    const node = this;
    const hubNode = RED.nodes.getNode(config.hub);
    let handle;
    let setupError;

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
      const root = hubNode ? hubContext(hubNode.configFile).config.catalog : process.cwd();
      handle = new MappingHandle(root, config.mapping);
      showLoaded();
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
      node.status({});
      done();
    });
  }
  RED.nodes.registerType('owh-map', OwhMapNode);

  // The editor's list of mapping folders: those of the deployed hub config node's catalog.
  RED.httpAdmin.get('/owh/mappings', RED.auth.needsPermission('owh-map.read'), (req, res) => {
    const hubNode = req.query.hub ? RED.nodes.getNode(String(req.query.hub)) : undefined;
    if (!hubNode) {
      res.json({ folders: [], note: 'deploy the owh-hub config node first' });
      return;
    }
    try {
      const root = hubContext(hubNode.configFile).config.catalog;
      const { findMappingFolders } = hubRequire('src/mapping/load.js');
      res.json({ folders: findMappingFolders(root).map((f) => path.relative(root, f).split(path.sep).join('/')) });
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
    const hubId = req.query.hub || (req.body && req.body.hub);
    const hubNode = hubId ? RED.nodes.getNode(String(hubId)) : undefined;
    if (!hubNode) {
      res.status(400).json({ code: 'OWH_USAGE', message: 'deploy the owh-hub config node first, and name it (?hub=<id>)' });
      return;
    }
    try {
      const editing = hubRequire('src/mapping/editing.js');
      work(editing, hubContext(hubNode.configFile).catalog);
    } catch (error) {
      const e = toNodeError(error, 'OWH_CONFIG_INVALID');
      res.status(e.code === 'OWH_USAGE' ? 400 : 500).json({ code: e.code, message: e.message });
    }
  };
  RED.httpAdmin.get('/owh/mapping', RED.auth.needsPermission('owh-map.read'), (req, res) => {
    withCatalog(req, res, (editing, catalog) => res.json(editing.describeMappingFolder(catalog, String(req.query.folder || ''))));
  });
  RED.httpAdmin.post('/owh/mapping/preview', RED.auth.needsPermission('owh-map.read'), (req, res) => {
    withCatalog(req, res, (editing, catalog) => res.json(editing.previewMapping(catalog, String(req.body.folder || ''), req.body.spec, req.body.input)));
  });
  RED.httpAdmin.put('/owh/mapping', RED.auth.needsPermission('owh-map.write'), (req, res) => {
    withCatalog(req, res, (editing, catalog) => {
      const saved = editing.saveMappingSpec(catalog, String(req.body.folder || ''), req.body.spec);
      res.status(saved.problems.length > 0 ? 400 : 200).json(saved.problems.length > 0 ? { code: 'OWH_MAPPING_INVALID', errors: saved.problems } : { saved: true, file: saved.file });
    });
  });
};
