import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { compileMapping, MappingSpec } from '../../../src/mapping';

/** The worked example of docs/mapping.md is run as written, so the docs cannot drift from the engine. */
test('the worked example in docs/mapping.md gives the output the docs show', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'mapping.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## A worked example'));
  const spec = parse(/```yaml\n([\s\S]*?)```/.exec(section)![1]) as MappingSpec;
  const expected = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]);
  const map = compileMapping(spec, { codeTables: { shareholderType: { person: '1', company: '2' } } });
  const source = {
    caseId: 'NB20261128000001',
    submittedAt: '2026-11-28T17:30:00Z',
    applicant: { type: 'person', name: '张三', idType: 'resident-id', idNumber: '330203198503071238' },
    form: {
      applicant: { name: ' 张三 ', gender: '1', birthDate: '1985年3月7日' },
      shareholders: [
        { name: '张三', type: 'person', contribution: '500.25' },
        { name: '宁波示例投资有限公司', type: 'company', contribution: 300 },
      ],
      address: { city: '宁波市', district: '海曙区', street: '中山西路88号' },
      remarks: '',
    },
  };
  expect(map(source)).toEqual(expected);
});
