import { messageOf, NETWORK_WORDS, TIMEOUT_CODES, transportCodeOf } from '../../src/adapters/transport-errors';
import { OwhError } from '../../src/errors/owh-error';
import type { ErrorCode } from '../../src/errors/catalogue';
import { maskText } from '../../src/log/mask';

/** How much of a department's error answer is quoted in the error message. */
export const EXCERPT_CHARS = 300;

/**
 * Reads `Retry-After` (RFC 9110 §10.2.3): delta-seconds or an HTTP date. Returns milliseconds from
 * `now` (never negative), or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The first {@link EXCERPT_CHARS} characters of an answer, on one line, with personal data masked. */
export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cut = flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
  return maskText(cut);
}

/**
 * Classifies a non-2xx answer (OpenFn style: "POST <url> returned 400: <excerpt>").
 * 408 is the system's own timeout; 425, 429 and 5xx are worth trying again; a redirect is not
 * followed (a delivery must not silently land elsewhere), so it is permanent, like other 4xx.
 */
export function statusError(request: string, status: number, body: string, headers: Record<string, string>): OwhError {
  const quoted = body.trim() === '' ? '' : `: ${excerpt(body)}`;
  const message = maskText(`${request} returned ${status}${quoted}`);
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  let code: ErrorCode;
  let fix: string | undefined;
  if (status === 429) code = 'OWH_SEND_RATE_LIMITED';
  else if (status === 408) code = 'OWH_SEND_TIMEOUT';
  else if (status === 425 || (status >= 500 && status <= 599)) code = 'OWH_SEND_SERVER_ERROR';
  else if (status >= 300 && status <= 399) {
    code = 'OWH_SEND_REJECTED';
    fix = `The system answered with a redirect${headers.location ? ` to ${maskText(headers.location)}` : ''}, which the hub does not follow: set the connector's baseUrl and path to where the system is now.`;
  } else if (status >= 400 && status <= 499) code = 'OWH_SEND_REJECTED';
  else code = 'OWH_SEND_BAD_RESPONSE';
  return new OwhError(code, { message, fix, retryAfterMs });
}





export interface TransportContext {
  /** "POST http://…/path": what was attempted, for the message. */
  request: string;
  timeoutMs: number;
  /** The connector's own deadline for this attempt. */
  deadline: AbortSignal;
  /** The caller's signal, if any. */
  callerSignal?: AbortSignal;
  /** Whether the connector was closed meanwhile. */
  closed: boolean;
}

/**
 * Classifies what went wrong below HTTP (connecting, writing, reading): timeouts and aborts as
 * `OWH_SEND_TIMEOUT`, everything else as `OWH_SEND_NETWORK` — both retryable, so an unknown
 * transport failure never loses a case.
 */
export function transportError(error: unknown, ctx: TransportContext): OwhError {
  if (error instanceof OwhError) return error;
  const code = transportCodeOf(error);
  if (ctx.deadline.aborted || (code !== undefined && TIMEOUT_CODES.has(code))) {
    return new OwhError('OWH_SEND_TIMEOUT', { message: `${ctx.request} did not answer within ${ctx.timeoutMs} ms`, cause: error });
  }
  if (ctx.callerSignal?.aborted) {
    const reason: unknown = ctx.callerSignal.reason;
    if (reason instanceof OwhError) return reason;
    return new OwhError('OWH_SEND_TIMEOUT', { message: `${ctx.request} was aborted by the hub before it finished (${maskText(messageOf(reason))})`, cause: error });
  }
  if (ctx.closed && (code === 'UND_ERR_CLOSED' || code === 'UND_ERR_DESTROYED')) {
    return new OwhError('OWH_CONNECTOR_CLOSED', { message: `${ctx.request} was not sent: the connector is closed`, cause: error });
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW') {
    return new OwhError('OWH_SEND_BAD_RESPONSE', { message: `${ctx.request} answered with headers over the size limit`, cause: error });
  }
  const words = (code && NETWORK_WORDS[code]) ?? maskText(messageOf(error));
  return new OwhError('OWH_SEND_NETWORK', { message: `${ctx.request} failed: ${words}${code ? ` (${code})` : ''}`, cause: error });
}
