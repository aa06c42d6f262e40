import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { OwhError } from '../errors/owh-error';

/** Credentials by principal id, compared in constant time (digests, so lengths never leak). */
export class CredentialTable {
  private readonly entries: Array<{ id: string; digest: Buffer }> = [];

  add(id: string, secret: string): void {
    this.entries.push({ id, digest: createHash('sha256').update(secret).digest() });
  }

  /** The id whose secret this is, if any. Every entry is compared, whichever matches. */
  identify(secret: string | undefined): string | undefined {
    if (!secret) return undefined;
    const digest = createHash('sha256').update(secret).digest();
    let found: string | undefined;
    for (const entry of this.entries) if (timingSafeEqual(entry.digest, digest) && found === undefined) found = entry.id;
    return found;
  }

  get size(): number {
    return this.entries.length;
  }
}

/** The key or token a request carries: `X-Api-Key`, or `Authorization: Bearer <token>`. */
export function presentedCredential(req: IncomingMessage): string | undefined {
  const key = req.headers['x-api-key'];
  if (typeof key === 'string' && key !== '') return key;
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  return undefined;
}

export function requireCredential(table: CredentialTable, req: IncomingMessage, who: string): string {
  const id = table.identify(presentedCredential(req));
  if (!id) throw new OwhError('OWH_AUTH_REQUIRED', { message: `this route needs ${who}` });
  return id;
}
