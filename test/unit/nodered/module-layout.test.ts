import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './support';

const moduleDir = join(repoRoot, 'nodered');
const pkg = JSON.parse(readFileSync(join(moduleDir, 'package.json'), 'utf8'));

describe('the Node-RED module nodered/', () => {
  it('is a private node-red module for Node-RED 4 listing each node', () => {
    expect(pkg).toMatchObject({ name: 'node-red-contrib-onewindow-hub', private: true, 'node-red': { version: '>=4.0.0' } });
    expect(Object.keys(pkg['node-red'].nodes)).toEqual(['owh-hub', 'owh-map', 'owh-deliver', 'owh-result', 'owh-lookup', 'owh-case-in']);
  });

  it.each(Object.entries(pkg['node-red'].nodes as Record<string, string>))('%s is a pair of runtime and editor files registering the same type, with an edit form and help', (type, file) => {
    const js = readFileSync(join(moduleDir, file), 'utf8');
    const htmlFile = join(moduleDir, file.replace(/\.js$/, '.html'));
    expect(existsSync(htmlFile)).toBe(true);
    const html = readFileSync(htmlFile, 'utf8');
    expect(js).toContain(`registerType('${type}'`);
    expect(html).toContain(`registerType('${type}'`);
    expect(html).toContain(`data-template-name="${type}"`);
    expect(html).toContain(`data-help-name="${type}"`);
    expect(js).not.toMatch(/\bvar\s/);
  });
});
