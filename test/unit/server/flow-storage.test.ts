import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFlows, TAB_ORDER_FILE, writeFlows } from '../../../src/server/node-red/flow-storage';
import { tempDir } from '../../helpers/temp-dir';

const tab = (id: string, label: string) => ({ id, type: 'tab', label });
const node = (id: string, z: string) => ({ id, type: 'debug', z, name: id });

describe('flows kept in git, one file per tab', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('owh-flows-');
  });
  afterEach(() => dir.cleanup());

  it('keeps the editor\'s tab order across a restart, whatever the file names', () => {
    const flows = [tab('t3', 'zeta'), node('n3', 't3'), tab('t1', 'alpha'), node('n1', 't1'), tab('t2', 'Mid Tab'), node('n2', 't2')];
    writeFlows(dir.path, flows);
    expect(readdirSync(dir.path).sort()).toEqual([TAB_ORDER_FILE, 'alpha.json', 'mid-tab.json', 'zeta.json']);
    expect(readFileSync(join(dir.path, TAB_ORDER_FILE), 'utf8')).toBe('zeta.json\nalpha.json\nmid-tab.json\n');
    expect(readFlows(dir.path).filter((n) => n.type === 'tab').map((n) => n.label)).toEqual(['zeta', 'alpha', 'Mid Tab']);
  });

  it('puts a tab file the order does not name (added by hand or by git) after the others, and forgets a deleted tab', () => {
    writeFlows(dir.path, [tab('t2', 'beta'), node('n2', 't2'), tab('t1', 'alpha'), node('n1', 't1')]);
    writeFileSync(join(dir.path, 'aaa-new.json'), JSON.stringify([tab('t9', 'aaa-new')]));
    expect(readFlows(dir.path).filter((n) => n.type === 'tab').map((n) => n.label)).toEqual(['beta', 'alpha', 'aaa-new']);
    writeFlows(dir.path, [tab('t1', 'alpha'), node('n1', 't1')]);
    expect(existsSync(join(dir.path, 'beta.json'))).toBe(false);
    expect(readFileSync(join(dir.path, TAB_ORDER_FILE), 'utf8')).toBe('alpha.json\n');
  });

  it('without an order file (an older checkout) reads the tabs by file name', () => {
    writeFileSync(join(dir.path, 'b.json'), JSON.stringify([tab('tb', 'b')]));
    writeFileSync(join(dir.path, 'a.json'), JSON.stringify([tab('ta', 'a')]));
    expect(readFlows(dir.path).map((n) => n.id)).toEqual(['ta', 'tb']);
  });
});
