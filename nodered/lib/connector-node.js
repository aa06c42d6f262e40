'use strict';
const { hubContext, buildConnector, toNodeError, errorStatus, fail } = require('./hub');

/**
 * The connector side of owh-deliver and owh-lookup: builds the system's connector once at deploy,
 * aborts sends still running on close, and closes the connector.
 */
const openConnector = (RED, node, config, { needsAnswers = false } = {}) => {
  const hubNode = RED.nodes.getNode(config.hub);
  const state = { context: undefined, connector: undefined, id: undefined, error: undefined, inFlight: new Set() };
  try {
    if (!config.system) throw Object.assign(new Error('no system set'), { code: 'OWH_USAGE' });
    state.context = hubContext(hubNode ? hubNode.configFile : '');
    const built = buildConnector(state.context, config.system);
    if (needsAnswers && !built.spec.capabilities.answers) {
      built.connector.close().catch(() => {});
      throw Object.assign(new Error(`${config.system} is a '${built.spec.kind}' system: its sends do not answer, so it cannot serve a lookup`), { code: 'OWH_CATALOG_INVALID' });
    }
    state.connector = built.connector;
    state.id = built.id;
    node.status({ fill: 'grey', shape: 'dot', text: `${built.id} (${built.spec.kind})` });
  } catch (error) {
    state.error = toNodeError(error, 'OWH_CONFIG_INVALID');
    node.status(errorStatus(state.error));
  }

  /** Why a message cannot be sent now (the setup's error, or the connector closed), or undefined. */
  state.unavailable = () => state.error || (state.connector ? undefined : Object.assign(new Error('the connector is closed'), { code: 'OWH_CONNECTOR_CLOSED' }));

  /** Sends one message, abortable by close. */
  state.send = async (message) => {
    const controller = new AbortController();
    state.inFlight.add(controller);
    try {
      return await state.connector.send(message, controller.signal);
    } finally {
      state.inFlight.delete(controller);
    }
  };

  node.on('close', (done) => {
    for (const controller of state.inFlight) controller.abort();
    const connector = state.connector;
    state.connector = undefined;
    node.status({});
    if (!connector) {
      done();
      return;
    }
    connector.close().then(() => done(), (error) => {
      node.warn(toNodeError(error).message);
      done();
    });
  });
  return state;
};

/** The case id of a message: msg.caseId, else the payload's caseId. */
const caseIdOf = (msg) => {
  const id = msg.caseId !== undefined ? msg.caseId : msg.payload && typeof msg.payload === 'object' ? msg.payload.caseId : undefined;
  if (typeof id !== 'string' || id === '') throw Object.assign(new Error('msg.caseId is missing (or msg.payload.caseId)'), { code: 'OWH_USAGE' });
  return id;
};

module.exports = { openConnector, caseIdOf, toNodeError, errorStatus, fail };
