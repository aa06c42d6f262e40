import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../cli/program';
import type { CliIO } from '../../cli/io';
import { SMALL_CATALOG } from './hub-harness';

/** Runs `owh` in-process, capturing what it prints and its exit code. */
export async function owh(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Writes an owh.yaml for the small test catalog with its store in `dir`. */
export function writeTestConfig(dir: string, extra = ''): string {
  const file = join(dir, 'owh.yaml');
  writeFileSync(file, `catalog: ${SMALL_CATALOG}\nstore:\n  path: ${join(dir, 'owh.db')}\nmaterials:\n  path: ${join(dir, 'materials')}\nclients:\n  - id: platform\n    key: { env: TEST_PLATFORM_KEY, demoValue: platform-key }\n${extra}`);
  return file;
}
