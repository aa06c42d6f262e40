import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * `onewindow-hub/<version>`, the version read from the hub's package.json, found by walking up from
 * this file (it runs from adapters/ under ts-jest and from dist/adapters/ when compiled).
 */
export function userAgent(): string {
  if (cached) return cached;
  let version = '0.0.0';
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'onewindow-hub' && pkg.version) {
        version = pkg.version;
        break;
      }
    }
    if (dirname(dir) === dir) break;
  }
  cached = `onewindow-hub/${version}`;
  return cached;
}
