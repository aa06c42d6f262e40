import type { IncomingMessage, ServerResponse } from 'node:http';
import { OwhError, toOwhError } from '../errors/owh-error';
import type { Logger } from '../log/logger';

/**
 * Reads a JSON request body up to `limit` bytes. A declared Content-Length over the limit is
 * refused before a byte is read; a chunked body is cut off as soon as it passes the limit.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(tooLarge(limit));
      } else chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks, size).toString('utf8')));
    req.once('error', reject);
  });
  if (text.trim() === '') throw new OwhError('OWH_JSON_MALFORMED', { message: 'the request body is empty' });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new OwhError('OWH_JSON_MALFORMED', { message: `the request body is not valid JSON: ${(error as Error).message}` });
  }
}

function tooLarge(limit: number): OwhError {
  return new OwhError('OWH_BODY_TOO_LARGE', { message: `the request body is over the limit of ${limit} bytes` });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Answers with an error's JSON body and status; a body left unread closes the connection. */
export function sendError(res: ServerResponse, error: unknown, logger: Logger, req?: IncomingMessage): void {
  const e = toOwhError(error);
  if (e.code === 'OWH_INTERNAL') logger.error({ err: error }, 'internal error');
  const headers: Record<string, string> = {};
  if (req && !req.complete) headers.connection = 'close';
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, e.status, e.toJSON(), headers);
}
