/**
 * What every network adapter needs to say about a failed connection, in one place: which error
 * codes mean a timeout, the words for the common network failures, and how to find the code of an
 * error wrapped in causes or an AggregateError (happy eyeballs). Adapters import it, as they import
 * the contract; the classification itself (retryable or permanent) stays each adapter's.
 */

/** Node and undici error codes that mean the peer did not answer in time. */
export const TIMEOUT_CODES: ReadonlySet<string> = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** Readable words for network failures (all retryable: the peer may be back later). */
export const NETWORK_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'the connection was closed',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the answer was cut short',
};

/** The error code of a transport error, looking into `AggregateError`s and causes. */
export function transportCodeOf(error: unknown): string | undefined {
  let e = error as { code?: unknown; errors?: unknown[]; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string') return e.code;
    if (Array.isArray(e.errors) && e.errors.length > 0) e = e.errors[0] as typeof e;
    else e = e.cause as typeof e;
  }
  return undefined;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
