import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { requiredPaths } from '../../../../src/onboarding/coverage';
import { readlinePrompter } from '../../../../src/onboarding/onboard';
import { readTargetSchema } from '../../../../src/onboarding/onboard/target-schema';
import { tempDir } from '../../../helpers/temp-dir';

/** The system schemas `owh onboard --schema` takes, and its prompts on a real stream. */
describe('owh onboard: the system\'s own schema', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());
  const file = (name: string, content: unknown) => {
    const path = join(dir.path, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('takes the JSON request body of an OpenAPI 3 document, the path\'s POST first, with $refs resolved', () => {
    const doc = {
      openapi: '3.0.3',
      paths: {
        '/api/v1/status': { get: { responses: {} } },
        '/api/v1/other': { put: { requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['x'], properties: { x: { type: 'string' } } } } } } } },
        '/api/v1/applications': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Application' } } } } } },
      },
      components: { schemas: {
        Application: { type: 'object', required: ['applicationNo', 'applicant'], properties: { applicationNo: { type: 'string' }, applicant: { $ref: '#/components/schemas/Person' } } },
        Person: { type: 'object', required: ['name', 'idNumber'], properties: { name: { type: 'string' }, idNumber: { type: 'string' } } },
      } },
    };
    const target = readTargetSchema(file('openapi.json', doc), '/api/v1/applications');
    expect(target.source).toBe('openapi POST /api/v1/applications');
    expect(requiredPaths(target.schema)).toEqual(['applicationNo', 'applicant.name', 'applicant.idNumber']);
    // Without a path, the first operation that has a JSON body.
    expect(readTargetSchema(file('openapi2.json', doc)).source).toBe('openapi PUT /api/v1/other');
  });

  it('infers a schema from a sample payload: every key required, types from the values', () => {
    const target = readTargetSchema(file('sample.json', { ywlsh: 'NB1', sqr: { xm: '王', nl: 30 }, cl: [{ url: 'http://x' }], bz: null }));
    expect(target.source).toBe('sample');
    expect(requiredPaths(target.schema)).toEqual(['ywlsh', 'sqr.xm', 'sqr.nl', 'cl[].url', 'bz']);
    expect(target.schema.properties.sqr.properties.nl).toEqual({ type: 'integer' });
  });

  it('takes a JSON Schema as it is, and refuses what is none of these with a clear reason', () => {
    expect(readTargetSchema(file('s.json', { type: 'object', properties: { a: {} } })).source).toBe('json-schema');
    expect(() => readTargetSchema(file('bad.json', '[1, 2]'))).toThrow(/is not an object/);
    expect(() => readTargetSchema(file('broken.json', '{ nope'))).toThrow(/cannot be read/);
    expect(() => readTargetSchema(file('empty-api.json', { openapi: '3.1.0', paths: {} }))).toThrow(/no operation with a JSON request body/);
  });

  it('asks on a terminal stream and takes the default for an empty answer', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const prompter = readlinePrompter(input, output);
    const asked = prompter.ask('Department', 'nrp');
    input.write('drc\n');
    expect(await asked).toBe('drc');
    const kept = prompter.confirm('Overwrite mapping.yaml?', false);
    input.write('\n');
    expect(await kept).toBe(false);
    const yes = prompter.confirm('Overwrite mapping.yaml?', false);
    input.write('y\n');
    expect(await yes).toBe(true);
    prompter.close();
  });
});
