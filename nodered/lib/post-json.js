'use strict';
const http = require('node:http');
const https = require('node:https');

const TIMEOUT_MS = 30000;

/** One JSON POST without a keep-alive pool, so nothing outlives the request. */
const postJson = (url, token, body, signal) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const data = Buffer.from(JSON.stringify(body));
    const request = (target.protocol === 'https:' ? https : http).request(
      target,
      {
        method: 'POST',
        agent: false,
        signal,
        timeout: TIMEOUT_MS,
        headers: { 'content-type': 'application/json', 'content-length': data.length, accept: 'application/json', authorization: `Bearer ${token}` },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: response.statusCode, body: parsed });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error(`the hub did not answer within ${TIMEOUT_MS} ms`), { code: 'OWH_SEND_TIMEOUT' })));
    request.on('error', reject);
    request.end(data);
  });

/**
 * The error a hub's non-2xx answer stands for: its own code, message, fix and details when it gave
 * them, else OWH_SEND_SERVER_ERROR (5xx) or OWH_SEND_REJECTED; `doing` prefixes the message.
 */
const hubAnswerError = (answer, doing = '') => {
  const body = answer.body && typeof answer.body === 'object' ? answer.body : {};
  const code = typeof body.code === 'string' && body.code.startsWith('OWH_') ? body.code : answer.status >= 500 ? 'OWH_SEND_SERVER_ERROR' : 'OWH_SEND_REJECTED';
  const error = Object.assign(new Error(`${doing}${typeof body.message === 'string' ? body.message : `the hub answered ${answer.status}`}`), { code, status: answer.status });
  if (typeof body.fix === 'string') error.fix = body.fix;
  if (Array.isArray(body.errors)) error.details = body.errors;
  return error;
};

module.exports = { postJson, hubAnswerError, TIMEOUT_MS };
