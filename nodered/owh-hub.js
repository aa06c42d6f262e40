'use strict';

module.exports = (RED) => {
  /** Which hub the flow works with: its URL, its configuration file, and the tokens it is reached with. */
  function OwhHubNode(config) {
    RED.nodes.createNode(this, config);
    this.name = config.name;
    this.url = (config.url || '').trim();
    this.configFile = (config.configFile || '').trim();
  }
  RED.nodes.registerType('owh-hub', OwhHubNode, {
    credentials: {
      apiKey: { type: 'password' },
      systemToken: { type: 'password' },
    },
  });
};
