import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { packageRoot } from '../src/util/package-root';

export { freePort } from '../src/util/net';

/** Runs a compiled script of this package as a child process and waits for a line on its stdout. */
export async function startNode(script: string, args: string[], readyLine: RegExp, nodeArgs: string[] = []): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, [...nodeArgs, join(packageRoot(), script), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  let output = '';
  let errors = '';
  child.stderr!.on('data', (d) => { errors += String(d); if (process.env.OWH_DEBUG_BATCH) process.stderr.write(d); });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      output += String(d);
      if (readyLine.test(output)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output}\n${errors}`)));
  });
  return { child, output };
}

export async function waitForHttp(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await request(url);
      await res.body.dump();
      if (res.statusCode < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
