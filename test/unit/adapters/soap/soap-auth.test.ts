import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../helpers/temp-dir';
import { Cleanup, message, rejection, settings } from './fixtures';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const WS = { username: 'owh', password: 'S3cret&<pw>' };

describe('soap adapter: WS-Security UsernameToken', () => {
  it('sends a UsernameToken with the password from the environment, which the system accepts', async () => {
    const server = await cleanup.department({ wsSecurity: WS });
    const connector = cleanup.connector(settings(server, { auth: { type: 'wsSecurity', username: 'owh', password: { env: 'OWH_HRSS_SOAP_PASSWORD' } } }), { OWH_HRSS_SOAP_PASSWORD: WS.password });

    await expect(connector.send(message())).resolves.toMatchObject({ body: { code: '0000' } });
    const xml = server.calls[0].xml;
    expect(xml).toContain('<wsse:Username>owh</wsse:Username>');
    expect(xml).toContain('#PasswordText">S3cret&amp;&lt;pw&gt;</wsse:Password>');
  });

  it('sends a PasswordDigest (with nonce and timestamp) when configured, never the password itself', async () => {
    const server = await cleanup.department({ wsSecurity: WS });
    const connector = cleanup.connector(settings(server, { auth: { type: 'wsSecurity', username: 'owh', password: { env: 'PW' }, passwordType: 'PasswordDigest' } }), { PW: WS.password });

    await expect(connector.send(message())).resolves.toBeDefined();
    expect(server.calls[0].xml).toContain('#PasswordDigest">');
    expect(server.calls[0].xml).not.toContain('S3cret');
  });

  it('takes a wrong password as a permanent refusal (the system\'s soap:Client authentication fault)', async () => {
    const server = await cleanup.department({ wsSecurity: WS });
    const connector = cleanup.connector(settings(server, { auth: { type: 'wsSecurity', username: 'owh', password: { env: 'PW' } } }), { PW: 'wrong' });

    const error = await rejection(connector.send(message()));

    expect([error.code, error.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(error.message).toContain('fault: Invalid username or password');
    expect(error.message).not.toContain('wrong');
    expect(server.submissions).toHaveLength(0);
  });

  it('stops at create() when the password\'s environment variable is not set', () => {
    expect(() => cleanup.connector(settings({ url: () => 'http://127.0.0.1:9/ws' }, { auth: { type: 'wsSecurity', username: 'owh', password: { env: 'OWH_UNSET_PASSWORD' } } })))
      .toThrow(expect.objectContaining({ code: 'OWH_SECRET_MISSING', message: 'environment variable OWH_UNSET_PASSWORD is not set' }));
  });
});

describe('soap adapter: HTTP basic authentication', () => {
  it('sends Authorization: Basic on every call and health check', async () => {
    const server = await cleanup.department({ basic: { username: 'owh', password: 'p@ss' } });
    const connector = cleanup.connector(settings(server, { auth: { type: 'basic', username: 'owh', password: { env: 'PW' } } }), { PW: 'p@ss' });

    await expect(connector.send(message())).resolves.toBeDefined();
    expect(server.calls[0].headers.authorization).toBe(`Basic ${Buffer.from('owh:p@ss').toString('base64')}`);
    expect((await connector.health()).state).toBe('up');
  });

  it('takes a 401 as a permanent refusal, and health as down', async () => {
    const server = await cleanup.department({ basic: { username: 'owh', password: 'p@ss' } });
    const connector = cleanup.connector(settings(server, { auth: { type: 'basic', username: 'owh', password: { env: 'PW' } } }), { PW: 'nope' });

    const error = await rejection(connector.send(message()));
    expect([error.code, error.retryable]).toEqual(['OWH_SEND_REJECTED', false]);
    expect(error.message).toContain('returned HTTP 401 without a SOAP fault');
    const health = await connector.health();
    expect(health.state).toBe('down');
    expect(health.detail).toContain('authentication refused');
  });
});

/** A throwaway CA, a server certificate for 127.0.0.1 and a client certificate with an encrypted key, made with openssl. */
function makeCertificates(dir: string): boolean {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  try {
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=owh-test-ca', '-keyout', 'ca.key', '-out', 'ca.pem');
    writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
    run('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
    run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', 'server.ext', '-out', 'server.pem');
    run('req', '-newkey', 'rsa:2048', '-passout', 'pass:key-pass', '-subj', '/CN=onewindow-hub', '-keyout', 'client.key', '-out', 'client.csr');
    run('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-out', 'client.pem');
    // A client certificate the system does not know (self-signed, not from its CA).
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=stranger', '-keyout', 'stranger.key', '-out', 'stranger.pem');
    return true;
  } catch {
    return false;
  }
}

const certs = tempDir('owh-soap-tls-');
const haveOpenssl = makeCertificates(certs.path);
afterAll(() => certs.cleanup());
if (!haveOpenssl) {
  // eslint-disable-next-line no-console
  console.warn('SKIPPED: soap adapter TLS client certificate tests: the openssl command is not available to make test certificates');
}

(haveOpenssl ? describe : describe.skip)('soap adapter: TLS client certificate', () => {
  const file = (name: string) => readFileSync(join(certs.path, name));
  const tlsAuth = { type: 'tls', cert: 'client.pem', key: 'client.key', passphrase: { env: 'OWH_CLIENT_KEY_PASSPHRASE' }, ca: 'ca.pem' };

  it('calls a system that requires a client certificate, with the key\'s passphrase from the environment', async () => {
    const server = await cleanup.department({}, { cert: file('server.pem'), key: file('server.key'), ca: file('ca.pem') });
    const connector = cleanup.connector(
      settings(server, { wsdl: join(__dirname, '../../../fixtures/soap/hrss-social-insurance.wsdl'), auth: tlsAuth }),
      { OWH_CLIENT_KEY_PASSPHRASE: 'key-pass' },
      { catalogRoot: certs.path },
    );
    await expect(connector.send(message())).resolves.toMatchObject({ body: { code: '0000' } });
    expect((await connector.health()).state).toBe('up');
  });

  it('is refused by that system with a certificate it does not know (a retryable transport error), and health is down', async () => {
    const server = await cleanup.department({}, { cert: file('server.pem'), key: file('server.key'), ca: file('ca.pem') });
    const connector = cleanup.connector(
      settings(server, { wsdl: join(__dirname, '../../../fixtures/soap/hrss-social-insurance.wsdl'), auth: { type: 'tls', cert: 'stranger.pem', key: 'stranger.key', ca: 'ca.pem' } }),
      {},
      { catalogRoot: certs.path },
    );
    const error = await rejection(connector.send(message()));
    expect([error.code, error.retryable]).toEqual(['OWH_SEND_NETWORK', true]);
    expect(server.submissions).toHaveLength(0);
    expect((await connector.health()).state).toBe('down');
  });

  it('refuses a system whose certificate does not chain to auth.ca', async () => {
    const server = await cleanup.department({}, { cert: file('stranger.pem'), key: file('stranger.key'), ca: file('ca.pem') });
    const connector = cleanup.connector(settings(server, { wsdl: join(__dirname, '../../../fixtures/soap/hrss-social-insurance.wsdl'), auth: tlsAuth }), { OWH_CLIENT_KEY_PASSPHRASE: 'key-pass' }, { catalogRoot: certs.path });
    const error = await rejection(connector.send(message()));
    expect(error.code).toBe('OWH_SEND_NETWORK');
    expect(server.submissions).toHaveLength(0);
  });

  it('refuses tls auth with an http endpoint, and a certificate file it cannot read, at create()', () => {
    const wsdl = join(__dirname, '../../../fixtures/soap/hrss-social-insurance.wsdl');
    const env = { OWH_CLIENT_KEY_PASSPHRASE: 'key-pass' };
    expect(() => cleanup.connector({ wsdl, endpoint: 'http://127.0.0.1:9/ws', operation: 'SubmitApplication', auth: tlsAuth }, env, { catalogRoot: certs.path }))
      .toThrow(expect.objectContaining({ code: 'OWH_CATALOG_INVALID', message: expect.stringContaining('auth tls needs an https endpoint') }));
    expect(() => cleanup.connector({ wsdl, endpoint: 'https://127.0.0.1:9/ws', operation: 'SubmitApplication', auth: { ...tlsAuth, cert: 'missing.pem' } }, env, { catalogRoot: certs.path }))
      .toThrow(expect.objectContaining({ code: 'OWH_CONFIG_NOT_FOUND', message: expect.stringContaining('auth.cert') }));
  });
});
