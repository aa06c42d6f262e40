import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/package-root';

let cached: string | undefined;

/** `onewindow-hub/<version>`, from the hub's package.json. */
export function userAgent(): string {
  if (cached) return cached;
  let version = '0.0.0';
  try {
    version = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? version;
  } catch {
    // no package.json to read: the version is only informative
  }
  cached = `onewindow-hub/${version}`;
  return cached;
}
