import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as soap from 'soap';
import { fileAdapter } from '../../../adapters/file';
import { restAdapter } from '../../../adapters/rest';
import { soapAdapter } from '../../../adapters/soap';
import type { AdapterSpec, Connector, OutboundMessage } from '../../../src/adapters/contract';
import { idempotencyKey } from '../../../src/model/case';
import { startSimulators, SimulatorFleet } from '../../../examples/demo-city/simulators';
import { tempDir } from '../../helpers/temp-dir';
import { Client } from './helpers';
import { DEMO_CATALOG, demoCity, demoConnector, eventually } from './kinds-helpers';

/* eslint-disable @typescript-eslint/no-explicit-any */

const MAPPINGS = join(DEMO_CATALOG, 'mappings');
const SAMPLES = join(DEMO_CATALOG, '..', 'samples');
const json = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));

/**
 * The demo city's departments take the hub's other messages about a case: a co-handler's opinion
 * for the lead (operation `opinion`) and material supplied later (operation `supplement`), through
 * the real REST, SOAP and file connectors and the systems' own mappings; each key once, recorded
 * per case with the payload as received. And 社会保险业务系统 answers the certificate lookup
 * (数据共享) from its register, through the lookup's request and answer mappings.
 */
describe('the demo city\'s departments take opinions, supplements and lookups', () => {
  const city = demoCity();
  const dir = tempDir('owh-messages-');
  let fleet: SimulatorFleet;
  const connectors: Connector[] = [];
  const client = new Client();
  let n = 0;

  beforeAll(async () => {
    fleet = await startSimulators({ catalogRoot: DEMO_CATALOG, hubUrl: 'http://127.0.0.1:9', ports: { '*': 0 }, kinds: ['rest', 'soap', 'file'], dataDir: dir.path, postResults: false, env: {} });
  });
  afterAll(async () => {
    await Promise.all(connectors.map((c) => c.close()));
    await fleet?.close();
    await client.close();
    dir.cleanup();
  });

  function connect(adapter: AdapterSpec<any>, systemId: string): Connector {
    const { connector } = demoConnector(city, adapter, fleet, systemId);
    connectors.push(connector);
    return connector;
  }

  /** A message of the hub about a case: the document mapped by `mapping` (or as it is). */
  function message(systemId: string, operation: string, document: any, ref: string, mapping?: string): OutboundMessage {
    return {
      idempotencyKey: idempotencyKey(document.caseId, systemId, operation as 'opinion', ref),
      operation,
      caseId: document.caseId,
      itemCode: document.itemCode,
      systemId,
      deliveryId: ++n,
      attempt: 1,
      payload: mapping ? city.mappings.get(mapping).map(document) : document,
    };
  }

  const opinion = (system: string, fixture = 'agree'): any => json(join(MAPPINGS, system, 'opinion', 'fixtures', `${fixture}.input.json`));
  const supplement = (system: string): any => json(join(MAPPINGS, system, 'supplement', 'fixtures', 'sample.input.json'));

  it('a gov-dialect REST lead takes an opinion in its own words at …/xbyj, once per key', async () => {
    const connector = connect(restAdapter, 'nrp-land');
    const doc = { ...opinion('nrp-land'), caseId: 'NBMSG0000001' };
    const sent = message('nrp-land', 'opinion', doc, 'R1', city.catalog.systems.get('nrp-land')!.opinionMapping);
    const first = await connector.send(sent);
    expect(first.body).toEqual({ code: '0000', msg: '成功', data: { sjbh: expect.stringMatching(/^ZRGTYJ[0-9]{14}$/) } });
    expect(city.mappings.response('nrp-land')!.map(first)).toEqual({ receipt: (first.body as any).data.sjbh });
    const again = await connector.send({ ...sent, attempt: 2 });
    expect(again.body).toEqual(first.body);

    const received = fleet.get('nrp-land')!.opinionsReceived(doc.caseId);
    expect(received).toEqual([
      { operation: 'opinion', caseId: doc.caseId, idempotencyKey: `${doc.caseId}:nrp-land:opinion:R1`, receipt: (first.body as any).data.sjbh, receivedAt: expect.any(String), payload: sent.payload },
    ]);
    expect(received[0].payload).toMatchObject({ ywlsh: doc.caseId, xbxt: 'drc-projects', jglx: 'bj', jgdm: '03', yjlx: '2' });
    expect(fleet.opinionsReceived('nrp-land', doc.caseId)).toEqual(received);
    expect(fleet.supplementsReceived('nrp-land', doc.caseId)).toEqual([]);
    expect(fleet.get('nrp-land')!.stats()).toMatchObject({ opinionsReceived: 1, messagesRepeated: 1, applied: 0, received: 0 });

    // …and shows them on its control API.
    const shown = await client.get(`${fleet.get('nrp-land')!.url}/__sim/cases/${doc.caseId}/messages`);
    expect(shown.body).toEqual({ caseId: doc.caseId, opinions: received, supplements: [] });
  });

  it('an open-dialect REST system takes the hub\'s documents as they are, under the application', async () => {
    const connector = connect(restAdapter, 'housing-construction');
    const doc = { ...supplement('nrp-land'), caseId: 'NBMSG0000002' };
    const answer = await connector.send(message('housing-construction', 'supplement', doc, 'S1'));
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ receiptNo: expect.stringMatching(/^ZJJSBZ[0-9]{14}$/), status: 'RECEIVED' });
    const [received] = fleet.supplementsReceived('housing-construction', doc.caseId);
    expect(received).toMatchObject({ operation: 'supplement', caseId: doc.caseId, payload: doc });
    expect(fleet.get('housing-construction')!.stats().supplementsReceived).toBe(1);
  });

  it('refuses a message without the token or the key, and a key used again for another body', async () => {
    const sim = fleet.get('drc-projects')!;
    const url = `${sim.url}/api/tzxm/xbyj`;
    const doc = { ywlsh: 'NBMSG0000003', jglx: 'sl', jgdm: '01' };
    const token = 'demo-token-drc-projects';
    expect((await client.post(url, doc, { key: 'NBMSG0000003:drc-projects:opinion:1' })).status).toBe(401);
    expect((await client.post(url, doc, { token })).status).toBe(400);
    expect((await client.post(url, doc, { token, key: 'NBMSG0000003:drc-projects:opinion:1' })).status).toBe(200);
    const reused = await client.post(url, { ...doc, jgdm: '02' }, { token, key: 'NBMSG0000003:drc-projects:opinion:1' });
    expect(reused.status).toBe(409);
    expect(sim.opinionsReceived('NBMSG0000003')).toHaveLength(1);
  });

  it.each([
    ['psb-household', 'opinion'],
    ['eco-eia', 'supplement'],
  ])('the SOAP system %s takes the %s message by its WSDL operation, once per key', async (systemId, operation) => {
    const connector = connect(soapAdapter, systemId);
    const system = city.catalog.systems.get(systemId)!;
    const doc = { ...(operation === 'opinion' ? opinion(systemId, 'more-material') : supplement(systemId)), caseId: `NBMSG${systemId === 'eco-eia' ? '0000005' : '0000004'}` };
    const sent = message(systemId, operation, doc, 'X1', operation === 'opinion' ? system.opinionMapping : system.supplementMapping);
    const first = await connector.send(sent);
    expect(first.body).toMatchObject({ sjbh: expect.stringMatching(/^[A-Z]+(YJ|BZ)[0-9]{14}$/), code: '0000' });
    expect(city.mappings.response(systemId)!.map(first)).toEqual({ receipt: (first.body as any).sjbh });
    await connector.send({ ...sent, attempt: 2 });
    const sim = fleet.get(systemId)!;
    const received = operation === 'opinion' ? sim.opinionsReceived(doc.caseId) : sim.supplementsReceived(doc.caseId);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ operation, caseId: doc.caseId, idempotencyKey: sent.idempotencyKey, receipt: (first.body as any).sjbh });
    expect(received[0].payload).toMatchObject({ ywlsh: doc.caseId, sxbm: doc.itemCode });
    if (operation === 'opinion') expect(received[0].payload).toMatchObject({ jglx: 'bz', jgdm: '05', yjlx: '4', bzcl: expect.anything() });
    else expect(received[0].payload).toMatchObject({ bzbh: doc.supplementId, cl: expect.anything() });
    expect(sim.stats()).toMatchObject({ messagesRepeated: 1, applied: 0 });
  });

  it('answers the certificate lookup from its register: only the ID number and name leave the hub, and the hub keeps its allow-list', async () => {
    const item = city.catalog.items.get('XK00303002')!;
    const [lookup] = item.lookups!;
    const connector = connect(soapAdapter, lookup.system);
    const sample = json(join(SAMPLES, 'nrp-construction-planning-permit.XK00303002.case.json'));
    const request = city.mappings.get(lookup.request).map(sample) as Record<string, unknown>;
    expect(Object.keys(request).sort()).toEqual(['caseId', 'idNumber', 'name', 'purpose']);
    const answer = await connector.send({
      idempotencyKey: idempotencyKey(sample.caseId, lookup.system, 'lookup', lookup.name),
      operation: lookup.operation,
      caseId: sample.caseId,
      itemCode: sample.itemCode,
      systemId: lookup.system,
      deliveryId: ++n,
      attempt: 1,
      payload: request,
    });
    expect(answer.body).toMatchObject({ found: true, code: '0000', certificate: { idNumber: sample.applicant.idNumber, name: sample.applicant.name, insured: true, currentEmployer: expect.any(String) } });
    const kept = city.mappings.get(lookup.answer).map(answer) as Record<string, unknown>;
    expect(kept).toEqual({ certificateNo: expect.stringMatching(/^SBZM[0-9]{10}$/), insured: true, monthsPaid: expect.any(Number), validUntil: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });

    // What the request mapping of the item's lead makes of it.
    const target = item.targets[0];
    const payload = city.mappings.get(target.mapping!).map({ ...sample, shared: { [lookup.name]: kept } }) as any;
    expect(payload.sbzm).toMatchObject({ sbzmbh: kept.certificateNo, cbzt: '1', jfys: kept.monthsPaid });

    const [call] = fleet.get(lookup.system)!.lookupsAnswered();
    expect(call).toMatchObject({ operation: 'certificate', caseId: sample.caseId, args: { idNumber: sample.applicant.idNumber, name: sample.applicant.name } });
    expect(JSON.stringify(call.args)).not.toContain(sample.applicant.phone);
    expect(fleet.get(lookup.system)!.stats().lookupsAnswered).toBe(1);
  });

  it('answers found: false, not a fault, for someone the register does not know', async () => {
    const sim = fleet.get('hrss-social-insurance')!;
    const soapClient = await soap.createClientAsync(join(DEMO_CATALOG, 'wsdl', 'hrss-social-insurance.wsdl'), { endpoint: sim.url });
    soapClient.setSecurity(new soap.WSSecurity('owh', 'demo-soap-hrss-social-insurance', { passwordType: 'PasswordText', hasTimeStamp: false }));
    const [result] = await soapClient.QueryCertificateAsync({ idNumber: '330281197506010011', name: '无此人' });
    expect(result).toMatchObject({ found: false, code: '0000' });
    expect(result.certificate).toBeUndefined();
    // A wrong password is refused, as for cases.
    soapClient.setSecurity(new soap.WSSecurity('owh', 'wrong', { passwordType: 'PasswordText', hasTimeStamp: false }));
    await expect(soapClient.QueryCertificateAsync({ idNumber: '330281197506010011', name: '无此人' })).rejects.toThrow(/FailedAuthentication|身份认证失败/);
  });

  it('a file-drop lead reads an opinion file from its outbox, once per file', async () => {
    const connector = connect(fileAdapter, 'nrp-realestate');
    const system = city.catalog.systems.get('nrp-realestate')!;
    const doc = { ...opinion('nrp-realestate', 'disagree'), caseId: 'NBMSG0000006' };
    const sent = message('nrp-realestate', 'opinion', doc, 'F1', system.opinionMapping);
    const receipt = await connector.send(sent);
    const file = (receipt.body as { file: string }).file;
    expect(file).toMatch(/^XBYJ_NBMSG0000006_[0-9a-f]{12}\.xml$/);
    const sim = fleet.get('nrp-realestate')!;
    const [received] = await eventually(() => (sim.opinionsReceived(doc.caseId).length > 0 ? sim.opinionsReceived(doc.caseId) : undefined), 5_000, 'the opinion file read');
    expect(received).toMatchObject({ operation: 'opinion', caseId: doc.caseId, idempotencyKey: file, file, payload: { ywlsh: doc.caseId, jglx: 'sl', jgdm: '02', yjlx: '3' } });
    const archived = join(dir.path, 'nrp-realestate', 'outbox', 'imported', file);
    await eventually(() => existsSync(archived), 5_000, 'the opinion file archived');
    // Written again (a re-send after a lost answer): taken as a repeat.
    writeFileSync(join(dir.path, 'nrp-realestate', 'outbox', file), readFileSync(archived));
    await eventually(() => sim.stats().messagesRepeated === 1, 5_000, 'the repeat seen');
    expect(sim.opinionsReceived(doc.caseId)).toHaveLength(1);
    expect(sim.stats()).toMatchObject({ opinionsReceived: 1, applied: 0, received: 0 });
  });

  it('a CSV file-drop lead reads a supplement file too (its row is its case layout)', async () => {
    const connector = connect(fileAdapter, 'culture-licensing');
    const doc = { ...supplement('nrp-land'), caseId: 'NBMSG0000007' };
    const receipt = await connector.send(message('culture-licensing', 'supplement', doc, 'F2'));
    const file = (receipt.body as { file: string }).file;
    expect(file).toMatch(/^BZCL_NBMSG0000007_[0-9a-f]{12}\.csv$/);
    const sim = fleet.get('culture-licensing')!;
    await eventually(() => sim.supplementsReceived(doc.caseId).length === 1, 5_000, 'the supplement file read');
    await eventually(() => readdirSync(join(dir.path, 'culture-licensing', 'outbox', 'imported')).includes(file), 5_000, 'the supplement file archived');
  });
});
