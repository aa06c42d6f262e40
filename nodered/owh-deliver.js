'use strict';
const { openConnector, caseIdOf, toNodeError, fail } = require('./lib/connector-node');

module.exports = (RED) => {
  /** Sends msg.payload through a catalog system's connector, built from the hub's configuration. */
  function OwhDeliverNode(config) {
    RED.nodes.createNode(this, config);
    const node = this;
    const systemId = config.system;
    const state = openConnector(RED, node, config);

    node.on('input', (msg, send, done) => {
      const unavailable = state.unavailable();
      if (unavailable) {
        done(unavailable);
        return;
      }
      let message;
      try {
        const caseId = caseIdOf(msg);
        const operation = typeof msg.operation === 'string' && msg.operation !== '' ? msg.operation : undefined;
        const payload = msg.payload && typeof msg.payload === 'object' ? msg.payload : {};
        message = {
          idempotencyKey: msg.idempotencyKey || (operation ? `${caseId}:${systemId}:${operation}:flow` : `${caseId}:${systemId}`),
          ...(operation ? { operation } : {}),
          caseId,
          itemCode: msg.itemCode || payload.itemCode || '',
          systemId,
          deliveryId: Number.isInteger(msg.deliveryId) ? msg.deliveryId : 0,
          attempt: Number.isInteger(msg.attempt) ? msg.attempt : 1,
          payload: msg.payload,
        };
      } catch (error) {
        done(toNodeError(error, 'OWH_USAGE'));
        return;
      }
      node.status({ fill: 'blue', shape: 'dot', text: `sending ${message.caseId}` });
      state.send(message).then(
        (result) => {
          msg.ack = { status: result.status, body: result.body, ...(result.headers ? { headers: result.headers } : {}) };
          msg.idempotencyKey = message.idempotencyKey;
          node.status({ fill: 'green', shape: 'dot', text: `${message.caseId}: ${result.status !== undefined ? result.status : 'delivered'}` });
          send(msg);
          done();
        },
        (error) => {
          fail(node, done, error, 'OWH_SEND_NETWORK');
        },
      );
    });
  }
  RED.nodes.registerType('owh-deliver', OwhDeliverNode);
};
