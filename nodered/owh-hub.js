'use strict';

const { useEmbeddedConfig } = require('./lib/hub');

module.exports = (RED) => {
  useEmbeddedConfig(RED.settings);
  /** Which hub the flow works with: its URL, its configuration file, and the tokens it is reached with. */
  function OwhHubNode(config) {
    RED.nodes.createNode(this, config);
    this.name = config.name;
    this.url = (config.url || '').trim();
    // Empty: the configuration of the hub this editor runs in, else the hub's own lookup (lib/hub.js).
    this.configFile = (config.configFile || '').trim();
  }
  RED.nodes.registerType('owh-hub', OwhHubNode, {
    credentials: {
      apiKey: { type: 'password' },
      systemToken: { type: 'password' },
    },
  });
};
