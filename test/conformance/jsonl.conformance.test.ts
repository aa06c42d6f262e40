import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { adapter } from '../../examples/adapters/jsonl';
import { tempDir } from '../helpers/temp-dir';
import { ConformancePeer, describeConformance } from './suite';

/** The batch job's side of a JSON-lines drop: a folder and the file the hub appends to. */
class JsonlPeer implements ConformancePeer {
  private readonly dir = tempDir('owh-jsonl-');
  private readonly folder = join(this.dir.path, 'spool');
  private reject = false;

  constructor() {
    mkdirSync(this.folder);
  }
  get settings(): Record<string, unknown> {
    if (this.reject) {
      // A line that can never be written: the file's place is taken by a folder of the same name.
      this.reject = false;
      const taken = join(this.folder, 'taken.jsonl');
      mkdirSync(taken, { recursive: true });
      return { file: taken };
    }
    return { file: join(this.folder, 'archive.jsonl') };
  }
  effects(key: string): number {
    const file = join(this.folder, 'archive.jsonl');
    if (!existsSync(file)) return 0;
    return readFileSync(file, 'utf8').split('\n').filter((l) => l && JSON.parse(l).key === key).length;
  }
  rejectNext(): void {
    this.reject = true;
  }
  async stop(): Promise<void> {
    renameSync(this.folder, `${this.folder}.away`);
  }
  async restart(): Promise<void> {
    renameSync(`${this.folder}.away`, this.folder);
  }
  async close(): Promise<void> {
    this.dir.cleanup();
  }
}

describeConformance({
  spec: adapter,
  async startPeer() {
    return new JsonlPeer();
  },
  unreachableSettings: () => ({ file: '/nonexistent/owh/archive.jsonl' }),
});
