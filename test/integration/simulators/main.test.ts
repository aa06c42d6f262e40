import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { AMR_PATH, CATALOG, Client, FakeHub, govCase, TOKENS } from './helpers';

const MAIN = join(__dirname, '../../../examples/demo-city/simulators/main.ts');

/** Reads the child's stdout until it prints `ready`. */
function untilReady(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/^ready$/m.test(out)) resolve(out);
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the simulators exited (${code}) before they were ready:\n${out}\n${err}`)));
  });
}

describe('the standalone simulators process (main.ts)', () => {
  it('prints its table, takes cases, posts results, and stops on SIGTERM', async () => {
    const hub = await new FakeHub().start();
    const client = new Client();
    const child = spawn(process.execPath, ['-r', join(__dirname, 'ts-register.js'), MAIN, '--hub', hub.url, '--catalog', CATALOG, '--ephemeral', '--result-delay', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OWH_TEST_AMR_TOKEN: '' },
    });
    try {
      const out = await untilReady(child);
      const row = out.split('\n').find((l) => l.startsWith('amr-registration '));
      expect(row).toBeDefined();
      const url = row!.trim().split(/\s+/)[1];
      expect(out).toMatch(/^civil-marriage@330203 +http:\/\/127\.0\.0\.1:\d+ +gov +海曙区婚姻登记系统$/m);
      expect(out).toMatch(/^civil-marriage@330205 +http:\/\/127\.0\.0\.1:\d+ +gov +江北区婚姻登记系统$/m);

      const answer = await client.post(url + AMR_PATH, govCase('M-1'), { key: 'M-1:amr-registration', token: TOKENS.amr });
      expect(answer.status).toBe(200);
      await hub.waitFor(2, 10_000);
      expect(hub.received.map((r) => r.body.jglx)).toEqual(['sl', 'bj']);

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await client.close();
      await hub.close();
    }
  });

  it('exits 1 with the problem when the catalog cannot be read', async () => {
    const child = spawn(process.execPath, ['-r', join(__dirname, 'ts-register.js'), MAIN, '--catalog', join(__dirname, 'no-such-catalog')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/OWH_CATALOG_INVALID/);
  });
});
