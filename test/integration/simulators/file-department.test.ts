import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { fileAdapter } from '../../../adapters/file';
import type { Connector } from '../../../src/adapters/contract';
import { startSimulators, SimulatorFleet } from '../../../examples/demo-city/simulators';
import { RecordingResultSink } from '../../helpers/connector-context';
import { tempDir } from '../../helpers/temp-dir';
import { casesFor, DEMO_CATALOG, demoCity, demoConnector, eventually, hubResult, kindsByCase, messageFor } from './kinds-helpers';

/**
 * The demo city's file-drop departments (不动产登记: XML; 文化市场: GB18030 CSV), each watching its
 * outbox in a temporary data folder, against the real file adapter: every form each one takes is
 * dropped by the connector, applied once however often it is written, and its results come back
 * as files in the inbox that the connector picks up and the system's result mapping turns into
 * valid hub results naming their case.
 */
describe('the demo city\'s file-drop departments', () => {
  const city = demoCity();
  const dir = tempDir('owh-file-dept-');
  let fleet: SimulatorFleet;
  const connectors: Connector[] = [];

  beforeAll(async () => {
    fleet = await startSimulators({ catalogRoot: DEMO_CATALOG, hubUrl: 'http://127.0.0.1:9', kinds: ['file'], dataDir: dir.path, resultDelayMs: 0, env: {} });
  });
  afterAll(async () => {
    await Promise.all(connectors.map((c) => c.close()));
    await fleet?.close();
    dir.cleanup();
  });

  function connect(systemId: string): { connector: Connector; sink: RecordingResultSink } {
    const made = demoConnector(city, fileAdapter, fleet, systemId, { results: { ...(city.catalog.systems.get(systemId)!.connector!.results as object), pollIntervalMs: 50, stableMs: 0 } });
    connectors.push(made.connector);
    return made;
  }

  it('creates each department\'s outbox and inbox under the data folder, and points the hub there', () => {
    expect(fleet.simulators.map((s) => [s.connectorId, s.kind]).sort()).toEqual([
      ['culture-licensing', 'file'],
      ['nrp-realestate', 'file'],
    ]);
    for (const s of fleet.simulators) {
      const folders = { outbox: join(dir.path, s.system, 'outbox'), inbox: join(dir.path, s.system, 'inbox') };
      expect(fleet.connectorOverrides()[s.connectorId]).toEqual(folders);
      expect(existsSync(folders.outbox) && existsSync(folders.inbox)).toBe(true);
    }
  });

  it('writes the XML and GB18030 CSV case files the departments read', async () => {
    const { connector } = connect('culture-licensing');
    const [envelope] = casesFor(city, 'culture-licensing', 'FILECSV');
    const receipt = await connector.send(messageFor(city, envelope, 'culture-licensing'));
    const file = (receipt.body as { file: string }).file;
    expect(file).toMatch(new RegExp(`^WH_\\d{8}_${envelope.caseId}\\.csv$`));
    expect(city.mappings.response('culture-licensing')!.map(receipt)).toEqual({ receipt: file });
    // The department reads it and files it away in its archive folder.
    const archived = join(dir.path, 'culture-licensing', 'outbox', 'imported', file);
    await eventually(() => existsSync(archived), 5_000, 'the case file archived');
    const text = iconv.decode(readFileSync(archived), 'gb18030');
    expect(text.split('\r\n')[0].split(',').slice(0, 3)).toEqual(['办件编号', '事项编码', '事项名称']);
    expect(text).toContain(envelope.caseId);
    expect(fleet.get('culture-licensing')!.stats().appliedByCase[envelope.caseId]).toBe(1);
  });

  it.each(['nrp-realestate', 'culture-licensing'])('%s takes every form once per case and returns its results through the inbox', async (systemId) => {
    const { connector, sink } = connect(systemId);
    const simulator = fleet.get(systemId)!;
    const cases = casesFor(city, systemId, `FILE${systemId.slice(0, 3).toUpperCase()}`);
    expect(cases.length).toBeGreaterThan(1);
    for (const envelope of cases) {
      const message = messageFor(city, envelope, systemId);
      const first = await connector.send(message);
      expect(city.mappings.response(systemId)!.map(first)).toEqual({ receipt: (first.body as { file: string }).file });
      // Sent again once the department has taken the first: written again, applied once.
      await eventually(() => simulator.stats().appliedByCase[envelope.caseId] === 1, 5_000, `${envelope.caseId} taken`);
      await connector.send({ ...message, attempt: 2 });
    }
    await eventually(() => simulator.stats().duplicatesSuppressed === cases.length, 5_000, 'the re-sent files read');
    for (const envelope of cases) expect(simulator.stats().appliedByCase[envelope.caseId]).toBe(1);

    await connector.start!();
    const caseIds = new Set(cases.map((c) => c.caseId));
    const results = await eventually(() => {
      const mapped = sink.submitted.map((input) => hubResult(city, systemId, input)).filter((r) => caseIds.has(String(r.caseId)));
      const kinds = kindsByCase(mapped);
      return [...caseIds].every((id) => kinds.get(id)?.length === 2) ? mapped : undefined;
    }, 15_000, `the results of ${systemId}`);
    for (const [caseId, kinds] of kindsByCase(results)) expect({ caseId, kinds }).toEqual({ caseId, kinds: ['acceptance', 'completion'] });
    expect(results.find((r) => r.kind === 'completion')!.documents).toEqual([expect.objectContaining({ fileName: expect.stringMatching(/\.pdf$/) })]);
    // Every result file was read and moved to processed/ by the connector; none was refused.
    const inbox = join(dir.path, systemId, 'inbox');
    await eventually(() => readdirSync(inbox).filter((n) => n.startsWith('JG_')).length === 0, 5_000, 'the inbox emptied');
    expect(existsSync(join(inbox, 'error')) ? readdirSync(join(inbox, 'error')) : []).toEqual([]);
    await fleet.settled(5_000);
    expect(simulator.stats()).toMatchObject({ resultsPending: 0, resultsPosted: 2 * simulator.stats().applied });
  });
});
