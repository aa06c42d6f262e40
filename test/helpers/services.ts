import { portOpen } from '../../src/util/net';

export { portOpen };


const SERVICES = {
  rabbitmq: { port: 5672, start: 'rabbitmq-server -detached' },
  postgresql: { port: 5432, start: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start' },
} as const;

/**
 * For tests that need a real service: under CI=true a missing service fails the test (CI starts
 * it); elsewhere the tests are skipped with a message naming what is missing and how to start it,
 * never silently. Jest registers tests synchronously, so a suite checks the port first and
 * calls this from a test (see test/unit/adapters/amqp/fixtures.ts, describeWithBroker).
 */
export async function serviceAvailable(name: keyof typeof SERVICES): Promise<boolean> {
  const service = SERVICES[name];
  if (await portOpen(service.port)) return true;
  const message = `${name} is not reachable on 127.0.0.1:${service.port}; start it with: ${service.start}`;
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: tests that need it must run)`);
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED: ${message}`);
  return false;
}
