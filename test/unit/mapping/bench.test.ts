import jsonata from 'jsonata';
import { benchCases, benchSpec, handWrittenMapping, jsonataExpression, runMappingBench } from '../../../bench/mapping.bench';
import { compileMapping } from '../../../src/mapping';

describe('the mapping benchmark', () => {
  test('compares three implementations that give the same output', async () => {
    const [c] = benchCases(1);
    const engine = compileMapping(benchSpec)(c);
    expect(engine).toMatchObject({ ywlsh: 'NB20261128000001', sqsj: '2026-11-02 01:00:05', zczb: 1005000, gdxx: [{ rjcze: 50025, czbl: '50.00' }, { rjcze: 30010 }, { rjcze: 20015 }] });
    expect(handWrittenMapping(c)).toEqual(engine);
    const bindings = { channels: { window: '01', web: '02', app: '03', kiosk: '04' }, genders: { '1': '男', '2': '女' }, shareholderTypes: { person: '1', company: '2' } };
    expect(JSON.parse(JSON.stringify(await jsonata(jsonataExpression).evaluate(c, bindings)))).toEqual(engine);
  });

  test('runs with a fixed number of iterations and reports ops/s for each', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const result = await runMappingBench({ iterations: 30 });
    log.mockRestore();
    expect(result.engineOpsPerSec).toBeGreaterThan(0);
    expect(result.handWrittenOpsPerSec).toBeGreaterThan(0);
    expect(result.jsonataOpsPerSec).toBeGreaterThan(0);
  });
});
