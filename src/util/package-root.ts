import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

/**
 * The package's own folder (where package.json and schemas/ are), found from this file whether it
 * runs from src/ (ts-jest) or from dist/src/ (compiled).
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'schemas'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the onewindow-hub package root above ${__dirname}`);
    dir = up;
  }
  root = dir;
  return root;
}

export function schemasDir(): string {
  return join(packageRoot(), 'schemas');
}
