'use strict';
const { MappingHandle } = require('./lib/hub');
const { openConnector, caseIdOf, toNodeError, errorStatus, fail } = require('./lib/connector-node');

module.exports = (RED) => {
  /**
   * A data-sharing lookup: the request mapping decides what leaves, the connector asks the source
   * system, the answer mapping decides what is kept (the raw answer never leaves this node).
   */
  function OwhLookupNode(config) {
    RED.nodes.createNode(this, config);
    const node = this;
    const systemId = config.system;
    const operation = config.operation;
    const state = openConnector(RED, node, config, { needsAnswers: true });
    let request;
    let answer;
    if (!state.error) {
      try {
        if (!operation) throw Object.assign(new Error('no operation set'), { code: 'OWH_USAGE' });
        if (!config.request || !config.answer) throw Object.assign(new Error('set both the request and the answer mapping'), { code: 'OWH_USAGE' });
        const root = state.context.config.catalog;
        request = new MappingHandle(root, config.request);
        answer = new MappingHandle(root, config.answer);
        request.get();
        answer.get();
        node.status({ fill: 'grey', shape: 'dot', text: `${state.id}: ${operation}` });
      } catch (error) {
        state.error = toNodeError(error, 'OWH_MAPPING_INVALID');
        node.status(errorStatus(state.error));
      }
    }

    node.on('input', (msg, send, done) => {
      if (state.error || !state.connector) {
        done(state.error || Object.assign(new Error('the connector is closed'), { code: 'OWH_CONNECTOR_CLOSED' }));
        return;
      }
      let message;
      try {
        const caseId = caseIdOf(msg);
        const name = typeof msg.lookupName === 'string' && msg.lookupName !== '' ? msg.lookupName : operation;
        message = {
          idempotencyKey: `${caseId}:${systemId}:lookup:${name}`,
          operation,
          caseId,
          itemCode: msg.itemCode || (msg.payload && msg.payload.itemCode) || '',
          systemId,
          deliveryId: 0,
          attempt: 1,
          payload: request.map(msg.payload),
        };
      } catch (error) {
        fail(node, done, error, 'OWH_MAPPING_FAILED');
        return;
      }
      node.status({ fill: 'blue', shape: 'dot', text: `asking ${systemId} for ${message.caseId}` });
      state.send(message).then(
        (result) => {
          try {
            msg.payload = answer.map({ status: result.status, body: result.body, headers: result.headers || {} });
          } catch (error) {
            fail(node, done, error, 'OWH_MAPPING_FAILED');
            return;
          }
          node.status({ fill: 'green', shape: 'dot', text: `${message.caseId}: answered` });
          send(msg);
          done();
        },
        (error) => {
          fail(node, done, error, 'OWH_SEND_NETWORK');
        },
      );
    });
  }
  RED.nodes.registerType('owh-lookup', OwhLookupNode);
};
