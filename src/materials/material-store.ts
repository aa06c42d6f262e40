import { existsSync, createReadStream, ReadStream } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../util/write-atomically';

/**
 * Keeps the bytes of inline materials (and result documents) as files named by their sha256, so
 * the database holds references, not megabytes, and the same scan sent twice is kept once. Files
 * are written to a temporary name, fsynced and renamed: a crash never leaves half a material
 * under its final name, and a file is on disk before the case that refers to it commits.
 */
export class MaterialStore {
  /** Hashes known to be on disk: the same scan is often sent with many cases. */
  private readonly known = new Set<string>();

  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    if (this.known.has(sha256)) return true;
    const present = existsSync(this.pathOf(sha256));
    if (present) this.known.add(sha256);
    return present;
  }

  put(sha256: string, bytes: Buffer): void {
    if (this.has(sha256)) return;
    const final = this.pathOf(sha256);
    writeFileAtomically(final, bytes);
    this.known.add(sha256);
  }

  open(sha256: string): ReadStream | undefined {
    if (!/^[0-9a-f]{64}$/.test(sha256) || !this.has(sha256)) return undefined;
    return createReadStream(this.pathOf(sha256));
  }
}
