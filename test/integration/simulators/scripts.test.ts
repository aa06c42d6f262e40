import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileAdapter } from '../../../adapters/file';
import { restAdapter } from '../../../adapters/rest';
import { soapAdapter } from '../../../adapters/soap';
import type { AdapterSpec, Connector } from '../../../src/adapters/contract';
import { idempotencyKey } from '../../../src/model/case';
import { startSimulators, SimulatorFleet } from '../../../examples/demo-city/simulators';
import type { RecordingResultSink } from '../../helpers/connector-context';
import { tempDir } from '../../helpers/temp-dir';
import { Client, FakeHub } from './helpers';
import { casesFor, DEMO_CATALOG, demoCity, demoConnector, eventually, hubResult, messageFor } from './kinds-helpers';

/* eslint-disable @typescript-eslint/no-explicit-any */

const MAPPINGS = join(DEMO_CATALOG, 'mappings');
const json = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));
const MATERIALS = [{ name: '节能报告', note: '须加盖建设单位公章' }, { name: '项目选址意见书' }];

/**
 * A test scripts a department's results for one case instead of its seeded decisions: a refusal,
 * a denial, a request for more material (补正) after which the department waits for the hub's
 * supplement before it goes on, or a lead that waits for its co-handlers' opinions. Each kind
 * writes the request for more material its own way, and the system's result mapping turns it into
 * the hub's result of kind `supplement`.
 */
describe('scripted departments', () => {
  const city = demoCity();
  const dir = tempDir('owh-scripts-');
  let hub: FakeHub;
  let fleet: SimulatorFleet;
  const connectors: Connector[] = [];
  const client = new Client();
  let n = 0;

  beforeAll(async () => {
    hub = await new FakeHub().start();
    fleet = await startSimulators({ catalogRoot: DEMO_CATALOG, hubUrl: hub.url, ports: { '*': 0 }, kinds: ['rest', 'soap', 'file'], dataDir: dir.path, resultDelayMs: 0, env: {} });
  });
  afterAll(async () => {
    await Promise.all(connectors.map((c) => c.close()));
    await fleet?.close();
    await hub?.close();
    await client.close();
    dir.cleanup();
  });

  function connect(adapter: AdapterSpec<any>, systemId: string, extra: Record<string, unknown> = {}): { connector: Connector; sink: RecordingResultSink } {
    const made = demoConnector(city, adapter, fleet, systemId, extra);
    connectors.push(made.connector);
    return made;
  }

  /** The results the fake hub took for a case, through the system's result mapping, once `count` are there. */
  async function posted(systemId: string, caseId: string, count: number): Promise<Array<Record<string, any>>> {
    const bodies = await eventually(() => {
      const mine = hub.received.filter((r) => r.caseId === caseId);
      return mine.length >= count ? mine : undefined;
    }, 5_000, `${count} results of ${caseId}`);
    return bodies.map((r) => hubResult(city, systemId, { body: r.body }));
  }

  /** The hub's supplement for a case, sent to a system through its connector (its supplement mapping, if it has one). */
  function supplementMessage(systemId: string, caseId: string, itemCode: string) {
    const doc = { ...json(join(MAPPINGS, 'nrp-land', 'supplement', 'fixtures', 'sample.input.json')), caseId, itemCode };
    const mapping = city.catalog.systems.get(systemId)!.supplementMapping;
    return {
      idempotencyKey: idempotencyKey(caseId, systemId, 'supplement', doc.supplementId),
      operation: 'supplement',
      caseId,
      itemCode,
      systemId,
      deliveryId: ++n,
      attempt: 1,
      payload: mapping ? city.mappings.get(mapping).map(doc) : doc,
    };
  }

  function opinionMessage(systemId: string, caseId: string, itemCode: string, ref: string) {
    const doc = { ...json(join(MAPPINGS, systemId, 'opinion', 'fixtures', 'agree.input.json')), caseId, itemCode };
    return {
      idempotencyKey: idempotencyKey(caseId, systemId, 'opinion', ref),
      operation: 'opinion',
      caseId,
      itemCode,
      systemId,
      deliveryId: ++n,
      attempt: 1,
      payload: city.mappings.get(city.catalog.systems.get(systemId)!.opinionMapping!).map(doc),
    };
  }

  it('a gov REST department accepts, asks for more material, and decides only once the supplement has come', async () => {
    const { connector } = connect(restAdapter, 'drc-projects');
    const [envelope] = casesFor(city, 'drc-projects', 'SCRGOV');
    fleet.script('drc-projects', envelope.caseId, { supplement: { reason: '请补正节能报告和项目选址意见书', materials: MATERIALS } });
    await connector.send(messageFor(city, envelope, 'drc-projects'));

    const first = await posted('drc-projects', envelope.caseId, 2);
    expect(first.map((r) => r.kind)).toEqual(['acceptance', 'supplement']);
    expect(first[1]).toMatchObject({ kind: 'supplement', outcome: 'requested', reason: '请补正节能报告和项目选址意见书', materials: MATERIALS });
    const raw = hub.received.filter((r) => r.caseId === envelope.caseId)[1].body;
    expect(raw).toMatchObject({ jglx: 'bz', jgdm: '05', bzcl: [{ clmc: '节能报告', sm: '须加盖建设单位公章' }, { clmc: '项目选址意见书' }] });

    // It waits: no completion until the hub sends the material.
    await sleep(150);
    expect(hub.received.filter((r) => r.caseId === envelope.caseId)).toHaveLength(2);
    expect(fleet.get('drc-projects')!.stats().resultsPending).toBe(1);

    await connector.send(supplementMessage('drc-projects', envelope.caseId, envelope.itemCode));
    const all = await posted('drc-projects', envelope.caseId, 3);
    expect(all.map((r) => r.kind)).toEqual(['acceptance', 'supplement', 'completion']);
    expect(fleet.supplementsReceived('drc-projects', envelope.caseId)).toHaveLength(1);
    await eventually(() => fleet.get('drc-projects')!.stats().resultsPending === 0, 2_000, 'nothing left to post');
  });

  it('an open REST department asks before accepting, then denies as scripted', async () => {
    const { connector } = connect(restAdapter, 'housing-construction');
    const [envelope] = casesFor(city, 'housing-construction', 'SCROPEN');
    fleet.script('housing-construction', envelope.caseId, {
      supplement: { reason: '施工合同缺少签章页', materials: [{ name: '施工合同（含签章页）' }], stage: 'before-acceptance' },
      completion: { outcome: 'denied', reason: '建设工程规划许可证已过有效期' },
    });
    await connector.send(messageFor(city, envelope, 'housing-construction'));
    const [request] = await posted('housing-construction', envelope.caseId, 1);
    expect(request).toMatchObject({ kind: 'supplement', outcome: 'requested', materials: [{ name: '施工合同（含签章页）' }] });
    expect(hub.received.find((r) => r.caseId === envelope.caseId)!.body).toMatchObject({ stage: 'SUPPLEMENT', decision: 'REQUESTED', requiredMaterials: [{ name: '施工合同（含签章页）' }] });
    await sleep(100);
    expect(hub.received.filter((r) => r.caseId === envelope.caseId)).toHaveLength(1);

    await connector.send(supplementMessage('housing-construction', envelope.caseId, envelope.itemCode));
    const all = await posted('housing-construction', envelope.caseId, 3);
    expect(all.map((r) => [r.kind, r.outcome])).toEqual([['supplement', 'requested'], ['acceptance', 'accepted'], ['completion', 'denied']]);
    expect(all[2].reason).toBe('建设工程规划许可证已过有效期');
  });

  it('a lead waits for its co-handlers\' opinions before its completion', async () => {
    const { connector } = connect(restAdapter, 'nrp-land');
    const envelope = casesFor(city, 'nrp-land', 'SCRLEAD').find((c) => c.itemCode === 'XK00301001')!;
    fleet.script('nrp-land', envelope.caseId, { waitForOpinions: 2 });
    await connector.send(messageFor(city, envelope, 'nrp-land'));
    expect((await posted('nrp-land', envelope.caseId, 1)).map((r) => r.kind)).toEqual(['acceptance']);

    await connector.send(opinionMessage('nrp-land', envelope.caseId, envelope.itemCode, 'drc'));
    await sleep(100);
    expect(hub.received.filter((r) => r.caseId === envelope.caseId)).toHaveLength(1);
    await connector.send(opinionMessage('nrp-land', envelope.caseId, envelope.itemCode, 'housing'));
    const all = await posted('nrp-land', envelope.caseId, 2);
    expect(all.map((r) => r.kind)).toEqual(['acceptance', 'completion']);
    expect(fleet.opinionsReceived('nrp-land', envelope.caseId).map((m) => m.idempotencyKey)).toEqual([
      `${envelope.caseId}:nrp-land:opinion:drc`,
      `${envelope.caseId}:nrp-land:opinion:housing`,
    ]);
  });

  it('scripts every instance of a system by its id, or one by its connector id, and refuses what it cannot play', async () => {
    const caseId = 'NBSCRIPT000001';
    fleet.script('civil-marriage', caseId, { acceptance: { outcome: 'rejected' } });
    const instances = fleet.simulators.filter((s) => s.system === 'civil-marriage');
    expect(instances).toHaveLength(10);
    fleet.script('civil-marriage@330203', 'NBSCRIPT000002', { completion: { outcome: 'approved' } });
    expect(() => fleet.script('no-such-system', caseId, {})).toThrow(expect.objectContaining({ code: 'OWH_USAGE' }));
    expect(() => fleet.script('nrp-land', caseId, { acceptance: { outcome: 'approved' } } as never)).toThrow(expect.objectContaining({ code: 'OWH_USAGE', message: expect.stringContaining('acceptance.outcome') }));
    expect(() => fleet.script('nrp-land', caseId, { supplement: { reason: '', materials: [] } })).toThrow(expect.objectContaining({ code: 'OWH_USAGE' }));
    expect(() => fleet.script('nrp-land', caseId, { waitForOpinions: 0 })).toThrow(expect.objectContaining({ code: 'OWH_USAGE' }));

    // The scripted refusal, with a reason of its own, from whichever district takes the case.
    const [envelope] = casesFor(city, 'civil-marriage', 'SCRCIVIL');
    fleet.script('civil-marriage', envelope.caseId, { acceptance: { outcome: 'rejected', reason: '当事人双方须共同到场' } });
    const delivery = messageFor(city, { ...envelope, jurisdiction: '330212' }, 'civil-marriage');
    const answer = await client.post(`${fleet.get('civil-marriage@330212')!.url}/api/hydj/sqxx`, delivery.payload, { key: delivery.idempotencyKey, token: 'demo-token-civil-marriage' });
    expect(answer.status).toBe(200);
    const [result] = await posted('civil-marriage', envelope.caseId, 1);
    expect(result).toMatchObject({ kind: 'acceptance', outcome: 'rejected', reason: '当事人双方须共同到场' });
    await sleep(50);
    expect(hub.received.filter((r) => r.caseId === envelope.caseId)).toHaveLength(1);
  });

  it('takes a script on the REST control API', async () => {
    const sim = fleet.get('amr-licensing')!;
    const [envelope] = casesFor(city, 'amr-licensing', 'SCRHTTP');
    const refused = await client.postJson(`${sim.url}/__sim/scripts/${envelope.caseId}`, { completion: { outcome: 'maybe' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'INVALID_SCRIPT', problems: [expect.stringContaining('completion.outcome')] });
    const taken = await client.postJson(`${sim.url}/__sim/scripts/${envelope.caseId}`, { completion: { outcome: 'denied' } });
    expect(taken.status).toBe(200);
    const { connector } = connect(restAdapter, 'amr-licensing');
    await connector.send(messageFor(city, envelope, 'amr-licensing'));
    const all = await posted('amr-licensing', envelope.caseId, 2);
    expect(all[1]).toMatchObject({ kind: 'completion', outcome: 'denied', reason: expect.any(String) });
  });

  it('a polled SOAP department offers its request for more material to QueryResults, and waits for ReceiveSupplement', async () => {
    const { connector, sink } = connect(soapAdapter, 'psb-household', { poll: { operation: 'QueryResults', intervalMs: 50, args: { maxCount: 100 }, resultsPath: 'results.result' } });
    const [envelope] = casesFor(city, 'psb-household', 'SCRSOAP');
    fleet.script('psb-household', envelope.caseId, { supplement: { reason: '请补正学历证书学信网验证报告', materials: MATERIALS } });
    await connector.send(messageFor(city, envelope, 'psb-household'));
    await connector.start!();
    const mapped = () => {
      const seen = new Map<string, Record<string, any>>();
      for (const input of sink.submitted) {
        const r = hubResult(city, 'psb-household', input);
        if (r.caseId === envelope.caseId) seen.set(String(r.kind), r);
      }
      return seen;
    };
    const before = await eventually(() => (mapped().size >= 2 ? mapped() : undefined), 5_000, 'acceptance and supplement polled');
    expect([...before.keys()]).toEqual(['acceptance', 'supplement']);
    expect(before.get('supplement')).toMatchObject({ outcome: 'requested', reason: '请补正学历证书学信网验证报告', materials: MATERIALS });
    await sleep(150);
    expect(mapped().has('completion')).toBe(false);

    await connector.send(supplementMessage('psb-household', envelope.caseId, envelope.itemCode));
    const after = await eventually(() => (mapped().has('completion') ? mapped() : undefined), 5_000, 'completion polled');
    expect([...after.keys()]).toEqual(['acceptance', 'supplement', 'completion']);
  });

  it.each(['nrp-realestate', 'culture-licensing'])('the file-drop department %s writes its request for more material as a result file, and waits for the supplement file', async (systemId) => {
    const system = city.catalog.systems.get(systemId)!;
    const { connector, sink } = connect(fileAdapter, systemId, { results: { ...(system.connector!.results as object), pollIntervalMs: 50, stableMs: 0 } });
    const [envelope] = casesFor(city, systemId, `SCRFILE${systemId === 'nrp-realestate' ? 'X' : 'C'}`);
    fleet.script(systemId, envelope.caseId, { supplement: { reason: '请补正不动产权籍调查表', materials: MATERIALS } });
    await connector.send(messageFor(city, envelope, systemId));
    await connector.start!();
    const kinds = () => sink.submitted.map((input) => hubResult(city, systemId, input)).filter((r) => r.caseId === envelope.caseId);
    const before = await eventually(() => (kinds().length >= 2 ? kinds() : undefined), 5_000, 'acceptance and supplement files');
    expect(before.map((r) => r.kind)).toEqual(['acceptance', 'supplement']);
    expect(before[1]).toMatchObject({ outcome: 'requested', reason: '请补正不动产权籍调查表', materials: MATERIALS });
    await sleep(150);
    expect(kinds()).toHaveLength(2);

    await connector.send(supplementMessage(systemId, envelope.caseId, envelope.itemCode));
    const after = await eventually(() => (kinds().length >= 3 ? kinds() : undefined), 5_000, 'completion file');
    expect(after.map((r) => r.kind)).toEqual(['acceptance', 'supplement', 'completion']);
    expect(fleet.supplementsReceived(systemId, envelope.caseId)).toHaveLength(1);
  });

  it('a pushing SOAP department calls SubmitResult with kind supplement and the materials', async () => {
    const envelopes: string[] = [];
    const callback: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        envelopes.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
        res.end('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><SubmitResultResponse xmlns="urn:owh:wsdl:results:1"><caseId>x</caseId><status>accepted</status><duplicate>false</duplicate></SubmitResultResponse></soap:Body></soap:Envelope>');
      });
    });
    await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
    const pushing = await startSimulators({ catalogRoot: DEMO_CATALOG, hubUrl: `http://127.0.0.1:${(callback.address() as AddressInfo).port}`, ports: { '*': 0 }, systems: ['eco-eia'], resultDelayMs: 0, env: {} });
    try {
      const { connector } = demoConnector(city, soapAdapter, pushing, 'eco-eia');
      connectors.push(connector);
      const [envelope] = casesFor(city, 'eco-eia', 'SCRPUSH');
      pushing.script('eco-eia', envelope.caseId, { supplement: { reason: '请补正公众参与说明', materials: MATERIALS } });
      await connector.send(messageFor(city, envelope, 'eco-eia'));
      await eventually(() => envelopes.length >= 2, 5_000, 'two SubmitResult calls');
      expect(envelopes[0]).toContain('<kind>acceptance</kind>');
      expect(envelopes[1]).toContain('<kind>supplement</kind><outcome>requested</outcome><reason>请补正公众参与说明</reason>');
      expect(envelopes[1]).toContain('<materials><material><name>节能报告</name><note>须加盖建设单位公章</note></material><material><name>项目选址意见书</name></material></materials>');
      await sleep(100);
      expect(envelopes).toHaveLength(2);
      await connector.send(supplementMessage('eco-eia', envelope.caseId, envelope.itemCode));
      await eventually(() => envelopes.length >= 3, 5_000, 'the completion pushed');
      expect(envelopes[2]).toContain('<kind>completion</kind>');
    } finally {
      await pushing.close();
      await new Promise<void>((resolve) => {
        callback.close(() => resolve());
        callback.closeAllConnections();
      });
    }
  });

  it('a reset forgets scripts and messages and stops the waits', async () => {
    const sim = fleet.get('hrss-employment')!;
    const { connector } = connect(restAdapter, 'hrss-employment');
    const [envelope] = casesFor(city, 'hrss-employment', 'SCRRESET');
    fleet.script('hrss-employment', envelope.caseId, { waitForOpinions: 5 });
    await connector.send(messageFor(city, envelope, 'hrss-employment'));
    await posted('hrss-employment', envelope.caseId, 1);
    expect(sim.stats().resultsPending).toBe(1);
    sim.reset();
    await eventually(() => sim.stats().resultsPending === 0, 2_000, 'the wait given up');
    expect(sim.stats()).toMatchObject({ opinionsReceived: 0, supplementsReceived: 0, applied: 0 });
  });
});
