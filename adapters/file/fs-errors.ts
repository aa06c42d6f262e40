import { OwhError } from '../../src/errors/owh-error';
import { maskText } from '../../src/log/mask';

/** The errno code of a Node fs error (`ENOENT`, `EACCES`, …). */
export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

const WORDS: Record<string, string> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'does not exist (a part of its path is a file)',
  EACCES: 'may not be written by the hub',
  EPERM: 'may not be written by the hub (or a file in it is held open)',
  EROFS: 'is on a read-only file system',
  ENOSPC: 'is full',
  EDQUOT: 'is over its quota',
  EBUSY: 'is busy',
  EIO: 'had an input/output error',
  ESTALE: 'is a stale network file handle',
  EHOSTDOWN: 'is on a host that is down',
  EHOSTUNREACH: 'is on a host that cannot be reached',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'lost its connection',
};

/** What can never be written however often it is tried. */
const PERMANENT: Record<string, string> = {
  EISDIR: 'a folder stands where the case file should go',
  ENAMETOOLONG: 'the file name is too long for the file system',
};

/**
 * Classifies a failed write into the outbox. A folder that is missing, read-only, full or
 * unreachable is retryable (`OWH_SEND_NETWORK`): shares go away and come back, permissions and
 * quotas get fixed, and the case waits in the hub's outbox meanwhile. Only what no retry can
 * change (a folder standing at the file's name, a name the file system cannot hold) is permanent.
 * An unknown error is retryable, so it never loses a case.
 */
export function writeError(error: unknown, what: string): OwhError {
  if (error instanceof OwhError) return error;
  const code = errnoOf(error);
  if (code && PERMANENT[code]) {
    return new OwhError('OWH_SEND_REJECTED', {
      message: `${what}: ${PERMANENT[code]} (${code})`,
      fix: 'Ask the department to clear the way (a folder or a long name in its share), or change the connector\'s fileName; then `owh dlq retry` the delivery.',
      cause: error,
    });
  }
  const words = (code && WORDS[code]) ?? maskText((error as Error)?.message ?? String(error));
  return new OwhError('OWH_SEND_NETWORK', {
    message: `${what}: ${words}${code ? ` (${code})` : ''}`,
    fix: 'The hub tries again with backoff. Check that the share is mounted and writable by the hub\'s user, and the connector\'s outbox setting.',
    cause: error,
  });
}

/** One line about an fs error for health reports and logs. */
export function describeFsError(error: unknown): string {
  const code = errnoOf(error);
  return code && WORDS[code] ? `${WORDS[code]} (${code})` : maskText((error as Error)?.message ?? String(error));
}
