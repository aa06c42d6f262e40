'use strict';
const { MappingHandle } = require('./lib/hub');
const { openConnector, caseIdOf, toNodeError, errorStatus, fail } = require('./lib/connector-node');
const { recordLookup, fieldsOf } = require('./lib/sharing');

module.exports = (RED) => {
  /**
   * A data-sharing lookup: the request mapping decides what leaves, the connector asks the source
   * system, the answer mapping decides what is kept (the raw answer never leaves this node), and
   * the exchange is recorded in the hub's sharing log — its legal basis, purpose and field names —
   * before the answer goes on; a lookup that cannot be logged does not pass its answer on.
   */
  function OwhLookupNode(config) {
    RED.nodes.createNode(this, config);
    const node = this;
    const systemId = config.system;
    const operation = config.operation;
    const hubNode = RED.nodes.getNode(config.hub);
    const legalBasis = (config.legalBasis || '').trim();
    const purpose = (config.purpose || '').trim();
    const state = openConnector(RED, node, config, { needsAnswers: true });
    let request;
    let answer;
    if (!state.error) {
      try {
        if (!operation) throw Object.assign(new Error('no operation set'), { code: 'OWH_USAGE' });
        if (!config.request || !config.answer) throw Object.assign(new Error('set both the request and the answer mapping'), { code: 'OWH_USAGE' });
        if (!legalBasis) throw Object.assign(new Error('set the lookup\'s legal basis: every data-sharing lookup is logged with it'), { code: 'OWH_USAGE' });
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
      const unavailable = state.unavailable();
      if (unavailable) {
        done(unavailable);
        return;
      }
      const name = typeof msg.lookupName === 'string' && msg.lookupName !== '' ? msg.lookupName : operation;
      let message;
      try {
        const caseId = caseIdOf(msg);
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
      const item = message.itemCode ? state.context.catalog.items.get(message.itemCode) : undefined;
      const idNumber = msg.payload && msg.payload.applicant && msg.payload.applicant.idNumber;
      const entry = (outcome, answerFields, detail) => ({
        caseId: message.caseId,
        itemCode: message.itemCode,
        lookup: name,
        requestedBy: (item && item.department) || 'flow',
        sourceSystem: systemId,
        ...(typeof idNumber === 'string' && idNumber !== '' ? { subject: idNumber } : {}),
        requestFields: fieldsOf(message.payload),
        answerFields,
        legalBasis,
        ...(purpose ? { purpose } : {}),
        outcome,
        ...(detail ? { detail } : {}),
      });
      // A lookup that did not answer is logged too (the request left); the lookup's own error is what the flow sees.
      const failed = (error, fallback) => {
        const e = toNodeError(error, fallback);
        recordLookup(RED, hubNode, entry('failed', [], `${e.code}: ${e.message}`)).catch((logError) => node.warn(`the failed lookup was not logged: ${toNodeError(logError, 'OWH_HUB_UNREACHABLE').message}`));
        fail(node, done, e, fallback);
      };
      node.status({ fill: 'blue', shape: 'dot', text: `asking ${systemId} for ${message.caseId}` });
      state.send(message).then(
        (result) => {
          let kept;
          try {
            kept = answer.map({ status: result.status, body: result.body, headers: result.headers || {} });
          } catch (error) {
            failed(error, 'OWH_MAPPING_FAILED');
            return;
          }
          recordLookup(RED, hubNode, entry('answered', fieldsOf(kept))).then(
            (logged) => {
              msg.payload = kept;
              msg.sharingLogId = logged && logged.id;
              node.status({ fill: 'green', shape: 'dot', text: `${message.caseId}: answered, logged` });
              send(msg);
              done();
            },
            (error) => fail(node, done, error, 'OWH_HUB_UNREACHABLE'),
          );
        },
        (error) => failed(error, 'OWH_SEND_NETWORK'),
      );
    });
  }
  RED.nodes.registerType('owh-lookup', OwhLookupNode);
};
