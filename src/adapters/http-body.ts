import type { Dispatcher } from 'undici';

/** An answer's body as undici gives it. */
export type ResponseBody = Dispatcher.ResponseData['body'];

/** Gives up an answer's unread rest (and its socket); the abort error it raises is expected. */
export function discard(body: ResponseBody): void {
  body.on('error', () => undefined);
  body.destroy();
}

/**
 * Reads a body up to `limit` bytes. Beyond it the body is destroyed (its socket with it) and
 * `truncated` is set, so a huge or endless answer cannot fill the hub's memory; `bytes` then holds
 * the first `limit` bytes (enough for an error message's excerpt).
 */
export async function readLimited(body: ResponseBody, limit: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    if (size + buffer.length > limit) {
      chunks.push(buffer.subarray(0, limit - size));
      discard(body);
      return { bytes: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(buffer);
    size += buffer.length;
  }
  return { bytes: Buffer.concat(chunks), truncated: false };
}

/** Response headers with lower-case names, a repeated header's values joined by ", ". */
export function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
