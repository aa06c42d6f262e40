'use strict';
// The pending answers of `owh case in` nodes, by handle id. A message carries only its handle's
// plain data (`msg._owhCase = {id, system, caseId, idempotencyKey}`), so cloning a message on a
// fan-out keeps it working; `owh result` answers through acknowledge() once its POST succeeded.
const pending = new Map();

/** Registers an open request: `answer(status, body)` replies to it (once). */
const open = (id, answer) => pending.set(id, answer);

const forget = (id) => pending.delete(id);

/** Answers the request behind a message's handle with 200 {received, caseId}; false when nothing is pending any more. */
const acknowledge = (handle) => {
  if (!handle || typeof handle !== 'object' || typeof handle.id !== 'string') return false;
  const answer = pending.get(handle.id);
  if (!answer) return false;
  pending.delete(handle.id);
  answer(200, { received: true, caseId: handle.caseId });
  return true;
};

module.exports = { open, forget, acknowledge };
