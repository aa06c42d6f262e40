import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulators } from '../../../examples/demo-city/simulators';
import { AMR_PATH, CATALOG, Client, FakeHub, govCase, startTestFleet, TOKENS } from './helpers';

describe('the simulator fleet', () => {
  let hub: FakeHub;
  const client = new Client();

  beforeAll(async () => {
    hub = await new FakeHub().start();
  });
  afterAll(async () => {
    await hub.close();
    await client.close();
  });

  it('starts one simulator per REST connector listed in simulators.yaml, one per district instance', async () => {
    const fleet = await startTestFleet({ hubUrl: hub.url });
    try {
      expect(fleet.simulators.map((s) => s.connectorId).sort()).toEqual(['amr-registration', 'civil-marriage@330203', 'civil-marriage@330205', 'housing-fund']);
      const ports = fleet.simulators.map((s) => new URL(s.url).port);
      expect(new Set(ports).size).toBe(4);
      expect(fleet.simulators.every((s) => new URL(s.url).hostname === '127.0.0.1')).toBe(true);
      expect(fleet.connectorOverrides()).toEqual(Object.fromEntries(fleet.simulators.map((s) => [s.connectorId, { baseUrl: s.url }])));
      expect(fleet.get('land-approval')).toBeUndefined(); // SOAP: not played here
    } finally {
      await fleet.close();
    }
  });

  it('runs each district instance as its own system with its own cases, posting as the one system', async () => {
    const fleet = await startTestFleet({ hubUrl: hub.url, resultDelayMs: 0 });
    try {
      const haishu = fleet.get('civil-marriage@330203')!;
      const jiangbei = fleet.get('civil-marriage@330205')!;
      expect(haishu.system).toBe('civil-marriage');
      const a = await client.post(haishu.url + AMR_PATH, govCase('D-1'), { key: 'D-1:civil-marriage', token: TOKENS.civil });
      const b = await client.post(jiangbei.url + AMR_PATH, govCase('D-2'), { key: 'D-2:civil-marriage', token: TOKENS.civil });
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body.data.sjbh).not.toBe(b.body.data.sjbh); // one numbering for the system
      expect(haishu.stats().appliedByCase).toEqual({ 'D-1': 1 });
      expect(jiangbei.stats().appliedByCase).toEqual({ 'D-2': 1 });
      await fleet.settled(5_000);
      expect(hub.received.filter((r) => r.caseId.startsWith('D-')).every((r) => r.authorization === `Bearer ${TOKENS.civilResults}`)).toBe(true);
      expect(fleet.totals()).toMatchObject({ applied: 2, resultsPosted: 4, maxAppliedPerCase: 1 });
    } finally {
      await fleet.close();
    }
  });

  it('starts only the systems asked for, and refuses systems it cannot play', async () => {
    const fleet = await startTestFleet({ hubUrl: hub.url, systems: ['civil-marriage'] });
    expect(fleet.simulators.map((s) => s.connectorId)).toEqual(['civil-marriage@330203', 'civil-marriage@330205']);
    await fleet.close();
    await expect(startTestFleet({ hubUrl: hub.url, systems: ['land-approval'] })).rejects.toThrow(/soap adapter/);
    await expect(startTestFleet({ hubUrl: hub.url, systems: ['no-such-system'] })).rejects.toThrow(/not in the catalog/);
  });

  it('names the connector and port when a port is taken, and closes the simulators it started', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as AddressInfo).port;
    try {
      await expect(startTestFleet({ hubUrl: hub.url, ports: { '*': 0, 'housing-fund': taken } })).rejects.toThrow(`housing-fund cannot listen on 127.0.0.1:${taken}`);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('reports a REST entry of simulators.yaml without its dialect, with the file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'owh-sim-'));
    const file = join(dir, 'simulators.yaml');
    writeFileSync(file, 'simulators:\n  - { system: amr-registration, dialect: gov, receiptPrefix: SL }\n  - { system: housing-fund, receiptPrefix: HF }\n');
    try {
      await expect(startSimulators({ catalogRoot: CATALOG, simulatorsFile: file, hubUrl: hub.url, ports: { '*': 0 } })).rejects.toMatchObject({
        code: 'OWH_CATALOG_INVALID',
        details: [expect.objectContaining({ pointer: '/simulators/1/dialect', file, line: 3 })],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('close() stops the servers and the results not yet posted', async () => {
    const fleet = await startTestFleet({ hubUrl: hub.url, resultDelayMs: 10_000 });
    const amr = fleet.get('amr-registration')!;
    await client.post(amr.url + AMR_PATH, govCase('X-1'), { key: 'X-1:amr-registration', token: TOKENS.amr });
    expect(amr.stats().resultsPending).toBe(1);
    const before = hub.attempts;
    const started = Date.now();
    await fleet.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(client.get(amr.url + '/')).rejects.toThrow();
    expect(hub.attempts).toBe(before);
    await fleet.close(); // twice is fine
  });
});
