import { discard, flattenHeaders, readLimited } from '../../src/adapters/http-body';
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import { OwhError } from '../../src/errors/owh-error';
import { CallContext, statusError, transportError } from './classify';
import { assertSafeXml, decodeXml, tooLargeError } from './xml-safety';


/** What the connector passes with each call, through the soap client's per-call options. */
export interface CallOptions {
  owh: CallContext;
}

/** The response shape the soap client reads (`status`, `headers`, `data`, `config.headers`). */
export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  data: string;
  config: { headers: Record<string, string> };
}

export interface TransportSettings {
  /** scheme://host:port of the endpoint: the pool's one origin. */
  origin: string;
  connections: number;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Headers on every request (user agent, HTTP basic authentication). */
  headers: Record<string, string>;
  /** TLS options of the connection (client certificate, CA), for an https origin. */
  tls?: { cert?: Buffer; key?: Buffer; ca?: Buffer; passphrase?: string };
}

/**
 * The soap client's HTTP layer (its documented `httpClient` option), on an undici keep-alive pool
 * instead of the package's own axios client, because a department's answer must be checked
 * *before* the soap package parses it: read up to maxResponseBytes (the socket is dropped beyond
 * it), decoded by its charset, refused with OWH_XML_UNSAFE when it has a DOCTYPE or an entity
 * declaration. Only then does the soap client see the text. Every call has the connector's deadline
 * and the pool's per-chunk timeouts, and a TLS client certificate is the pool's connect option.
 */
export class SoapTransport {
  private readonly pool: Pool;

  constructor(private readonly settings: TransportSettings) {
    this.pool = new Pool(settings.origin, {
      connections: settings.connections,
      pipelining: 1,
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
      connect: { timeout: settings.timeoutMs, ...(settings.tls ?? {}) },
    });
  }

  /**
   * The soap client's entry point: `request(url, xml, callback, headers, options)`. The client
   * ignores what it returns. Errors are OwhErrors already classified (timeouts, network, unsafe
   * XML, redirects); answers of any status go back to the client, which reads faults in them.
   */
  request(
    url: string,
    data: string | null,
    callback: (error: unknown, response?: TransportResponse, body?: string) => void,
    headers?: Record<string, string>,
    options?: Partial<CallOptions>,
  ): void {
    const ctx = options?.owh;
    if (!ctx) {
      callback(new OwhError('OWH_INTERNAL', { message: `a SOAP call to ${url} was made without the connector's call context` }));
      return;
    }
    this.exchange(url, data === null ? 'GET' : 'POST', data ?? undefined, headers ?? {}, ctx).then(
      (response) => {
        // Redirects are not followed: a case must not silently land elsewhere.
        if (response.status >= 300 && response.status <= 399) return callback(statusError(ctx.call, response.status, response.headers, ''));
        callback(null, response, response.data);
      },
      (error: unknown) => callback(error),
    );
  }

  /** A GET (the health check's ?wsdl); the answer's body is read within the limits and dropped. */
  async get(url: string, ctx: CallContext): Promise<{ status: number }> {
    const response = await this.exchange(url, 'GET', undefined, {}, ctx, false);
    return { status: response.status };
  }

  /** Closes the pool once: calls in flight finish (each bounded by its deadline), new ones are refused. */
  async close(): Promise<void> {
    await this.pool.close().catch(() => this.pool.destroy());
  }

  private async exchange(url: string, method: 'GET' | 'POST', body: string | undefined, extra: Record<string, string>, ctx: CallContext, checkXml = true): Promise<TransportResponse> {
    const target = new URL(url);
    if (target.origin !== this.settings.origin) {
      throw new OwhError('OWH_SEND_REJECTED', { message: `${ctx.call}: the WSDL sends this call to ${target.origin}, not to the connector's endpoint ${this.settings.origin}` });
    }
    if (ctx.closed()) throw new OwhError('OWH_CONNECTOR_CLOSED', { message: `${ctx.call} was not sent: the connector is closed` });
    const headers: Record<string, string> = { accept: 'text/xml, application/soap+xml, application/xml', ...this.settings.headers };
    for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = String(value);
    const signal = ctx.callerSignal ? AbortSignal.any([ctx.callerSignal, ctx.deadline]) : ctx.deadline;

    let response: Dispatcher.ResponseData;
    try {
      response = await this.pool.request({
        path: target.pathname + target.search,
        method,
        headers,
        body,
        signal,
        headersTimeout: this.settings.timeoutMs,
        bodyTimeout: this.settings.timeoutMs,
      });
    } catch (error) {
      throw transportError(error, ctx);
    }
    const answerHeaders = flattenHeaders(response.headers);
    try {
      const what = `the answer of ${ctx.call}`;
      const limit = this.settings.maxResponseBytes;
      const declared = Number(answerHeaders['content-length']);
      if (Number.isFinite(declared) && declared > limit) throw tooLargeError(what, limit);
      const { bytes, truncated } = await readLimited(response.body, limit);
      if (truncated) throw tooLargeError(what, limit);
      const text = decodeXml(bytes, answerHeaders['content-type']);
      if (checkXml) assertSafeXml(text, what);
      return { status: response.statusCode, headers: answerHeaders, data: text, config: { headers } };
    } catch (error) {
      throw transportError(error, ctx);
    } finally {
      // An answer not read to its end holds its socket; destroying it frees the pool's slot.
      if (!response.body.readableEnded) discard(response.body);
    }
  }
}



