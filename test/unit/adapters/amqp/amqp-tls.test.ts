import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as tcpConnect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, Server } from 'node:tls';
import { BROKER_HOST, BROKER_PORT, Cleanup, describeWithBroker, message, rejection, settings, unique } from './fixtures';

/** A self-signed certificate for 127.0.0.1, made with the openssl command (skipped without it). */
function makeCertificate(dir: string): { cert: string; key: string } | undefined {
  const cert = join(dir, 'broker.pem');
  const key = join(dir, 'broker.key');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    return { cert, key };
  } catch {
    return undefined;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'owh-amqp-tls-'));
const files = makeCertificate(dir);
const cleanup = new Cleanup();
afterEach(() => cleanup.run());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The broker behind TLS: a TLS server that forwards the decrypted stream to the broker's plain port. */
let server: Server;
let port = 0;
const sockets = new Set<Socket>();

describeWithBroker('amqp adapter: amqps (real broker behind a TLS terminator)', () => {
  (files ? describe : describe.skip)('with a certificate from openssl', () => {
    beforeAll(async () => {
      server = createServer({ cert: readFileSync(files!.cert), key: readFileSync(files!.key) }, (client) => {
        const upstream = tcpConnect(BROKER_PORT, BROKER_HOST);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => undefined);
          s.on('close', () => {
            sockets.delete(s);
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream);
        upstream.pipe(client);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    });

    it('delivers over TLS to a broker whose certificate chains to tls.ca', async () => {
      const admin = await cleanup.adminHand();
      const exchange = unique('tls');
      const queue = await admin.queueBoundTo(exchange, 'k');
      const connector = cleanup.connector(settings({ url: `amqps://127.0.0.1:${port}`, exchange, routingKey: 'k', tls: { ca: files!.cert } }));

      await connector.send(message());

      expect(await admin.count(queue)).toBe(1);
      expect((await connector.health()).state).toBe('up');
    });

    it('refuses a broker certificate that does not verify, as a retryable network failure', async () => {
      const connector = cleanup.connector(settings({ url: `amqps://127.0.0.1:${port}`, exchange: unique('tls-bad') }));

      const error = await rejection(connector.send(message()));

      expect([error.code, error.retryable]).toEqual(['OWH_SEND_NETWORK', true]);
      expect(error.message).toMatch(/self.signed|certificate/i);
    });
  });
});
