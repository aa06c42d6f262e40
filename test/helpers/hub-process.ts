import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { packageRoot } from '../../src/util/package-root';

export { freePort } from '../../src/util/net';

/**
 * The hub as a separate process (`node dist/cli/owh.js serve`), as operators run it, so a test can
 * kill it with SIGKILL mid-flight and start it again on the same store.
 */
export class HubProcess {
  private child?: ChildProcess;
  readonly output: string[] = [];

  constructor(private readonly configFile: string, readonly url: string) {}

  async start(timeoutMs = 20_000): Promise<void> {
    const child = spawn(process.execPath, [join(packageRoot(), 'dist/cli/owh.js'), 'serve', '--config', this.configFile, '--no-simulators'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OWH_LOG_LEVEL: 'warn' },
    });
    this.child = child;
    child.stdout!.on('data', (d) => this.output.push(String(d)));
    child.stderr!.on('data', (d) => this.output.push(String(d)));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the hub exited with ${child.exitCode}:\n${this.output.join('')}`);
      try {
        const res = await request(`${this.url}/health`);
        await res.body.dump();
        if (res.statusCode === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the hub did not come up:\n${this.output.join('')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGKILL: no shutdown hook runs, whatever was in flight is cut. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
