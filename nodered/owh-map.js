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
};
