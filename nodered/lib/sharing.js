'use strict';
// The sharing log for lookups a flow makes (owh-lookup): the same log the hub keeps for its own
// lookups, so every exchange of personal data between departments is accounted for, whoever ran it.
const { hubUrl, hubRequire } = require('./hub');
const { hubAnswerError, postJson } = require('./post-json');

/** The fields of a document (dotted paths, never values), as the hub's sharing log records them. */
const fieldsOf = (value) => hubRequire('src/util/fields.js').fieldsOf(value);

/**
 * Records one lookup: in the embedded editor straight into the hub the flow runs in (the hub hands
 * its recorder over as the setting `owhRecordSharing`), else through the hub's API
 * (`POST /api/v1/sharing-log`) with the hub node's client API key. Rejects with the hub's error
 * (OWH_SHARING_INVALID, OWH_AUTH_REQUIRED, OWH_HUB_UNREACHABLE…) when the entry was not recorded.
 */
async function recordLookup(RED, hubNode, entry) {
  let embedded;
  try {
    embedded = RED.settings.owhRecordSharing;
  } catch {
    embedded = undefined;
  }
  if (typeof embedded === 'function' && !(hubNode && hubNode.url)) return embedded(entry);
  if (!hubNode) throw Object.assign(new Error('a lookup outside the hub must name an owh-hub node (the hub\'s URL and a client API key) to be logged'), { code: 'OWH_USAGE' });
  const key = hubNode.credentials && hubNode.credentials.apiKey;
  if (!key) throw Object.assign(new Error('the hub config node has no client API key: the lookup cannot be logged in the hub\'s sharing log'), { code: 'OWH_AUTH_REQUIRED' });
  const url = `${hubUrl(hubNode)}/api/v1/sharing-log`;
  let answer;
  try {
    answer = await postJson(url, key, entry);
  } catch (error) {
    throw Object.assign(new Error(`the hub at ${url} could not be reached to log the lookup: ${error.message}`), { code: 'OWH_HUB_UNREACHABLE' });
  }
  if (answer.status === 201) return answer.body;
  throw hubAnswerError(answer, 'the hub did not log the lookup: ');
}

module.exports = { recordLookup, fieldsOf };
