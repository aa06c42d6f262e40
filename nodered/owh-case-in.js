'use strict';
const cases = require('./lib/case-in');

const DEFAULT_TIMEOUT_MS = 10000;
const MAX_BODY = 50 * 1024 * 1024;
/** How many acknowledged idempotency keys are kept for answering the hub's resends. */
const MAX_KEYS = 10000;

/** The request's JSON body: the one a parser already read, else read here. */
const readBody = (req) =>
  new Promise((resolve, reject) => {
    if (req._body || req.readableEnded) {
      resolve(req.body);
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error(`the body is larger than ${MAX_BODY} bytes`), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? undefined : JSON.parse(text));
      } catch {
        reject(Object.assign(new Error('the body is not JSON'), { status: 400 }));
      }
    });
    req.on('error', reject);
  });

/** The same wrapper the core `http in` node puts in msg.res, so the core `http response` node answers. */
const responseWrapper = (res) => {
  const wrapper = { _res: res };
  for (const f of ['append', 'cookie', 'clearCookie', 'end', 'get', 'json', 'send', 'sendStatus', 'set', 'status', 'type', 'vary']) {
    wrapper[f] = (...args) => {
      const result = res[f](...args);
      return result === res ? wrapper : result;
    };
  }
  return wrapper;
};

module.exports = (RED) => {
  /**
   * A department system's delivery endpoint served by a flow: POST <nodePath>/owh/cases/<system>.
   * The hub's REST connector (baseUrl the hub, path that endpoint) delivers the system's cases
   * here; the request stays open until the flow acknowledges the case (an `owh result` that
   * posted its result, or an `http response`), and a case not acknowledged within timeoutMs is
   * answered 503 so the hub retries it.
   */
  function OwhCaseInNode(config) {
    RED.nodes.createNode(this, config);
    const node = this;
    node.system = (config.system || '').trim();
    const timeoutMs = Number(config.timeoutMs) > 0 ? Number(config.timeoutMs) : DEFAULT_TIMEOUT_MS;
    const open = new Map(); // idempotency key → { id, timer }
    let acknowledgedCount = 0;
    let lastCase = '';

    if (!/^[A-Za-z0-9_.-]+$/.test(node.system)) {
      node.status({ fill: 'red', shape: 'ring', text: 'OWH_USAGE: no system set' });
      node.error('owh case in: set the system (the catalog id of the system this flow serves)');
      return;
    }
    node.url = `/owh/cases/${node.system}`;

    const context = node.context();
    const acknowledged = () => context.get('acknowledged') || {};
    const remember = (key, caseId) => {
      const keys = acknowledged();
      keys[key] = caseId;
      const names = Object.keys(keys);
      if (names.length > MAX_KEYS) for (const name of names.slice(0, names.length - MAX_KEYS)) delete keys[name];
      context.set('acknowledged', keys);
    };
    const showStatus = (fill = 'green') => node.status({ fill, shape: 'dot', text: `${lastCase} · ${acknowledgedCount} acknowledged${open.size ? ` · ${open.size} open` : ''}` });

    const refuse = (res, status, code, message, fix) => res.status(status).json({ code, message, ...(fix ? { fix } : {}) });

    const handler = (req, res) => {
      const key = req.get('idempotency-key');
      if (!key) {
        refuse(res, 400, 'OWH_USAGE', 'the Idempotency-Key header is missing', 'send the case through the hub\'s REST connector, which sends the delivery\'s idempotency key in that header');
        return;
      }
      const known = acknowledged()[key];
      if (known !== undefined) {
        // A resend of a case the flow already acknowledged (the hub's answer was lost, or it timed out first).
        res.status(200).json({ received: true, caseId: known, duplicate: true });
        return;
      }
      if (open.has(key)) {
        res.set('retry-after', '1');
        refuse(res, 503, 'OWH_SEND_SERVER_ERROR', `case ${key} is still being handled by the flow`);
        return;
      }
      readBody(req).then(
        (body) => {
          const caseId = body && typeof body.caseId === 'string' ? body.caseId : key.split(':')[0];
          const id = RED.util.generateId();
          const entry = { id, timer: undefined, res };
          open.set(key, entry);
          const close = () => {
            clearTimeout(entry.timer);
            cases.forget(id);
            if (open.get(key) === entry) open.delete(key);
          };
          // Every answer, ours or an `http response` node's, ends here: a 2xx acknowledges the key.
          res.on('finish', () => {
            close();
            if (res.statusCode >= 200 && res.statusCode < 300) {
              remember(key, caseId);
              acknowledgedCount++;
              showStatus();
            } else {
              showStatus('yellow');
            }
          });
          res.on('close', close);
          cases.open(id, (status, answer) => {
            if (!res.headersSent) res.status(status).json(answer);
          });
          entry.timer = setTimeout(() => {
            if (res.headersSent) return;
            res.set('retry-after', '1');
            refuse(res, 503, 'OWH_SEND_SERVER_ERROR', `the flow did not acknowledge case ${caseId} within ${timeoutMs} ms`, 'see the flow\'s errors (a catch node, the debug sidebar); the hub retries the case');
          }, timeoutMs);
          lastCase = caseId;
          showStatus('blue');
          node.send({
            _msgid: id,
            payload: body,
            caseId,
            idempotencyKey: key,
            system: node.system,
            req,
            res: responseWrapper(res),
            _owhCase: { id, system: node.system, caseId, idempotencyKey: key },
          });
        },
        (error) => refuse(res, error.status || 400, 'OWH_USAGE', error.message),
      );
    };

    RED.httpNode.post(node.url, handler);
    node.status({ fill: 'grey', shape: 'ring', text: `POST …${node.url}` });

    node.on('close', (done) => {
      // Unanswered cases: 503, so the hub delivers them again to the redeployed flow.
      for (const [key, entry] of open) {
        clearTimeout(entry.timer);
        cases.forget(entry.id);
        open.delete(key);
        if (!entry.res.headersSent) refuse(entry.res, 503, 'OWH_SEND_SERVER_ERROR', `the flow was stopped before it acknowledged case ${key}`);
      }
      const stack = RED.httpNode._router && RED.httpNode._router.stack;
      if (stack) {
        for (let i = stack.length - 1; i >= 0; i--) {
          const route = stack[i].route;
          if (route && route.path === node.url && route.methods.post && route.stack.some((layer) => layer.handle === handler)) stack.splice(i, 1);
        }
      }
      node.status({});
      done();
    });
  }
  RED.nodes.registerType('owh-case-in', OwhCaseInNode);
};
