'use strict';
const { hubUrl, toNodeError, errorStatus } = require('./lib/hub');
const cases = require('./lib/case-in');
const { hubAnswerError, postJson } = require('./lib/post-json');

module.exports = (RED) => {
  /** Posts a department system's result for a case to the hub's API, as that system. */
  function OwhResultNode(config) {
    RED.nodes.createNode(this, config);
    const node = this;
    const hubNode = RED.nodes.getNode(config.hub);
    const inFlight = new Set();
    if (!hubNode) node.status({ fill: 'red', shape: 'ring', text: 'OWH_USAGE: no hub set' });

    node.on('input', (msg, send, done) => {
      const fail = (error, fallback) => {
        const e = toNodeError(error, fallback);
        node.status(errorStatus(e));
        done(e);
      };
      let url;
      let token;
      try {
        if (!hubNode) throw Object.assign(new Error('no hub set'), { code: 'OWH_USAGE' });
        token = hubNode.credentials && hubNode.credentials.systemToken;
        if (!token) throw Object.assign(new Error(`the hub config node has no system token`), { code: 'OWH_AUTH_REQUIRED' });
        const caseId = msg.caseId !== undefined ? msg.caseId : undefined;
        if (typeof caseId !== 'string' || caseId === '') throw Object.assign(new Error('msg.caseId is missing'), { code: 'OWH_USAGE' });
        url = `${hubUrl(hubNode)}/api/v1/cases/${encodeURIComponent(caseId)}/results`;
      } catch (error) {
        fail(error, 'OWH_USAGE');
        return;
      }
      const controller = new AbortController();
      inFlight.add(controller);
      node.status({ fill: 'blue', shape: 'dot', text: `posting ${msg.caseId}` });
      postJson(url, token, msg.payload, controller.signal)
        .finally(() => inFlight.delete(controller))
        .then(
          (answer) => {
            msg.result = answer.body;
            msg.statusCode = answer.status;
            if (answer.status >= 200 && answer.status < 300) {
              node.status({ fill: 'green', shape: 'dot', text: `${msg.caseId}: ${answer.status}${answer.body && answer.body.status ? ` ${answer.body.status}` : ''}` });
              // A case that came in through `owh case in`: its delivery request is answered 200 now.
              if (msg._owhCase) cases.acknowledge(msg._owhCase);
              send(msg);
              done();
              return;
            }
            const error = hubAnswerError(answer);
            fail(error, error.code);
          },
          (error) => {
            if (error && error.code === 'OWH_SEND_TIMEOUT') fail(error, 'OWH_SEND_TIMEOUT');
            else fail(Object.assign(new Error(`the hub at ${url} could not be reached: ${error.message}`), { code: 'OWH_HUB_UNREACHABLE' }), 'OWH_HUB_UNREACHABLE');
          },
        );
    });

    node.on('close', (done) => {
      for (const controller of inFlight) controller.abort();
      node.status({});
      done();
    });
  }
  RED.nodes.registerType('owh-result', OwhResultNode);
};
