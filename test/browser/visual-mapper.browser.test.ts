import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { request } from 'undici';
import { parse } from 'yaml';
import { loadMapping } from '../../src/mapping/load';
import type { MappingSpec } from '../../src/mapping/spec';
import { runMappingFixtures } from '../../src/mapping/fixtures';
import { packageRoot } from '../../src/util/package-root';
import { DEMO_CATALOG, startDemoCity } from '../helpers/demo-city';
import { eventually } from '../helpers/hub-harness';
import { describeWithBrowser, launchBrowser } from '../helpers/browser';
import { tempDir } from '../helpers/temp-dir';

// node-red bundles bcryptjs; the hub takes only hashes, as an administrator would give them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bcrypt = require('bcryptjs') as { hashSync(password: string, rounds: number): string };

jest.setTimeout(120_000);

const ARTIFACTS = resolve(__dirname, '../../test-artifacts');
const PASSWORD = 'visual-mapper-password';
const FOLDER = 'mappings/nrp-land/request/nrp-land-use-planning-permit';
/** The demo flow's owh-map node (flows/nrp-land.json). */
const MAP_NODE = '9a1c5e2f0b7d4c14';
/** The palette's hub nodes (owh-hub is a config node: it lives in the configuration sidebar, not the palette). */
const OWH_NODES = ['owh-map', 'owh-deliver', 'owh-result', 'owh-lookup', 'owh-case-in'];

/** The little of the DOM the in-page checks use (the project compiles without lib "dom"). */
interface BrowserDocument {
  querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null; textContent: string | null }>;
}

/**
 * The whole round trip in real Chromium, as an integration engineer would make it: log in to the
 * hub's embedded editor, find the hub's nodes in the palette, open the demo city's map node, draw
 * one line in the visual mapper, deploy — the mapping file on disk changes and the next case the
 * platform submits reaches the department's simulator mapped the new way; then the file edited by
 * hand shows in the editor after a reload, and a broken file shows with its errors.
 */
describeWithBrowser('the visual mapper in the embedded Node-RED editor', () => {
  const dir = tempDir('owh-visual-mapper-');
  // Laid out as in the repository: the demo's result mappings name the hub's schemas/ by a relative path.
  const catalog = join(dir.path, 'examples/demo-city/catalog');
  const flowsDir = join(dir.path, 'flows');
  const mappingFile = join(catalog, FOLDER, 'mapping.yaml');
  const sample = JSON.parse(readFileSync(join(DEMO_CATALOG, FOLDER, 'fixtures/sample.input.json'), 'utf8'));
  const legalRepresentative: string = sample.applicant.legalRepresentative.name;
  let city: Awaited<ReturnType<typeof startDemoCity>>;
  let browser: Browser | undefined;
  let page: Page;

  const shot = async (name: string) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `visual-mapper-${name}.png`) });
  };
  const targetRow = (path: string) => page.locator(`.owh-mapper-targets li[data-path="${path}"]`);
  const sourceRow = (path: string) => page.locator(`.owh-mapper-sources li[data-path="${path}"]`);
  /** The rule of the mapping file that fills 国土资源审批系统's 联系人 (bdsj.lxr). */
  const contactRule = () => (parse(readFileSync(mappingFile, 'utf8')) as MappingSpec).rules.find((r) => r.to === 'bdsj')!.rules!.find((r) => r.to === 'lxr')!;
  const openMapNode = async () => {
    await page.locator(`g[id="${MAP_NODE}"] .red-ui-flow-node`).dblclick();
    await page.locator('#owh-map-summary .owh-summary-head').waitFor();
  };

  beforeAll(async () => {
    cpSync(DEMO_CATALOG, catalog, { recursive: true });
    cpSync(join(packageRoot(), 'schemas'), join(dir.path, 'schemas'), { recursive: true });
    cpSync(join(packageRoot(), 'flows'), flowsDir, { recursive: true });
    city = await startDemoCity({
      kinds: ['rest'],
      hub: {
        catalog,
        editor: {
          enabled: true,
          path: '/editor',
          nodePath: '/flows-http',
          flowsDir,
          users: [{ username: 'admin', passwordHash: { env: 'OWH_TEST_EDITOR_HASH', demoValue: bcrypt.hashSync(PASSWORD, 4) }, permissions: '*' }],
          credentialSecret: { env: 'OWH_TEST_EDITOR_SECRET', demoValue: 'test-credential-secret' },
        },
      },
    });
    browser = await launchBrowser();
    page = await browser!.newPage({ viewport: { width: 1600, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
    await city?.close();
    dir.cleanup();
  });

  it('logs in and shows the hub\'s nodes in the palette and the demo flow', async () => {
    await page.goto(`${city.hub.url}/editor/`);
    await page.locator('#node-dialog-login-username').fill('admin');
    await page.locator('#node-dialog-login-password').fill(PASSWORD);
    await page.locator('#node-dialog-login-submit').click();
    for (const type of OWH_NODES) await page.locator(`.red-ui-palette-node[data-palette-type="${type}"]`).waitFor();
    await page.locator(`g[id="${MAP_NODE}"]`).waitFor();
    // The node's status comes over the editor's websocket: the mapping loaded.
    await page.locator(`g[id="${MAP_NODE}"] .red-ui-flow-node-status-label`).filter({ hasText: 'request: nrp-land-use-planning-permit' }).waitFor();
    await shot('1-palette-and-flow');
  });

  it('changes one field with the visual mapper, deploys, and the file on disk changes', async () => {
    const before = readFileSync(mappingFile, 'utf8');
    await openMapNode();
    await page.locator('#owh-map-summary').filter({ hasText: 'every required target is mapped' }).waitFor();
    await page.locator('#owh-map-summary').filter({ hasText: 'fixtures: 1/1 pass' }).waitFor();
    await shot('2-edit-panel');

    await page.locator('#owh-map-open-mapper').click();
    await targetRow('bdsj.lxr').waitFor();
    // Both sides come from the schemas: the e-form's fields and the case's, the system's with its titles; the sample's values beside them.
    await sourceRow('form.contactName').filter({ hasText: '联系人' }).waitFor();
    await targetRow('bdsj.lxr').filter({ hasText: sample.form.contactName }).waitFor();
    await targetRow('bdsj.lxr').click(); // selected: its line is drawn even when the source is scrolled away
    await page.locator('fieldset.owh-rule .owh-rule-from').waitFor();
    expect(await page.locator('fieldset.owh-rule .owh-rule-from').inputValue()).toBe('form.contactName');
    expect(await page.locator('path.owh-line.owh-line-selected[data-source="form.contactName"][data-target="bdsj.lxr"]').count()).toBe(1);

    // A required target left unmapped is marked, and Undo brings it back.
    await targetRow('ywlsh').click();
    await page.locator('.owh-rule-remove').first().click();
    await page.locator('.owh-mapper-targets li.owh-unmapped[data-path="ywlsh"]').waitFor();
    await page.locator('.owh-mapper-undo').click();
    await page.locator('.owh-mapper-targets li.owh-mapped[data-path="ywlsh"]:not(.owh-unmapped)').waitFor();

    // A line drawn by dragging the source onto the target (taken back with Undo: one change is the test's).
    await sourceRow('applicant.phone').dragTo(targetRow('bdsj.lxdh'));
    await page.locator('path.owh-line[data-source="applicant.phone"][data-target="bdsj.lxdh"]').waitFor({ state: 'attached' });
    await targetRow('bdsj.lxdh').filter({ hasText: sample.applicant.phone }).waitFor();
    await page.locator('.owh-mapper-undo').click();
    await page.locator('path.owh-line[data-source="form.contactPhone"][data-target="bdsj.lxdh"]').waitFor({ state: 'attached' });

    // Draw the line: the applicant's legal representative is now the contact person.
    await sourceRow('applicant.legalRepresentative.name').click();
    await targetRow('bdsj.lxr').click();
    await page.locator('path.owh-line[data-source="applicant.legalRepresentative.name"][data-target="bdsj.lxr"]').waitFor({ state: 'attached' });
    await targetRow('bdsj.lxr').filter({ hasText: legalRepresentative }).waitFor();
    // The rule keeps its transform; a code table and another transform come from lists.
    expect(await page.locator('fieldset.owh-rule .owh-transform[data-transform="trim"]').count()).toBe(1);
    await page.locator('fieldset.owh-rule .owh-transform-add').selectOption('upper');
    await page.locator('fieldset.owh-rule .owh-transform[data-transform="upper"]').waitFor();
    await page.locator('fieldset.owh-rule .owh-transform[data-transform="upper"] .owh-transform-remove').click();
    await page.locator('fieldset.owh-rule .owh-transform[data-transform="upper"]').waitFor({ state: 'detached' });
    expect(await page.locator('fieldset.owh-rule .owh-rule-map option').allTextContents()).toEqual(expect.arrayContaining(['— none —', expect.stringContaining('idType')]));

    // The fixture no longer matches: the difference is shown, and the engineer accepts the new output.
    const fixture = page.locator('.owh-fixture[data-fixture="sample"]');
    await fixture.filter({ hasText: '/bdsj/lxr' }).waitFor();
    await fixture.locator('.owh-fixture-accept input').check();
    await page.locator('.owh-mapper-output-json').filter({ hasText: legalRepresentative }).waitFor();
    await shot('3-visual-mapper');

    await page.locator('#owh-mapper-done').click();
    await page.locator('#owh-map-summary .owh-summary-pending').waitFor();
    await shot('4-edited-not-deployed');
    await page.locator('#node-dialog-ok').click();
    expect(readFileSync(mappingFile, 'utf8')).toBe(before); // nothing is written before the deploy
    // The editor's Undo takes the mapping edit back with the node's other changes, and Redo brings it back.
    type EditorWindow = { RED: { nodes: { node(id: string): { _owhPending?: unknown } } } };
    const pending = () => page.evaluate((id) => (globalThis as unknown as EditorWindow).RED.nodes.node(id)._owhPending !== undefined, MAP_NODE);
    expect(await pending()).toBe(true);
    await page.locator('#red-ui-workspace-chart').click({ position: { x: 600, y: 500 } });
    await page.keyboard.press('Control+z');
    expect(await pending()).toBe(false);
    await page.keyboard.press('Control+y');
    expect(await pending()).toBe(true);

    // A save the hub refuses at deploy (a code table the spec names went missing meanwhile) loses nothing:
    // the file is untouched, the problems are shown, the edit stays and Deploy lights up again.
    const table = join(catalog, 'code-tables/channel.yaml');
    const tableText = readFileSync(table, 'utf8');
    rmSync(table);
    await page.locator('#red-ui-header-button-deploy').click();
    await page.locator('.red-ui-notification').filter({ hasText: 'was not saved' }).filter({ hasText: '/codeTables/channel/$file' }).waitFor();
    expect(readFileSync(mappingFile, 'utf8')).toBe(before);
    await page.locator('#red-ui-header-button-deploy:not(.disabled)').waitFor();
    writeFileSync(table, tableText);

    await page.locator('#red-ui-header-button-deploy').click();
    await eventually(async () => (contactRule().from === 'applicant.legalRepresentative.name' ? true : undefined), 10_000, 'the mapping file saved on deploy');
    expect(contactRule()).toEqual({ to: 'lxr', from: 'applicant.legalRepresentative.name', transform: [{ trim: true }] });
    const after = readFileSync(mappingFile, 'utf8');
    expect(after).toMatch(/^# Request mapping/); // the file's comments stay
    expect(after).toContain('note: 业务流水号 = the hub case id');
    expect(after.split('\n').filter((line, i) => line !== before.split('\n')[i]).length).toBeLessThanOrEqual(2); // a one-line diff
    await page.locator('.red-ui-notification').filter({ hasText: `Mapping saved: ${FOLDER}/mapping.yaml` }).waitFor();
    await page.locator('#red-ui-header-button-deploy.disabled').waitFor();
    await page.locator('#red-ui-header-shade').waitFor({ state: 'hidden' });
    // The flows file holds no copy of the mapping: one source of truth.
    expect(readFileSync(join(flowsDir, 'nrp-land.json'), 'utf8')).not.toContain('legalRepresentative.name\\"');
    // owh mapping test runs it, and passes with the accepted fixture.
    const results = runMappingFixtures(loadMapping(join(catalog, FOLDER)));
    expect(results).toEqual([expect.objectContaining({ fixture: 'sample', passed: true })]);
    await shot('5-deployed');
  });

  it('maps the next case the new way: the department\'s simulator receives the legal representative as the contact', async () => {
    const caseId = 'NB-VISUAL-MAPPER-1';
    const res = await request(`${city.hub.url}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'demo-key' },
      body: JSON.stringify({ ...sample, caseId }),
      reset: true, // no keep-alive socket left open after the test
    });
    const answer = await res.body.text();
    expect([res.statusCode, answer]).toEqual([202, expect.stringContaining(caseId)]);
    const simulator = city.fleet.get('nrp-land')!;
    const received = await eventually(async () => simulator.caseReceived!(caseId) as { bdsj: { lxr: string } } | undefined, 20_000, 'the case at nrp-land');
    expect(received.bdsj.lxr).toBe(legalRepresentative);
  });

  it('starts a new mapping from an e-form to a system, the system\'s required fields still to map marked red', async () => {
    const folder = 'mappings/psb-household/request/civil-marriage-registration';
    await openMapNode();
    await page.locator('#owh-map-new').click();
    await page.locator('#owh-map-new-form').selectOption('civil-marriage-registration');
    await page.locator('#owh-map-new-system').selectOption('psb-household');
    await page.locator('#owh-map-new-create').click();
    // The skeleton is written at once (no route uses it yet) and the mapper opens on it.
    await targetRow('slsj').waitFor();
    expect(readFileSync(join(catalog, folder, 'mapping.yaml'), 'utf8')).toContain('# UNMAPPED');
    await page.locator('.owh-mapper-targets li.owh-unmapped[data-path="slsj"]').waitFor();
    expect(await page.locator('.owh-mapper-targets li.owh-unmapped').count()).toBeGreaterThan(3);
    // Fields mapped by name are drawn already; the sample case is there to preview on.
    await page.locator('path.owh-line[data-target="ywlsh"]').waitFor({ state: 'attached' });
    await page.locator('.owh-fixture[data-fixture="sample"] .owh-fixture-accept').waitFor();
    await page.evaluate(() => {
      // Earlier steps' notifications would cover the screenshot.
      for (const el of Array.from((globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ remove(): void }> } }).document.querySelectorAll('.red-ui-notification'))) el.remove();
    });
    await shot('7-new-mapping');
    await page.locator('#owh-mapper-cancel').click();
    await page.locator('#node-dialog-cancel').click();
  });

  it('shows a change made to the file by hand after a reload, and a file that fails its schema with its errors', async () => {
    writeFileSync(mappingFile, readFileSync(mappingFile, 'utf8').replace(/(- to: lxr\n\s+from: )applicant\.legalRepresentative\.name/, '$1applicant.name'));
    expect(contactRule().from).toBe('applicant.name');
    await page.reload();
    await page.locator(`g[id="${MAP_NODE}"]`).waitFor();
    await openMapNode();
    await page.locator('#owh-map-open-mapper').click();
    await targetRow('bdsj.lxr').click();
    expect(await page.locator('fieldset.owh-rule .owh-rule-from').inputValue()).toBe('applicant.name');
    await targetRow('bdsj.lxr').filter({ hasText: sample.applicant.name.slice(0, 20) }).waitFor();
    await page.locator('#owh-mapper-cancel').click();
    await page.locator('#node-dialog-cancel').click();

    writeFileSync(mappingFile, readFileSync(mappingFile, 'utf8').replace('transform: [ { datetime: { to: YYYYMMDDHHmmss } } ]', 'transform: [ { datetime: { format: YYYYMMDDHHmmss } } ]'));
    // The node turns red at once (the runtime watches the folder; the status comes over the websocket).
    await page.locator(`g[id="${MAP_NODE}"] .red-ui-flow-node-status-label`).filter({ hasText: 'OWH_MAPPING_INVALID' }).waitFor();
    await page.reload();
    await page.locator(`g[id="${MAP_NODE}"]`).waitFor();
    await openMapNode();
    const problems = page.locator('#owh-map-summary .owh-mapper-problems');
    await problems.filter({ hasText: '/rules/5/transform/0/datetime' }).waitFor();
    const text = await problems.textContent();
    expect(text).toMatch(/line \d+/);
    await page.locator('#owh-map-summary').filter({ hasText: 'checked once the problems are fixed' }).waitFor();
    await shot('6-invalid-file');
    await page.locator('#owh-map-open-mapper').click();
    await page.locator('.owh-mapper .owh-mapper-problems').filter({ hasText: '/rules/5/transform/0/datetime' }).waitFor();
    const lines = await page.evaluate(() => (globalThis as unknown as { document: BrowserDocument }).document.querySelectorAll('path.owh-line').length);
    expect(lines).toBeGreaterThan(10); // the rules still show, to be fixed here or in the file
    await page.locator('#owh-mapper-cancel').click();
    await page.locator('#node-dialog-cancel').click();
  });
});

