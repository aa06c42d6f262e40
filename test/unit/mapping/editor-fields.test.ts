import { mergeFields, sampleFields, schemaFields } from '../../../src/mapping/editor-fields';

describe('the fields a mapping editor shows', () => {
  const schema = {
    type: 'object',
    required: ['applicant', 'items'],
    properties: {
      applicant: { $ref: '#/$defs/person', title: '申请人' },
      items: { type: 'array', items: { type: 'object', required: ['code'], properties: { code: { type: 'string', enum: ['A', 'B'] }, note: { type: 'string' } } } },
      optional: { type: 'object', required: ['inner'], properties: { inner: { type: 'string' } } },
    },
    $defs: { person: { type: 'object', required: ['name'], properties: { name: { type: 'string', title: '姓名' }, phone: { type: 'string', format: 'cn-mobile' } } } },
  };

  it('follows $refs, objects and lists of objects, required only where every parent is', () => {
    const fields = schemaFields(schema, 'system');
    expect(fields.map((f) => [f.path, f.required, f.container ?? ''])).toEqual([
      ['applicant', true, 'object'],
      ['applicant.name', true, ''],
      ['applicant.phone', false, ''],
      ['items', true, 'list'],
      ['items[].code', true, ''],
      ['items[].note', false, ''],
      ['optional', false, 'object'],
      ['optional.inner', false, ''], // required inside an optional object: not required of the document
    ]);
    expect(fields.find((f) => f.path === 'applicant')!.title).toBe('申请人'); // the property's own title over the ref's
    expect(fields.find((f) => f.path === 'applicant.phone')).toMatchObject({ format: 'cn-mobile' });
    expect(fields.find((f) => f.path === 'items[].code')).toMatchObject({ enum: ['A', 'B'] });
  });

  it('adds what a sample holds that no schema names, each under its parent', () => {
    const sample = { applicant: { name: 'x', nickname: 'y' }, items: [{ code: 'A', extra: 1 }], shared: { certificate: { no: 'Z' } } };
    const merged = mergeFields(schemaFields(schema, 'system'), sampleFields(sample));
    const paths = merged.map((f) => f.path);
    expect(paths.indexOf('applicant.nickname')).toBe(paths.indexOf('applicant.phone') + 1);
    expect(paths.indexOf('items[].extra')).toBe(paths.indexOf('items[].note') + 1);
    expect(merged.find((f) => f.path === 'shared.certificate.no')).toMatchObject({ origin: 'sample', type: 'string' });
    expect(merged.find((f) => f.path === 'applicant.name')).toMatchObject({ origin: 'system' }); // the schema's word wins
  });
});
