import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { OwhError } from '../../../../src/errors/owh-error';
import { Cleanup, message, rejection } from './fixtures';

/** A self-signed certificate for 127.0.0.1, made with the openssl command (skipped without it). */
function makeCertificate(dir: string): { cert: string; key: string } | undefined {
  const cert = join(dir, 'system.pem');
  const key = join(dir, 'system.key');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    return { cert, key };
  } catch {
    return undefined;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'owh-rest-tls-'));
const files = makeCertificate(dir);
const describeWithOpenssl = files ? describe : describe.skip;

const cleanup = new Cleanup();
let server: Server;
let baseUrl = '';

afterEach(() => cleanup.run());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithOpenssl('rest adapter: TLS', () => {
  beforeAll(async () => {
    server = createServer({ cert: readFileSync(files!.cert), key: readFileSync(files!.key) }, (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('delivers to a system whose certificate chains to tls.ca', async () => {
    const connector = cleanup.connector({ baseUrl, tls: { ca: files!.cert } });
    await expect(connector.send(message())).resolves.toMatchObject({ status: 200, body: { ok: true } });
  });

  it('reads a relative tls.ca from the catalog folder, as every adapter reads its files', async () => {
    const connector = cleanup.connector({ baseUrl, tls: { ca: basename(files!.cert) } }, {}, { catalogRoot: dirname(files!.cert) });
    await expect(connector.send(message())).resolves.toMatchObject({ status: 200 });
  });

  it('refuses a certificate that does not verify, as a retryable network error', async () => {
    const connector = cleanup.connector({ baseUrl });
    const error = await rejection(connector.send(message()));
    expect(error).toBeInstanceOf(OwhError);
    expect(error.code).toBe('OWH_SEND_NETWORK');
  });

  it('accepts it when rejectUnauthorized is off', async () => {
    const connector = cleanup.connector({ baseUrl, tls: { rejectUnauthorized: false } });
    await expect(connector.send(message())).resolves.toMatchObject({ status: 200 });
  });
});

describe('rest adapter: TLS files', () => {
  it('fails create() when a TLS file cannot be read', () => {
    expect(() => cleanup.connector({ baseUrl: 'https://127.0.0.1:9', tls: { ca: join(dir, 'no-such-ca.pem') } })).toThrow(
      expect.objectContaining({ code: 'OWH_CONFIG_NOT_FOUND', message: expect.stringContaining('tls.ca') }),
    );
  });
});
