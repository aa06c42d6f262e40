import { NETWORK_WORDS, TIMEOUT_CODES, transportCodeOf } from '../../src/adapters/transport-errors';
import { OwhError } from '../../src/errors/owh-error';
import type { ErrorCode } from '../../src/errors/catalogue';
import { maskText } from '../../src/log/mask';

/** How much of a fault string, fault detail or error answer is quoted in a message. */
export const EXCERPT_CHARS = 300;

/** The first {@link EXCERPT_CHARS} characters of a text, on one line, with personal data masked. */
export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return maskText(flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat);
}

/** A SOAP fault as the soap package hands it over (`err.root.Envelope.Body.Fault`), 1.1 or 1.2. */
export interface SoapFault {
  /** As sent: `soap:Client`, `SOAP-ENV:Server`, `env:Sender`, … (1.2: Code/Value, with the subcode). */
  code: string;
  /** 1.1 faultstring or 1.2 Reason/Text. */
  text: string;
  detail?: string;
  /** Client / Sender → sender; Server / Receiver → receiver. */
  side: 'sender' | 'receiver' | 'unknown';
}

function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const inner = (value as Record<string, unknown>).$value;
    if (inner !== undefined) return textOf(inner);
    return JSON.stringify(value);
  }
  return undefined;
}

/**
 * The side a fault code blames: `Client`/`Sender` (the request is wrong: permanent) or
 * `Server`/`Receiver` (the system failed: worth trying again). SOAP 1.1 allows dotted
 * refinements (`soap:Client.Authentication`), so only the part before the first dot counts.
 */
export function faultSide(code: string): SoapFault['side'] {
  const local = code.split(':').pop()!.split('.')[0].trim();
  if (/^(Client|Sender)$/i.test(local)) return 'sender';
  if (/^(Server|Receiver)$/i.test(local)) return 'receiver';
  // VersionMismatch, MustUnderstand, DataEncodingUnknown: this request will never be taken as it is.
  if (/^(VersionMismatch|MustUnderstand|DataEncodingUnknown)$/i.test(local)) return 'sender';
  // WS-Security 1.0's fault codes (wsse:…, as CXF and Axis send them in SOAP 1.1): the credentials
  // or the token were refused. An expired message or an unavailable token may pass next time.
  if (/^(FailedAuthentication|InvalidSecurity|InvalidSecurityToken|UnsupportedSecurityToken|UnsupportedAlgorithm|FailedCheck)$/i.test(local)) return 'sender';
  if (/^(SecurityTokenUnavailable|MessageExpired)$/i.test(local)) return 'receiver';
  return 'unknown';
}

/** The fault in an error from the soap client, if the system answered with one. */
export function faultOf(error: unknown): SoapFault | undefined {
  const fault = (error as { root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } } } | undefined)?.root?.Envelope?.Body?.Fault;
  if (!fault || typeof fault !== 'object') return undefined;
  let code = textOf(fault.faultcode);
  let text = textOf(fault.faultstring);
  let detail = textOf(fault.detail);
  const code12 = fault.Code as { Value?: unknown; Subcode?: { Value?: unknown } } | undefined;
  if (code === undefined && code12) {
    code = textOf(code12.Value);
    const sub = textOf(code12.Subcode?.Value);
    if (code !== undefined && sub !== undefined) code = `${code} (${sub})`;
  }
  if (text === undefined && fault.Reason) text = textOf((fault.Reason as { Text?: unknown }).Text ?? fault.Reason);
  if (detail === undefined && fault.Detail !== undefined) detail = textOf(fault.Detail);
  code ??= 'unknown';
  return { code, text: text ?? '', detail, side: faultSide(code.split(' ')[0]) };
}

/**
 * A fault, classified (OpenFn style: "SOAP SubmitApplication at http://… returned soap:Client
 * fault: <faultstring>"): sender faults are permanent, receiver faults retryable; a fault with a
 * code of neither kind is taken as the system's failure (retryable), so nothing is lost by doubt.
 */
export function faultError(call: string, fault: SoapFault, cause?: unknown): OwhError {
  const detail = fault.detail ? ` (detail: ${excerpt(fault.detail)})` : '';
  const message = maskText(`${call} returned ${fault.code} fault: ${excerpt(fault.text)}${detail}`);
  if (fault.side === 'sender') {
    return new OwhError('OWH_SEND_REJECTED', {
      message,
      fix: 'The system refused this request for good: read its fault string; fix the mapping, the case or the connector\'s auth, then `owh dlq retry` the delivery.',
      cause,
    });
  }
  return new OwhError('OWH_SEND_SERVER_ERROR', { message, cause });
}

/** Reads `Retry-After` (delta-seconds or an HTTP date) as milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** An HTTP status without a SOAP fault in the answer (an empty 401, a proxy's 502 page, …). */
export function statusError(call: string, status: number, headers: Record<string, string>, body: string): OwhError {
  const quoted = body.trim() === '' ? '' : `: ${excerpt(body)}`;
  const message = maskText(`${call} returned HTTP ${status} without a SOAP fault${quoted}`);
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  let code: ErrorCode;
  let fix: string | undefined;
  if (status === 429) code = 'OWH_SEND_RATE_LIMITED';
  else if (status === 408) code = 'OWH_SEND_TIMEOUT';
  else if (status === 425 || (status >= 500 && status <= 599)) code = 'OWH_SEND_SERVER_ERROR';
  else if (status === 401 || status === 403) {
    code = 'OWH_SEND_REJECTED';
    fix = 'The system refused the hub\'s credentials: check the connector\'s auth and the secret in its environment variable.';
  } else if (status >= 300 && status <= 399) {
    code = 'OWH_SEND_REJECTED';
    fix = `The system answered with a redirect${headers.location ? ` to ${maskText(headers.location)}` : ''}, which the hub does not follow: set the connector's endpoint to where the system is now.`;
  } else if (status >= 400 && status <= 499) code = 'OWH_SEND_REJECTED';
  else code = 'OWH_SEND_BAD_RESPONSE';
  return new OwhError(code, { message, fix, retryAfterMs });
}




/** What one call was, for classifying what went wrong below SOAP. */
export interface CallContext {
  /** "SOAP SubmitApplication at http://…": for messages (never credentials). */
  call: string;
  timeoutMs: number;
  /** The connector's own deadline for this call. */
  deadline: AbortSignal;
  callerSignal?: AbortSignal;
  /** Whether the connector is closed. */
  closed: () => boolean;
}

/**
 * Classifies a failure below SOAP (connecting, writing, reading): the deadline as
 * `OWH_SEND_TIMEOUT`, the connector closing as `OWH_CONNECTOR_CLOSED`, everything else as
 * `OWH_SEND_NETWORK` — all retryable, so an unknown transport failure never loses a case.
 */
export function transportError(error: unknown, ctx: CallContext): OwhError {
  if (error instanceof OwhError) return error;
  const code = transportCodeOf(error);
  if (ctx.deadline.aborted || (code !== undefined && TIMEOUT_CODES.has(code))) {
    return new OwhError('OWH_SEND_TIMEOUT', { message: `${ctx.call} did not answer within ${ctx.timeoutMs} ms`, cause: error });
  }
  if (ctx.callerSignal?.aborted) {
    const reason: unknown = ctx.callerSignal.reason;
    if (reason instanceof OwhError) return reason;
    return new OwhError('OWH_SEND_TIMEOUT', { message: `${ctx.call} was aborted by the hub before it finished`, cause: error });
  }
  if (ctx.closed() && (code === 'UND_ERR_CLOSED' || code === 'UND_ERR_DESTROYED')) {
    return new OwhError('OWH_CONNECTOR_CLOSED', { message: `${ctx.call} was not sent: the connector is closed`, cause: error });
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW') {
    return new OwhError('OWH_SEND_BAD_RESPONSE', { message: `${ctx.call} answered with headers over the size limit`, cause: error });
  }
  const words = (code && NETWORK_WORDS[code]) ?? maskText(error instanceof Error ? error.message : String(error));
  return new OwhError('OWH_SEND_NETWORK', { message: `${ctx.call} failed: ${words}${code ? ` (${code})` : ''}`, cause: error });
}

/** What the soap client attaches to an error when the system answered (`err.response`). */
interface AnsweredError {
  response?: { status?: number; headers?: Record<string, string> };
  body?: unknown;
  Fault?: { faultstring?: unknown; detail?: unknown };
  message?: string;
}

/**
 * Classifies whatever a soap client call rejected with: our own transport's OwhErrors pass
 * through; a fault by its code; an answer without a fault by its HTTP status; an answer that is
 * not SOAP (2xx) as a bad response.
 */
export function callError(error: unknown, ctx: CallContext): OwhError {
  if (error instanceof OwhError) return error;
  const fault = faultOf(error);
  if (fault) return faultError(ctx.call, fault, error);
  const answered = error as AnsweredError | undefined;
  const status = answered?.response?.status;
  if (typeof status === 'number') {
    const body = typeof answered?.body === 'string' ? answered.body : '';
    if (status >= 300) return statusError(ctx.call, status, answered?.response?.headers ?? {}, body);
    // A 2xx whose XML the soap package could not read (sax's "Invalid XML" comes as a fault-shaped object).
    const why = answered?.Fault ? `${textOf(answered.Fault.faultstring) ?? 'invalid XML'}: ${textOf(answered.Fault.detail) ?? ''}` : answered?.message ?? String(error);
    return new OwhError('OWH_SEND_BAD_RESPONSE', {
      message: maskText(`${ctx.call} answered HTTP ${status} with something that is not a SOAP answer (${excerpt(why)})`),
      cause: error,
    });
  }
  return transportError(error, ctx);
}
